import type { languages, IRange } from "monaco-editor";
import type { Column } from "@/lib/lab/types";
import type { MonacoApi } from "./monaco-setup";

const KEYWORDS = [
  "SELECT",
  "FROM",
  "WHERE",
  "GROUP BY",
  "ORDER BY",
  "HAVING",
  "LIMIT",
  "OFFSET",
  "DISTINCT",
  "AS",
  "AND",
  "OR",
  "NOT",
  "IN",
  "BETWEEN",
  "IS NULL",
  "IS NOT NULL",
  "LIKE",
  "ILIKE",
  "CASE",
  "WHEN",
  "THEN",
  "ELSE",
  "END",
  "ASC",
  "DESC",
  "WITH",
  "UNION",
  "INTERVAL",
  "QUALIFY",
];

// [name, snippet, what it does] — the DuckDB functions an analyst reaches for first.
const FUNCTIONS: [string, string, string][] = [
  ["count", "count(${1:*})", "Number of rows (count(DISTINCT x) for distinct values)"],
  ["min", "min(${1:ts})", "Smallest value"],
  ["max", "max(${1:ts})", "Largest value"],
  ["sum", "sum(${1:x})", "Sum"],
  ["avg", "avg(${1:x})", "Average"],
  ["any_value", "any_value(${1:message})", "One value from the group"],
  ["arg_min", "arg_min(${1:message}, ${2:ts})", "Value of the first argument at the row with the smallest second"],
  ["arg_max", "arg_max(${1:message}, ${2:ts})", "Value of the first argument at the row with the largest second"],
  ["string_agg", "string_agg(DISTINCT ${1:host}, ', ')", "Join values into one string"],
  ["regexp_matches", "regexp_matches(${1:message}, '${2:pattern}')", "true when the text matches the regular expression"],
  ["regexp_extract", "regexp_extract(${1:message}, '${2:(pattern)}', ${3:1})", "The text captured by a group of the regular expression"],
  ["contains", "contains(${1:message}, '${2:text}')", "true when the text contains the string (case-sensitive)"],
  ["lower", "lower(${1:message})", "Lower-case text"],
  ["upper", "upper(${1:message})", "Upper-case text"],
  ["time_bucket", "time_bucket(INTERVAL '${1:1 hour}', ${2:ts})", "Round timestamps down to fixed-width buckets"],
  ["date_trunc", "date_trunc('${1:hour}', ${2:ts})", "Truncate a timestamp to a unit (minute, hour, day)"],
  ["strftime", "strftime(${1:ts}, '${2:%Y-%m-%d %H:%M}')", "Format a timestamp"],
];

// Keys of the per-line prefix fields the log sources have (see lib/labgen/types.ts LogEvent.fields).
const FIELD_KEYS = ["file", "line", "pid", "tid", "logger", "thread", "myid", "caller", "unit", "user", "src_ip"];

export function sqlCompletionItems(monaco: MonacoApi, schema: Column[], range: IRange): languages.CompletionItem[] {
  const { CompletionItemKind: Kind, CompletionItemInsertTextRule: Rule } = monaco.languages;
  const items: languages.CompletionItem[] = [{ label: "logs", kind: Kind.Struct, detail: "table: the lab's events", insertText: "logs", range, sortText: "0" }];
  for (const column of schema) {
    items.push({ label: column.name, kind: Kind.Field, detail: column.type, insertText: column.name, range, sortText: `1${column.name}` });
  }
  if (schema.some((c) => c.name === "fields")) items.push(...fieldKeyItems(monaco, range));
  for (const [name, snippet, doc] of FUNCTIONS) {
    items.push({
      label: name,
      kind: Kind.Function,
      detail: "function",
      documentation: doc,
      insertText: snippet,
      insertTextRules: Rule.InsertAsSnippet,
      range,
      sortText: `3${name}`,
    });
  }
  for (const keyword of KEYWORDS) {
    items.push({ label: keyword, kind: Kind.Keyword, insertText: keyword, range, sortText: `4${keyword}` });
  }
  return items;
}

/** `fields['file']` and friends; `range` may start at "fields" when the learner already typed `fields['`. */
export function fieldKeyItems(monaco: MonacoApi, range: IRange): languages.CompletionItem[] {
  return FIELD_KEYS.map((key) => ({
    label: `fields['${key}']`,
    kind: monaco.languages.CompletionItemKind.Property,
    detail: "VARCHAR (NULL when the source has no such field)",
    insertText: `fields['${key}']`,
    range,
    sortText: `2${key}`,
  }));
}
