// Sigma detection rules (https://github.com/SigmaHQ/sigma-specification) compiled to DuckDB SQL
// over the lab's `logs` table. Pure: no I/O, no server-only code, safe on hostile input, so the
// editor and the server can both call it. The SQL uses only functions on the lab's allow-list.
import { compileRule, type Compiled } from "./compile";
import { parseRule, type Problem } from "./parse";

export { COLUMNS, MAX_REGEXES, MAX_SQL_BYTES } from "./compile";
export { MAX_REGEX_LENGTH } from "./match";
export { LOGSOURCES } from "./logsource";
export { LIMITS, type Problem, type RuleInfo } from "./parse";
export { MAX_CONDITION_DEPTH, MAX_CONDITION_LENGTH } from "./condition";
export type { Compiled };

const MAX_PROBLEMS = 50;
const byPlace = (a: Problem, b: Problem) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) || (a.column ?? 0) - (b.column ?? 0);

/**
 * A Sigma rule's text to `SELECT id FROM logs WHERE ... ORDER BY id`, or the problems that stop
 * it, each with its line and column where the text gives one. Never throws.
 */
export function compileSigma(source: string): Compiled {
  const parsed = parseRule(source);
  const result = parsed.ok ? compileRule(parsed.rule) : parsed;
  // a broken text can have hundreds of YAML errors; the first ones are the useful ones
  return result.ok ? result : { ok: false, problems: result.problems.sort(byPlace).slice(0, MAX_PROBLEMS) };
}
