// The arithmetic of the progress reports, pure so it is tested on small known data sets
// (tests/unit/report-stats.test.ts). The server gathers the rows in SQL and calls these.

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Pearson's r; null when either side does not vary (or fewer than two pairs). */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const mx = mean(xs.slice(0, n))!;
  const my = mean(ys.slice(0, n))!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** One graded quiz attempt: each question's earned and possible points. */
export type QuizAttemptScores = { questions: readonly { id: string; earned: number; points: number }[] };

export type QuestionStats = {
  id: string;
  attempts: number;
  /** mean score ÷ max score, 0..1 (Moodle's facility index) */
  facility: number | null;
  /** correlation of the question's score with the rest of the quiz (Moodle's discrimination index) */
  discrimination: number | null;
  /** low or negative discrimination: the question does not separate stronger from weaker learners */
  needsRevision: boolean;
};

/** Below this a question's discrimination counts as weak (Moodle marks < 0.3 as weak, < 0 as negative). */
export const WEAK_DISCRIMINATION = 0.2;

/**
 * Facility and discrimination per question, over the attempts given (one per learner: their
 * first, as Moodle's default). Discrimination correlates the question's score with the score on
 * the *rest* of the quiz, so the question does not correlate with itself.
 */
export function questionStats(questionIds: readonly string[], attempts: readonly QuizAttemptScores[]): QuestionStats[] {
  return questionIds.map((id) => {
    const own: number[] = [];
    const rest: number[] = [];
    let max = 0;
    for (const a of attempts) {
      const q = a.questions.find((x) => x.id === id);
      if (!q) continue;
      own.push(q.earned);
      max = Math.max(max, q.points);
      let r = 0;
      for (const x of a.questions) if (x.id !== id) r += x.earned;
      rest.push(r);
    }
    const m = mean(own);
    const facility = m === null || max === 0 ? null : m / max;
    const discrimination = correlation(own, rest);
    return { id, attempts: own.length, facility, discrimination, needsRevision: discrimination !== null && discrimination < WEAK_DISCRIMINATION };
  });
}

/** How often each value occurs, most frequent first (ties by value), at most `limit`. */
export function topCounts(values: Iterable<string>, limit = 10): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, limit);
}

/** Counts of values in [0, 1] in `bins` equal bins (the last one closed: 1 falls in it). */
export function histogram01(values: readonly number[], bins = 10): { from: number; to: number; count: number }[] {
  const out = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0 }));
  for (const v of values) {
    if (!(v >= 0 && v <= 1)) continue;
    out[Math.min(bins - 1, Math.floor(v * bins))].count++;
  }
  return out;
}

/** The Monday (UTC) starting the ISO week of an instant, as yyyy-mm-dd. */
export function weekOf(at: Date): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
