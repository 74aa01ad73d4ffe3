// Reads a Sigma rule a learner wrote: YAML, then the official Sigma rule JSON schema, then the
// shape this compiler works on, each search identifier with the place of every value in the text
// so a problem can be marked where it is. Sizes are bounded before anything expensive runs.
import type { ErrorObject } from "ajv";
import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from "yaml";
import { IDENTIFIER, KEYWORDS } from "./condition";
import type { Logsource } from "./logsource";
// SigmaHQ/sigma-specification json-schema/sigma-detection-rule-schema.json (public domain; its $comment
// names the commit), compiled ahead of time by scripts/sigma-validator.ts: no code generated at run time
import { validate as compiledValidate } from "@/lib/generated/sigma-validator";

export const LIMITS = {
  sourceBytes: 64 * 1024,
  /** YAML nesting: a rule needs 6 (rule, detection, selection, list of maps, field, list of values) */
  depth: 10,
  // enough for real rules, and small enough that the compiled query stays under the engine's 20 KB cap
  values: 300,
  searches: 100,
  valueLength: 4096,
} as const;

export type Problem = { message: string; line?: number; column?: number; path?: string };
export type Loc = { line: number; column: number; path: string };
/** `text` is null for YAML null; numbers and booleans keep the text they were written as */
export type SigmaValue = { text: string | null; boolean: boolean; loc: Loc };
/** one `field|modifier|...: value or list` entry; field "" is a keyword search */
export type FieldEntry = { key: string; values: SigmaValue[]; list: boolean; loc: Loc };
/** a search identifier: alternatives are ORed, the entries of each are ANDed */
export type Search = { name: string; alternatives: FieldEntry[][] };
export type RuleInfo = { title: string; id?: string; level?: string; logsource: Logsource };
export type ParsedRule = {
  rule: RuleInfo;
  searches: Search[];
  condition: string;
  /** where offset i of the condition is in the text */
  conditionAt: (offset: number) => Loc;
  /** where a path (["logsource", "product"]) is in the text */
  at: (path: string[]) => Loc;
};

// the lab refuses SQL with these (guard.ts), and a lone surrogate cannot be written as UTF-8
const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** the compiled schema: true or false, with the errors of the last call on the function */
const validate = compiledValidate as unknown as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

type Walk = { source: string; doc: Document; counter: LineCounter; problems: Problem[] };

const pathText = (path: readonly (string | number)[]) => (path.length ? path.join(".") : "(root)");

function locAt(w: Walk, node: YamlNode | null | undefined, path: readonly (string | number)[], fallback?: Loc): Loc {
  if (!node?.range) return fallback ?? { line: 1, column: 1, path: pathText(path) };
  const { line, col } = w.counter.linePos(node.range[0]);
  return { line, column: col, path: pathText(path) };
}

/** The deepest node on the way to `path` (a schema error's instancePath), for its place in the text; the key of the last step with `key`. */
function nodeAt(doc: Document, path: readonly string[], key = false): YamlNode | undefined {
  let node = doc.contents ?? undefined;
  for (const [i, step] of path.entries()) {
    let next: YamlNode | null | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
      next = pair && ((key && i === path.length - 1 ? null : (pair.value as YamlNode | null)) ?? (pair.key as YamlNode));
    } else if (isSeq(node)) next = node.items[Number(step)] as YamlNode | undefined;
    if (!next) break;
    node = next;
  }
  return node;
}

/** Aliases are refused (rules never need them, and they multiply a small text), so is nesting past the limit. */
function shapeProblem(w: Walk, node: unknown, path: (string | number)[], depth: number): Problem | undefined {
  if (isAlias(node)) return { message: "YAML aliases (*name) are not supported in a rule", ...locAt(w, node, path) };
  if (!isCollection(node)) return undefined;
  if (depth > LIMITS.depth) return { message: `the rule is nested more than ${LIMITS.depth} levels deep`, ...locAt(w, node, path) };
  for (const [i, item] of (node.items as unknown[]).entries()) {
    if (!isPair(item)) {
      const p = shapeProblem(w, item, [...path, i], depth + 1);
      if (p) return p;
      continue;
    }
    const key = isScalar(item.key) ? String(item.key.value) : i;
    const p = shapeProblem(w, item.key, [...path, key], depth + 1) ?? shapeProblem(w, item.value, [...path, key], depth + 1);
    if (p) return p;
  }
  return undefined;
}

