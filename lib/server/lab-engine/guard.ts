// Checks on learner SQL before it reaches the engine, and translation of engine errors into
// QueryRejected with a message that is safe to show (no paths, no stack, no internals).
import { QUERY_LIMITS, QueryRejected } from "./types";

// C0 controls except \t \n \r, plus DEL; a lone surrogate cannot be encoded as UTF-8 at all.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function precheck(sql: unknown): string {
  if (typeof sql !== "string" || sql.trim() === "") throw new QueryRejected("empty", "Write a SELECT query first.");
  if (Buffer.byteLength(sql, "utf8") > QUERY_LIMITS.maxSqlBytes) {
    throw new QueryRejected("too_large", `The query is longer than ${QUERY_LIMITS.maxSqlBytes / 1024} KB.`);
  }
  if (CONTROL.test(sql) || LONE_SURROGATE.test(sql)) {
    throw new QueryRejected("binary", "The query contains control characters or invalid text; paste it as plain text.");
  }
  return sql;
}

/** DuckDB reports positions as UTF-8 byte offsets; editors count UTF-16 code units. */
export function charOffset(sql: string, byteOffset: number): number {
  const bytes = Buffer.from(sql, "utf8");
  if (!(byteOffset >= 0)) return 0;
  return bytes.subarray(0, Math.min(byteOffset, bytes.length)).toString("utf8").length;
}

type EngineError = { type: string; message: string; bytePosition?: number };

/** With errors_as_json the message is JSON, sometimes after a prefix such as "Parser Error: ". */
export function parseEngineError(err: unknown): EngineError {
  const text = err instanceof Error ? err.message : String(err);
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start >= 0 && end > start) {
    try {
      const j = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
      if (typeof j.exception_type === "string") {
        const pos = Number(j.position);
        return { type: j.exception_type, message: String(j.exception_message ?? ""), bytePosition: Number.isFinite(pos) ? pos : undefined };
      }
    } catch {
      // not JSON after all: fall through to the plain text
    }
  }
  return { type: "", message: text };
}

// Error types a learner fixes by changing the query: unknown column, bad cast, wrong argument...
const QUERY_ERRORS = new Set([
  "Parser",
  "Syntax",
  "Binder",
  "Catalog",
  "Conversion",
  "Invalid Input",
  "Out of Range",
  "Not implemented",
  "Mismatch Type",
  "Invalid type",
  "Dependency",
  "Constraint",
]);

const FORBIDDEN = "The lab cannot read or write files, use the network, load extensions or change settings. Query the logs table instead.";
export const TIMEOUT_MESSAGE = (ms: number) => `The query ran longer than ${ms / 1000} s and was stopped.`;
const MEMORY = `The query needed more than the ${QUERY_LIMITS.memoryLimit} of working memory a lab allows. Filter or aggregate earlier, or return fewer columns.`;

/** Paths and long internal detail are not the learner's business. */
function scrub(message: string): string {
  return message.replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}[\\/]?/g, "…").slice(0, 500);
}

export function classify(err: unknown, sql: string, timedOut: boolean, timeoutMs: number): QueryRejected {
  if (err instanceof QueryRejected) return err;
  const e = parseEngineError(err);
  const position = e.bytePosition === undefined ? undefined : charOffset(sql, e.bytePosition);
  if (e.type === "INTERRUPT" || (timedOut && !e.type)) {
    return new QueryRejected("timeout", timedOut ? TIMEOUT_MESSAGE(timeoutMs) : "The query was stopped because the lab data was unloaded; run it again.");
  }
  if (e.type === "Out of Memory") return new QueryRejected("memory", MEMORY);
  // names in the learner's own text come back in Binder/Catalog/Parser messages, so only other types are read
  const echoes = ["Binder", "Catalog", "Parser"].includes(e.type);
  if (e.type === "Permission" || (!echoes && /disabled by configuration|configuration has been locked/i.test(e.message))) {
    return new QueryRejected("forbidden", FORBIDDEN);
  }
  if (QUERY_ERRORS.has(e.type)) {
    const text = e.message
      .split("\n")
      .filter((l) => l.trim() !== "")
      .join(" ");
    return new QueryRejected("syntax", `${e.type} error: ${scrub(text)}`, position);
  }
  return new QueryRejected("engine", `The query could not run${e.type ? ` (${e.type} error)` : ""}: ${scrub(e.message.split("\n")[0] ?? "")}`);
}

export const NOT_SELECT = "Only SELECT queries can run here; the data is read-only.";
export const MULTIPLE = "Run one statement at a time (a PIVOT without an IN list also counts as several).";
