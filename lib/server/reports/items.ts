import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { normaliseText } from "@/lib/lab/normalise";
import { type QuestionStats, histogram01, questionStats, topCounts } from "@/lib/reports/stats";
import { isDetectionTask, type Lab } from "@/lib/schemas/lab";
import type { Quiz } from "@/lib/schemas/quiz";
import type { ReportFilter } from "@/lib/schemas/reports";
import { currentVersion } from "../content";
import { db } from "../db";
import { AppError } from "../errors";
import { type ScopedItem, inRange } from "./scope";

export type QuestionReport = QuestionStats & {
  prompt: string;
  type: string;
  /** how often each option was chosen (choice questions), or the commonest answers (the others) */
  choices: { value: string; label: string; count: number; correct: boolean }[];
};
export type QuizReport = { kind: "quiz"; item: ScopedItem; learners: number; questions: QuestionReport[] };

export type TaskReport = {
  id: string;
  title: string;
  type: string;
  attempted: number;
  solved: number;
  /** solved ÷ attempted */
  correctRate: number | null;
  /** tries up to the first correct one, among those who solved it */
  medianTries: number | null;
  /** seconds from the learner's first visit to the lab to solving it */
  medianSecondsToSolve: number | null;
  /** learners who unlocked at least one of its hints, and how many hints in all */
  hintUsers: number;
  hints: number;
  /** the commonest wrong answers, as the grader normalises them */
  wrongAnswers: { value: string; count: number }[];
  /** detection tasks: each learner's best F1, in ten bins, and what their best attempt got wrong most */
  f1?: {
    bins: { from: number; to: number; count: number }[];
    tooBroad: number;
    tooNarrow: number;
    /** what the failing best attempts got wrong, by kind (a decoy class, a label, a service), commonest first */
    mistakes: { kind: string; learners: number; events: number }[];
  };
};
export type LabReport = { kind: "lab"; item: ScopedItem; learners: number; tasks: TaskReport[] };

function attemptsWhere(item: ScopedItem, f: ReportFilter): Prisma.Sql {
  return Prisma.sql`a."itemId" = ${item.id}::uuid AND u.role = ${f.role ?? "learner"}::"Role" AND ${inRange(Prisma.sql`a."submittedAt"`, f)}`;
}

/**
 * Quiz item analysis over each learner's first attempt (Moodle's default): facility and
 * discrimination per question, the options chosen, and the questions that need revision.
 */
export async function quizReport(item: ScopedItem, f: ReportFilter): Promise<QuizReport> {
  const version = await currentVersion("quiz", item.slug);
  if (!version) throw new AppError("not_found:item", "This quiz has no published version.");
  const quiz = version.definition as Quiz;
  const first = await db.$queryRaw<{ answers: Record<string, unknown>; result: { questions?: { id: string; earned: number; points: number }[] } }[]>`
    SELECT DISTINCT ON (a."userId") a.answers, a.result
    FROM "Attempt" a JOIN "User" u ON u.id = a."userId"
    WHERE ${attemptsWhere(item, f)} AND a.part = 'quiz'
    ORDER BY a."userId", a."submittedAt"`;
  const scored = first.map((a) => ({ questions: a.result.questions ?? [] }));
  const stats = questionStats(
    quiz.questions.map((q) => q.id),
    scored,
  );
  return {
    kind: "quiz",
    item,
    learners: first.length,
    questions: quiz.questions.map((q, i) => {
      const given = first.map((a) => a.answers[q.id]).filter((v) => v !== undefined && v !== null);
      let choices: QuestionReport["choices"];
      if (q.type === "single" || q.type === "multiple") {
        const correct = new Set(q.type === "single" ? [q.answer] : q.answers);
        const picked = given.flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]));
        const counts = new Map(topCounts(picked, 1000).map((c) => [c.value, c.count]));
        choices = q.options.map((o) => ({ value: o.id, label: o.text, count: counts.get(o.id) ?? 0, correct: correct.has(o.id) }));
      } else {
        choices = topCounts(
          given.map((v) => normaliseText(String(v))),
          8,
        ).map((c) => ({ value: c.value, label: c.value, count: c.count, correct: false }));
      }
      return { ...stats[i], prompt: q.prompt, type: q.type, choices };
    }),
  };
}

type Mistakes = { falsePositives?: Record<string, number>; missed?: Record<string, number> };

/** the kinds of mistake across learners: how many learners made each, and on how many events */
function mistakeKinds(all: readonly (Mistakes | null)[], limit = 8): { kind: string; learners: number; events: number }[] {
  const kinds = new Map<string, { learners: number; events: number }>();
  for (const m of all) {
    if (!m) continue;
    for (const [side, label] of [
      ["falsePositives", "false positives"],
      ["missed", "missed"],
    ] as const)
      for (const [kind, n] of Object.entries(m[side] ?? {})) {
        const key = `${label}: ${kind}`;
        const k = kinds.get(key) ?? { learners: 0, events: 0 };
        k.learners++;
        k.events += n;
        kinds.set(key, k);
      }
  }
  return [...kinds]
    .map(([kind, v]) => ({ kind, ...v }))
    .sort((a, b) => b.learners - a.learners || b.events - a.events || (a.kind < b.kind ? -1 : 1))
    .slice(0, limit);
}

type TaskRow = { attempted: bigint; solved: bigint; tries: number | null; seconds: number | null };

