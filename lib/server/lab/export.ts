import "server-only";
import { stringify } from "csv-stringify/sync";
import { EXPORT_LIMITS, exportTooLarge, type ExportFormat } from "@/lib/lab/limits";
import type { QueryExportInput } from "@/lib/schemas/lab";
import { safeCell } from "../admin/audit-log";
import { AppError } from "../errors";
import { QueryRejected, isQueryRejected, type Cell, type Column } from "../lab-engine/types";
import { logEvent } from "../log";
import { learnerLab } from "./context";
import { checkQueryRate, recordResultFetch } from "./queries";

// Values DuckDB prints as JSON (values.ts): a map, a struct, a list or a union.
const NESTED = /^(STRUCT|MAP|UNION)\(|\[\d*\]$/;
const ROWS_PER_WRITE = 1000;

/** How one format writes the file: its first line, a batch of rows, and what it adds per row to the cells' text. */
type Writer = { head: string; rows: (rows: Cell[][]) => string; overheadPerRow: number };

function csvWriter(columns: Column[]): Writer {
  // learners' log data is hostile: a text cell a spreadsheet would run as a formula is prefixed
  const cell = (c: Cell) => (c === null ? "" : typeof c === "string" ? safeCell(c) : String(c));
  return {
    head: stringify([columns.map((c) => safeCell(c.name))]),
    rows: (rows) => stringify(rows.map((r) => r.map(cell))),
    // separators and line end; quotes only where a cell needs them
    overheadPerRow: columns.length,
  };
}

function jsonlWriter(columns: Column[]): Writer {
  // duplicate names (SELECT id, id) get a suffix, as DuckDB's own query() names them
  const seen = new Map<string, number>();
  const keys = columns.map((c) => {
    const n = seen.get(c.name) ?? 0;
    seen.set(c.name, n + 1);
    return n === 0 ? c.name : `${c.name}_${n}`;
  });
  const nested = columns.map((c) => NESTED.test(c.type));
  const value = (c: Cell, i: number): unknown => {
    if (!nested[i] || typeof c !== "string") return c;
    try {
      return JSON.parse(c);
    } catch {
      return c;
    }
  };
  return {
    head: "",
    rows: (rows) => rows.map((r) => `${JSON.stringify(Object.fromEntries(r.map((c, i) => [keys[i], value(c, i)])))}\n`).join(""),
    overheadPerRow: 2 + keys.reduce((n, k) => n + JSON.stringify(k).length + 4, 0),
  };
}

const WRITERS: Record<ExportFormat, { writer: (columns: Column[]) => Writer; ext: string; type: string }> = {
  csv: { writer: csvWriter, ext: "csv", type: "text/csv; charset=utf-8" },
  jsonl: { writer: jsonlWriter, ext: "jsonl", type: "application/x-ndjson; charset=utf-8" },
};

export type LabExport = { body: ReadableStream<Uint8Array>; filename: string; contentType: string };

// One export per learner at a time in this process: each holds at most EXPORT_LIMITS.maxBytes here
// while the browser downloads it.
const shared = globalThis as unknown as { watchfloorLabExports?: Set<string> };
const running = (shared.watchfloorLabExports ??= new Set<string>());

/** "2026-03-09T14:00:05.123Z" -> "20260309T140005Z": a file name's UTC timestamp. */
const fileStamp = (d: Date) =>
  d
    .toISOString()
    .replace(/\.\d{3}/, "")
    .replace(/[-:]/g, "");

/**
 * A learner's query as a file: run on the engine with the allow-list and limits of every query,
 * refused (QueryRejected "too_large", before anything is sent) when its result has more than
 * EXPORT_LIMITS.maxRows rows or would be larger than EXPORT_LIMITS.maxBytes. The engine's rows
 * are read as fast as it sends them, so its work ends within its time limit whatever the
 * learner's connection; the file then streams from here. Not a history entry; it counts towards
 * the per-minute query limit.
 */
export async function exportLabQuery({
  userId,
  slug,
  input,
  now = new Date(),
}: {
  userId: string;
  slug: string;
  input: QueryExportInput;
  now?: Date;
}): Promise<LabExport> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) throw new AppError("not_found:lab", "There is no such lab.");
  if (running.has(userId))
    throw new AppError("rate_limit:lab_export", "An export of yours is still being prepared; wait for it to finish.", { retryAfterSeconds: 5 });
  await checkQueryRate(userId, ctx.itemId);
  const { format } = input;
  const maxBytes = EXPORT_LIMITS.maxBytes;
  const abort = new AbortController();
  running.add(userId);
  const done = () => running.delete(userId);
  const record = (ok: boolean, rows?: number) =>
    recordResultFetch(userId, ctx.itemId, "lab_query_export", { ok, format, ...(rows === undefined ? {} : { rows }) });
  let started;
  try {
    started = await ctx.dataset.exportRows(input.sql, { maxRows: EXPORT_LIMITS.maxRows, maxBytes }, abort.signal);
    const { header } = started;
    const size = header.textBytes + header.totalCount * WRITERS[format].writer(header.columns).overheadPerRow;
    if (size > maxBytes) {
      abort.abort();
      throw new QueryRejected("too_large", exportTooLarge(size, maxBytes));
    }
  } catch (err) {
    done();
    if (isQueryRejected(err)) await record(false);
    throw err;
  }
  await record(true, started.header.totalCount);
  const { header, rows } = started;
  const writer = WRITERS[format].writer(header.columns);
  const encoder = new TextEncoder();
  let bytes = 0;

  const pump = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const push = (text: string) => {
      const chunk = encoder.encode(text);
      bytes += chunk.byteLength;
      // the cells' text was measured before; quoting and escapes could still push a file past the limit
      if (bytes > maxBytes) throw new QueryRejected("too_large", exportTooLarge(bytes, maxBytes));
      if (chunk.byteLength) controller.enqueue(chunk);
    };
    try {
      push(writer.head);
      let batch: Cell[][] = [];
      for await (const row of rows) {
        batch.push(row);
        if (batch.length < ROWS_PER_WRITE) continue;
        push(writer.rows(batch));
        batch = [];
      }
      if (batch.length) push(writer.rows(batch));
      controller.close();
    } catch (err) {
      // the download fails rather than ending as a shorter file
      // an engine refusal's sentence may quote the learner's query: only its kind is logged
      const why = isQueryRejected(err) ? { kind: err.kind } : { error: err instanceof Error ? err.message : String(err) };
      if (!abort.signal.aborted) logEvent("warn", "app", "lab_export_failed", { slug, format, bytes, ...why });
      abort.abort();
      try {
        controller.error(err);
      } catch {
        // the browser already went away
      }
    } finally {
      done();
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      void pump(controller);
    },
    cancel() {
      abort.abort();
    },
  });
  return { body, filename: `${slug}-query-${fileStamp(now)}.${WRITERS[format].ext}`, contentType: WRITERS[format].type };
}
