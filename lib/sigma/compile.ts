// A parsed Sigma rule to one DuckDB query over the lab's `logs` table. Identifiers in the SQL are
// ours alone: a Sigma field is either one of the mapped columns below or a key of the `fields`
// map, written as a string literal. Matching is Sigma's: case-insensitive unless `cased`, and
// two-valued, so a missing field makes its selection false rather than NULL under `not`.
import { matchesPattern, parseCondition, type Condition } from "./condition";
import { logsourceFilter } from "./logsource";
import { cidrMatch, parseCidr, parseWildcards, quote, regexMatch, regexValueProblem, stringMatch, type Cidr, type Piece } from "./match";
import type { FieldEntry, Loc, ParsedRule, Problem, RuleInfo } from "./parse";

/** Far above what a rule's text makes on its own; reached only by naming big selections many times over. */
/** the lab engine's cap on a learner's SQL (QUERY_LIMITS.maxSqlBytes; a test keeps them equal): a compiled rule runs through the same checks */
export const MAX_SQL_BYTES = 20 * 1024;
/** Each pattern's backtracking analysis costs up to ~300 ms on hostile input. */
export const MAX_REGEXES = 20;

/** Sigma field names that are columns of `logs`; every other name is a key of the `fields` map. */
export const COLUMNS: Readonly<Record<string, string>> = {
  host: "host",
  Hostname: "host",
  hostname: "host",
  ComputerName: "host",
  service: "service",
  level: "level",
  message: "message",
  Message: "message",
  raw: "raw",
};
const TIME_FIELDS = new Set(["ts", "timestamp"]);
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const MODIFIERS = new Set(["contains", "startswith", "endswith", "re", "cidr", "all", "exists", "cased"]);
const RE_FLAGS = new Set(["i", "m", "s"]);
/** at most one of these decides how a value is compared */
const KINDS = ["contains", "startswith", "endswith", "re", "cidr", "exists"];
const SUPPORTED = "contains, startswith, endswith, re (with i, m, s), cidr, all, exists, cased";
/** rule text is echoed in messages only when it looks like a name */
const shown = (s: string) => (/^[A-Za-z0-9_.-]{1,64}$/.test(s) ? `"${s}"` : "this one");

export type Compiled = { ok: true; sql: string; rule: RuleInfo } | { ok: false; problems: Problem[] };

class TooLarge extends Error {}
class ConditionProblem extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Parts joined by AND/OR, in brackets when there are several, so the result nests anywhere. */
function join(parts: string[], op: "AND" | "OR"): string {
  if (parts.reduce((n, p) => n + p.length, 0) > MAX_SQL_BYTES) throw new TooLarge();
  return parts.length === 1 ? parts[0] : `(${parts.join(` ${op} `)})`;
}

/** The pattern with a * put before and/or after it, once. */
function around(pieces: Piece[], before: boolean, after: boolean): Piece[] {
  const out = [...pieces];
  if (before && out[0] !== "*") out.unshift("*");
  if (after && out.at(-1) !== "*") out.push("*");
  return out;
}

class Compiler {
  readonly problems: Problem[] = [];
  private regexes = 0;

  private problem(loc: Loc, message: string): undefined {
    this.problems.push({ message, ...loc });
    return undefined;
  }

  /** One `field|modifiers: values` entry as a predicate, or undefined after recording why not. */
  field(entry: FieldEntry): string | undefined {
    const [name, ...mods] = entry.key.split("|");
    const at = entry.loc;
    const keyword = name === "";
    let column: string;
    if (keyword) column = "message";
    else if (Object.hasOwn(COLUMNS, name)) column = COLUMNS[name];
    else if (TIME_FIELDS.has(name))
      return this.problem(at, `the field ${name} is the event time, which Sigma values cannot match here; search the other fields`);
    else if (!FIELD_NAME.test(name)) return this.problem(at, "a field name has 1 to 100 letters, digits, dots, _ and -");
    else column = `fields[${quote(name)}]`;

    const seen = new Set<string>();
    for (const m of mods) {
      if (m === "") return this.problem(at, "an empty modifier (a stray |)");
      if (RE_FLAGS.has(m) ? !seen.has("re") : !MODIFIERS.has(m)) {
        const flag = RE_FLAGS.has(m) ? ` (${m} is a flag of re: write re|${m})` : "";
        return this.problem(at, `modifier ${shown(m)} is not supported here${flag} (supported: ${SUPPORTED})`);
      }
      if (seen.has(m)) return this.problem(at, `modifier "${m}" is given twice`);
      seen.add(m);
    }
    const kinds = KINDS.filter((k) => seen.has(k));
    if (kinds.length > 1) return this.problem(at, `the modifiers ${kinds.join(" and ")} cannot be combined`);
    const kind = kinds[0];
    const every = seen.has("all");
    const cased = seen.has("cased");
    if (cased && (kind === "re" || kind === "cidr")) {
      return this.problem(
        at,
        `cased does not apply to ${kind}${kind === "re" ? " (a regular expression is case-sensitive already; re|i makes it insensitive)" : ""}`,
      );
    }
    if (every && entry.values.length < 2) return this.problem(at, "all needs a list of at least two values");

    if (kind === "exists") {
      const [v] = entry.values;
      if (keyword) return this.problem(at, "exists needs a field name");
      if (seen.size > 1 || entry.list || !v.boolean) return this.problem(at, "exists takes true or false and no other modifier");
      const present = column.startsWith("fields[") ? `map_contains(fields, ${quote(name)})` : `${column} IS NOT NULL`;
      return v.text?.toLowerCase() === "true" ? present : `NOT ${present}`;
    }
    if (entry.values.some((v) => v.text === null)) {
      if (keyword) return this.problem(at, "a keyword cannot be null");
      if (entry.list) return this.problem(at, "null cannot be part of a list of values; put the null check in its own selection");
      if (mods.length) return this.problem(at, "null takes no modifiers");
      return `${column} IS NULL`;
    }

    const texts = entry.values.map((v) => v.text!);
    if (kind === "cidr") {
      const ranges: Cidr[] = [];
      for (const [i, t] of texts.entries()) {
        const r = parseCidr(t);
        if (typeof r === "string") return this.problem(entry.values[i].loc, `the cidr value ${r}`);
        ranges.push(r);
      }
      return cidrMatch(column, ranges, every);
    }
    const parts: string[] = [];
    for (const [i, t] of texts.entries()) {
      if (kind === "re") {
        if (++this.regexes > MAX_REGEXES) return this.problem(entry.values[i].loc, `a rule may use at most ${MAX_REGEXES} regular expressions`);
        const flags = ["i", "m", "s"].filter((f) => seen.has(f)).join("");
        const why = regexValueProblem(t, flags);
        if (why) return this.problem(entry.values[i].loc, `the regular expression ${why}`);
        parts.push(regexMatch(column, t, flags));
        continue;
      }
      // a keyword is searched anywhere in the message, unless the rule anchors it
      const contains = kind === "contains" || (keyword && kind === undefined);
      const pieces = around(parseWildcards(t), contains || kind === "endswith", contains || kind === "startswith");
      parts.push(stringMatch(column, pieces, cased));
    }
    return join(parts, every ? "AND" : "OR");
  }