/**
 * Lab item analysis per task: correct rate, tries and time to solve, hint use, and the commonest
 * wrong answers after the grader's normalisation (clusters of one wrong answer point at an
 * ambiguous task or a decoy that works); for detection tasks the spread of F1.
 */
export async function labReport(item: ScopedItem, f: ReportFilter): Promise<LabReport> {
  const version = await currentVersion("lab", item.slug);
  if (!version) throw new AppError("not_found:item", "This lab has no published version.");
  const lab = version.definition as Lab;
  const where = attemptsWhere(item, f);
  const numbered = Prisma.sql`
    SELECT a."userId", a.part, a.passed, a."submittedAt", a.answers, a.result,
      row_number() OVER (PARTITION BY a."userId", a.part ORDER BY a."submittedAt", a.id) AS n
    FROM "Attempt" a JOIN "User" u ON u.id = a."userId" WHERE ${where}`;
  const [tasks, hints, wrong, f1s] = await Promise.all([
    // per task, and (part NULL) over the whole lab: the learners with attempts
    db.$queryRaw<(Omit<TaskRow, "part"> & { part: string | null })[]>`
      WITH t AS (${numbered})
      SELECT t.part, count(DISTINCT t."userId") AS attempted,
        count(DISTINCT t."userId") FILTER (WHERE t.passed) AS solved,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY t.n) FILTER (WHERE t.passed) AS tries,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t."submittedAt" - p."firstActivityAt")) FILTER (WHERE t.passed) AS seconds
      FROM t LEFT JOIN "ItemProgress" p ON p."userId" = t."userId" AND p."itemId" = ${item.id}::uuid
      GROUP BY GROUPING SETS ((t.part), ())`,
    db.$queryRaw<{ taskId: string; users: bigint; hints: bigint }[]>`
      SELECT h."taskId", count(DISTINCT h."userId") AS users, count(*) AS hints
      FROM "HintUnlock" h JOIN "User" u ON u.id = h."userId"
      WHERE h."itemId" = ${item.id}::uuid AND u.role = ${f.role ?? "learner"}::"Role" AND ${inRange(Prisma.sql`h."createdAt"`, f)}
      GROUP BY h."taskId"`,
    db.$queryRaw<{ part: string; value: string; count: bigint }[]>`
      WITH w AS (
        SELECT a.part, coalesce(a.result->>'normalised',
          CASE jsonb_typeof(a.answers->'answer')
            WHEN 'array' THEN (SELECT string_agg(lower(trim(x)), ',' ORDER BY lower(trim(x))) FROM jsonb_array_elements_text(a.answers->'answer') x)
            ELSE lower(trim(a.answers->>'answer')) END) AS value
        FROM "Attempt" a JOIN "User" u ON u.id = a."userId"
        WHERE ${where} AND NOT a.passed AND a.result->'counts' IS NULL
      ), c AS (
        SELECT part, value, count(*) AS count, row_number() OVER (PARTITION BY part ORDER BY count(*) DESC, value) AS rank
        FROM w GROUP BY part, value
      )
      SELECT part, value, count FROM c WHERE rank <= 5 ORDER BY part, count DESC, value`,
    db.$queryRaw<{ part: string; f1: number; precision: number; recall: number; mistakes: Mistakes | null }[]>`
      SELECT DISTINCT ON (a."userId", a.part) a.part,
        (a.result->'counts'->>'f1')::float AS f1, (a.result->'counts'->>'precision')::float AS precision, (a.result->'counts'->>'recall')::float AS recall,
        a.result->'mistakes' AS mistakes
      FROM "Attempt" a JOIN "User" u ON u.id = a."userId"
      WHERE ${where} AND a.result->'counts' IS NOT NULL
      ORDER BY a."userId", a.part, (a.result->'counts'->>'f1')::float DESC`,
  ]);
  const byTask = new Map(tasks.filter((t) => t.part !== null).map((t) => [t.part!, t]));
  const whole = tasks.find((t) => t.part === null);
  const hintsOf = new Map(hints.map((h) => [h.taskId, h]));
  return {
    kind: "lab",
    item,
    learners: Number(whole?.attempted ?? 0),
    tasks: lab.tasks.map((task) => {
      const t = byTask.get(task.id);
      const attempted = Number(t?.attempted ?? 0);
      const solved = Number(t?.solved ?? 0);
      const best = f1s.filter((x) => x.part === task.id);
      // learners whose best detection still failed: more false positives than misses, or the reverse
      const failed = isDetectionTask(task) ? best.filter((x) => x.f1 < task.passF1) : [];
      return {
        id: task.id,
        title: task.title,
        type: task.type,
        attempted,
        solved,
        correctRate: attempted ? solved / attempted : null,
        medianTries: t?.tries ?? null,
        medianSecondsToSolve: t?.seconds === null || t?.seconds === undefined ? null : Math.round(t.seconds),
        hintUsers: Number(hintsOf.get(task.id)?.users ?? 0),
        hints: Number(hintsOf.get(task.id)?.hints ?? 0),
        wrongAnswers: wrong.filter((w) => w.part === task.id).map((w) => ({ value: w.value, count: Number(w.count) })),
        ...(isDetectionTask(task)
          ? {
              f1: {
                bins: histogram01(best.map((x) => x.f1)),
                tooBroad: failed.filter((x) => x.precision < x.recall).length,
                tooNarrow: failed.filter((x) => x.precision >= x.recall).length,
                mistakes: mistakeKinds(failed.map((x) => x.mistakes)),
              },
            }
          : {}),
      };
    }),
  };
}
