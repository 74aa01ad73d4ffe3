// Whether a regular expression an author wrote may grade learner answers: short, valid, and unable
// to backtrack catastrophically, as decided by redos-detector's analysis of the pattern. The
// analysis is bounded (steps, then time as a backstop), and "could not decide" counts as unsafe:
// a pattern nobody can vouch for does not run on every learner's answer.
import { isSafePattern, type IsSafePatternConfig, type RedosDetectorResult } from "redos-detector";

export const MAX_PATTERN_LENGTH = 200;

/**
 * Steps bound the analysis deterministically: every ordinary answer pattern we tried finishes in
 * well under 500, and a hostile one stops at ~300 ms. The timeout only catches a slow machine.
 */
const ANALYSIS: IsSafePatternConfig = { maxSteps: 2_000, timeout: 1_000, maxScore: 200 };

/** i, m, s and u change what a pattern matches; g and y make `test()` stateful (lastIndex), d and v are not analysed. */
const ALLOWED_FLAGS = "imsu";

/**
 * null when the pattern is acceptable for grading answers; else what is wrong, as a clause that
 * reads after a prefix (`question "q1": the pattern is ...`).
 */
export function regexProblem(pattern: string, flags = "", opts: { maxLength?: number } = {}): string | null {
  const max = opts.maxLength ?? MAX_PATTERN_LENGTH;
  // length first: nothing below runs on a pattern of unbounded size
  if (pattern.length > max) return `the pattern is ${pattern.length} characters long; the limit is ${max}`;
  for (const f of flags) if (!ALLOWED_FLAGS.includes(f)) return `the flag "${f}" is not allowed (only ${[...ALLOWED_FLAGS].join(", ")})`;

  // valid as written and with `u`, whose stricter syntax the grader compiles it with
  for (const f of new Set([flags, flags.includes("u") ? flags : `${flags}u`])) {
    try {
      new RegExp(pattern, f);
    } catch (err) {
      return `the pattern is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`;
    }
  }

  const base = { ...ANALYSIS, dotAll: flags.includes("s"), multiLine: flags.includes("m") };
  const runs: IsSafePatternConfig[] = [];
  if (flags.includes("i") && flags.includes("u")) {
    // redos-detector refuses caseInsensitive together with unicode. Two analyses instead: the
    // structure in unicode mode, and case-folded overlaps such as (a|A)+ in non-unicode mode. The
    // second reads u-only escapes (\p{L}, \u{…}) as the literals Annex B makes of them, so it is a
    // supplement to the first; a pattern it cannot even parse (a [\u{…}-\u{…}] range) is undecided.
    try {
      new RegExp(pattern, flags.replace("u", ""));
    } catch {
      return "the pattern cannot be checked for catastrophic backtracking with the i flag (it uses syntax only valid with u); simplify it";
    }
    runs.push({ ...base, unicode: true }, { ...base, caseInsensitive: true });
  } else {
    runs.push({ ...base, unicode: flags.includes("u"), caseInsensitive: flags.includes("i") });
  }

  for (const config of runs) {
    let result: RedosDetectorResult;
    try {
      result = isSafePattern(pattern, config);
    } catch {
      // a construct the analyser does not support is a pattern it cannot vouch for
      return "the pattern cannot be checked for catastrophic backtracking (it uses an unsupported construct); simplify it";
    }
    if (result.safe) continue;
    if (result.error === "hitMaxSteps" || result.error === "timedOut") return "the pattern is too complex to check for catastrophic backtracking; simplify it";
    return "the pattern can backtrack catastrophically (nested or overlapping repetition, e.g. (a+)+ or (a|a)*); rewrite it";
  }
  return null;
}