  /** The SQL of every search identifier (undefined for one with problems, which are recorded). */
  searches(rule: ParsedRule): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    for (const s of rule.searches) {
      const alternatives = s.alternatives.map((entries) => {
        const preds = entries.map((e) => this.field(e));
        return preds.every((p) => p !== undefined) && preds.length ? join(preds as string[], "AND") : undefined;
      });
      out.set(s.name, alternatives.every((a) => a !== undefined) && alternatives.length ? join(alternatives as string[], "OR") : undefined);
    }
    return out;
  }
}

function conditionSql(c: Condition, sql: Map<string, string | undefined>): string {
  const get = (name: string) => sql.get(name) ?? "false"; // a selection with problems fails the rule anyway
  switch (c.kind) {
    case "ref":
      if (!sql.has(c.name)) throw new ConditionProblem(`unknown search identifier ${shown(c.name)}`, c.at);
      return get(c.name);
    case "of": {
      const names = [...sql.keys()].filter((n) => matchesPattern(n, c.pattern));
      if (!names.length) {
        throw new ConditionProblem(
          c.pattern === "them" ? "there are no search identifiers for them (names starting with _ do not count)" : `no search identifier matches ${c.pattern}`,
          c.at,
        );
      }
      return join(names.map(get), c.quantifier === "all" ? "AND" : "OR");
    }
    case "not":
      // NOT of an unknown (a field the event lacks) would be unknown, and drop the event; Sigma says true
      return `NOT coalesce(${conditionSql(c.item, sql)}, false)`;
    default:
      return join(
        c.items.map((i) => conditionSql(i, sql)),
        c.kind === "and" ? "AND" : "OR",
      );
  }
}

/** The query for a parsed rule: SELECT id FROM logs WHERE <logsource> AND <condition> ORDER BY id. */
export function compileRule(rule: ParsedRule): Compiled {
  const compiler = new Compiler();
  const problems = compiler.problems;
  const restriction = logsourceFilter(rule.rule.logsource);
  if (!restriction.ok) problems.push({ ...rule.at(["logsource", restriction.field]), message: restriction.message });
  const condition = parseCondition(rule.condition);
  let where: string | undefined;
  try {
    // a selection alone can outgrow the cap: inside the try like the condition
    const searches = compiler.searches(rule);
    if (!condition.ok) throw new ConditionProblem(condition.message, condition.at);
    where = conditionSql(condition.condition, searches);
  } catch (err) {
    if (err instanceof ConditionProblem) problems.push({ ...rule.conditionAt(err.at), message: `condition: ${err.message}` });
    else if (err instanceof TooLarge)
      problems.push({ message: `the compiled query would be larger than ${MAX_SQL_BYTES / 1024} KB`, path: "detection.condition" });
    else throw err;
  }
  if (problems.length || where === undefined || !restriction.ok) return { ok: false, problems };
  const sql = `SELECT id FROM logs WHERE ${restriction.sql ? `${restriction.sql} AND ` : ""}${where} ORDER BY id`;
  if (new TextEncoder().encode(sql).length > MAX_SQL_BYTES) {
    return { ok: false, problems: [{ message: `the compiled query would be larger than ${MAX_SQL_BYTES / 1024} KB`, path: "detection.condition" }] };
  }
  return { ok: true, sql, rule: rule.rule };
}