/** One problem per failed keyword; the branches of an anyOf/oneOf are folded into one message about it. */
function schemaProblems(w: Walk, errors: ErrorObject[]): Problem[] {
  const branches = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const under = (e: ErrorObject, b: ErrorObject) => e !== b && e.schemaPath.startsWith(`${b.schemaPath}/`) && e.instancePath.startsWith(b.instancePath);
  return errors
    .filter((e) => !branches.some((b) => under(e, b)))
    .map((e) => {
      const path = e.instancePath
        .split("/")
        .slice(1)
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      let message = e.message ?? "is invalid";
      if (branches.includes(e)) {
        const subs = errors.filter((s) => under(s, e));
        if (subs.length && subs.every((s) => s.keyword === "const")) message = `must be one of: ${subs.map((s) => String(s.params.allowedValue)).join(", ")}`;
        else if (path[0] === "detection") message = "must be a map of fields or a list (of values or of maps of fields)";
      }
      return { message: `${path.length ? path.join(".") : "the rule"} ${message}`, ...locAt(w, nodeAt(w.doc, path), path) };
    });
}

/** Constructs the schema would reject with a vaguer message, or accept though nothing here can run them. */
function unsupportedKind(w: Walk, data: unknown): Problem[] {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return [];
  const at = (path: string[], message: string) => ({ message, ...locAt(w, nodeAt(w.doc, path, true), path) });
  const out: Problem[] = [];
  if ("correlation" in data) out.push(at(["correlation"], "correlation rules are not supported here, only detection rules"));
  if ("filter" in data && !("detection" in data)) out.push(at(["filter"], "Sigma filters are not supported here, only detection rules"));
  const detection = (data as { detection?: unknown }).detection;
  if (typeof detection === "object" && detection !== null && "timeframe" in detection) {
    out.push(at(["detection", "timeframe"], "timeframe (aggregation over a time window) is not supported here"));
  }
  return out;
}

function valueOf(w: Walk, node: unknown, path: (string | number)[], fallback: Loc): SigmaValue | undefined {
  const loc = locAt(w, node as YamlNode, path, fallback);
  if (node === null || node === undefined) return { text: null, boolean: false, loc };
  if (!isScalar(node)) {
    w.problems.push({ message: "a value must be a string, a number, a boolean or null, not a list or a map here", ...loc });
    return undefined;
  }
  const v = node.value;
  const written = typeof node.source === "string" && node.source !== "" ? node.source : String(v);
  let text: string | null;
  if (v === null) text = null;
  else if (typeof v === "string") text = v;
  // 0x17 stays 0x17, 1.50 stays 1.50: a log line holds the text, not YAML's reading of it
  else if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") text = written;
  else {
    w.problems.push({ message: "a value must be a string, a number, a boolean or null", ...loc });
    return undefined;
  }
  if (text !== null && text.length > LIMITS.valueLength) {
    w.problems.push({ message: `the value is ${text.length} characters long; the limit is ${LIMITS.valueLength}`, ...loc });
    return undefined;
  }
  if (text !== null && UNSAFE_TEXT.test(text)) {
    w.problems.push({ message: "the value contains control characters or invalid text", ...loc });
    return undefined;
  }
  return { text, boolean: typeof v === "boolean", loc };
}

function readSearches(w: Walk, detection: YamlNode): Search[] {
  const searches: Search[] = [];
  let values = 0;
  const count = (loc: Loc) => {
    if (++values === LIMITS.values + 1) w.problems.push({ message: `the detection has more than ${LIMITS.values} values`, ...loc });
    return values <= LIMITS.values;
  };
  const fieldsOf = (map: YamlNode, path: (string | number)[]): FieldEntry[] => {
    if (!isMap(map)) return [];
    if (!map.items.length) w.problems.push({ message: "an empty map matches nothing", ...locAt(w, map, path) });
    const entries: FieldEntry[] = [];
    for (const pair of map.items) {
      const key = isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value) : undefined;
      const keyLoc = locAt(w, pair.key as YamlNode, [...path, key ?? "?"]);
      if (key === undefined) {
        w.problems.push({ message: "a field name must be a plain string", ...keyLoc });
        continue;
      }
      const p = [...path, key];
      const v = pair.value as YamlNode | null;
      const items = isSeq(v) ? v.items : [v];
      if (isMap(v)) w.problems.push({ message: `the value of ${key} is a map; a field takes a value or a list of values`, ...locAt(w, v, p) });
      else if (isSeq(v) && !items.length) w.problems.push({ message: "an empty list matches nothing", ...locAt(w, v, p) });
      else {
        const vals = items.flatMap((item, i) => {
          const val = count(keyLoc) ? valueOf(w, item, isSeq(v) ? [...p, i] : p, keyLoc) : undefined;
          return val ? [val] : [];
        });
        if (vals.length === items.length) entries.push({ key, values: vals, list: isSeq(v), loc: keyLoc });
      }
    }
    return entries;
  };

  for (const pair of isMap(detection) ? detection.items : []) {
    const name = isScalar(pair.key) ? String(pair.key.value) : "";
    if (name === "condition") continue;
    const path = ["detection", name];
    const loc = locAt(w, pair.key as YamlNode, path);
    if (!IDENTIFIER.test(name) || KEYWORDS.has(name.toLowerCase())) {
      w.problems.push({ message: "a search identifier is a name of letters, digits, _ and - (at most 100), and not and, or, not, of, them or all", ...loc });
      continue;
    }
    if (searches.length === LIMITS.searches) {
      w.problems.push({ message: `the detection has more than ${LIMITS.searches} search identifiers`, ...loc });
      break;
    }
    const value = pair.value as YamlNode;
    const alternatives: FieldEntry[][] = [];
    if (isMap(value)) alternatives.push(fieldsOf(value, path));
    else if (isSeq(value)) {
      if (!value.items.length) w.problems.push({ message: "an empty list matches nothing", ...locAt(w, value, path) });
      for (const [i, item] of value.items.entries()) {
        if (isMap(item)) alternatives.push(fieldsOf(item as YamlNode, [...path, i]));
        else if (isSeq(item))
          w.problems.push({ message: "a list inside a list is not a search: use values or maps of fields", ...locAt(w, item as YamlNode, [...path, i]) });
        else {
          const itemLoc = locAt(w, item as YamlNode, [...path, i], loc);
          const v = count(itemLoc) ? valueOf(w, item, [...path, i], loc) : undefined;
          if (v) alternatives.push([{ key: "", values: [v], list: false, loc: itemLoc }]);
        }
      }
    }
    searches.push({ name, alternatives });
  }
  return searches;
}

/** Where offset `i` of the condition is in the text; exact for a condition on one line, else its start. */
function conditionLocator(w: Walk, node: YamlNode | undefined, text: string): (offset: number) => Loc {
  const path = ["detection", "condition"];
  const start = locAt(w, node, path);
  if (!node?.range || !isScalar(node)) return () => start;
  const raw = w.source.slice(node.range[0], node.range[1]);
  const base = raw === text ? node.range[0] : raw === `'${text}'` || raw === `"${text}"` ? node.range[0] + 1 : undefined;
  if (base === undefined || text.includes("\n")) return () => start;
  return (offset) => {
    const { line, col } = w.counter.linePos(base + offset);
    return { line, column: col, path: pathText(path) };
  };
}

/** Parses, validates and reads a rule; never throws on bad input. */
export function parseRule(source: string): { ok: true; rule: ParsedRule } | { ok: false; problems: Problem[] } {
  if (typeof source !== "string") return { ok: false, problems: [{ message: "the rule must be text" }] };
  if (new TextEncoder().encode(source).length > LIMITS.sourceBytes) {
    return { ok: false, problems: [{ message: `the rule is larger than ${LIMITS.sourceBytes / 1024} KB`, line: 1, column: 1 }] };
  }
  const counter = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs) || docs.length === 0) return { ok: false, problems: [{ message: "the rule is empty", line: 1, column: 1 }] };
  if (docs.length > 1) {
    const { line, col } = counter.linePos(docs[1].range[0]);
    return {
      ok: false,
      problems: [{ message: "one rule per text: multi-document YAML (correlations, rule collections) is not supported here", line, column: col }],
    };
  }
  const doc = docs[0];
  const w: Walk = { source, doc, counter, problems: [] };
  const yamlProblems = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = counter.linePos(e.pos[0]);
    return { message: `invalid YAML: ${e.message.split("\n")[0]}`, line, column: col, path: "(yaml)" };
  });
  if (yamlProblems.length) return { ok: false, problems: yamlProblems };
  const shape = shapeProblem(w, doc.contents, [], 1);
  if (shape) return { ok: false, problems: [shape] };

  const data: unknown = doc.toJS();
  const kind = unsupportedKind(w, data);
  if (kind.length) return { ok: false, problems: kind };
  if (!validate(data)) return { ok: false, problems: schemaProblems(w, validate.errors ?? []) };

  // the schema has checked the types of everything read here
  const rule = data as { title: string; id?: string; level?: string; logsource: Logsource; detection: { condition: string } };
  const detection = nodeAt(doc, ["detection"])!;
  const searches = readSearches(w, detection);
  const conditionAt = conditionLocator(w, nodeAt(doc, ["detection", "condition"]), rule.detection.condition);
  if (w.problems.length) return { ok: false, problems: w.problems };
  const { category, product, service, definition } = rule.logsource;
  const logsource = Object.fromEntries(Object.entries({ category, product, service, definition }).filter(([, v]) => v !== undefined)) as Logsource;
  return {
    ok: true,
    rule: {
      rule: { title: rule.title, ...(rule.id !== undefined && { id: rule.id }), ...(rule.level !== undefined && { level: rule.level }), logsource },
      searches,
      condition: rule.detection.condition,
      conditionAt,
      at: (path) => locAt(w, nodeAt(doc, path), path),
    },
  };
}
