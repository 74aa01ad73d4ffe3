// Turns events into the compact form the loader inserts: per batch, one joined string per column
// plus the fields as one JSON array. Pure and free of DuckDB, so it can run in a worker thread,
// and batch by batch, so loading can start while later batches are still being encoded.
import type { LogEvent } from "@/lib/labgen";

export const TEXT_COLUMNS = ["id", "ts", "host", "service", "level", "message", "raw"] as const;
// A separator inside a value would split it into two rows: the first one no value contains is used.
const SEPARATORS = ["\u001c", "\u001e", "\ue000", "\ufdd0"];
export const BATCH = 50_000;

/** The 7 joined text columns and the fields JSON of one batch; `sep` joins its values. */
export type EncodedBatch = { rows: number; sep: string; columns: string[] };
/**
 * `count` is checked against the rows inserted once the last batch is in; a stream whose length
 * is only known at its end (an uploaded dataset, upload.ts) gives it as a getter.
 */
export type EncodedEvents = { count: number; batches: Iterable<EncodedBatch> | AsyncIterable<EncodedBatch> };

function occurrences(text: string, sep: string): number {
  let n = 0;
  for (let i = text.indexOf(sep); i !== -1; i = text.indexOf(sep, i + 1)) n++;
  return n;
}

export function encodeBatch(events: readonly LogEvent[], start: number, end: number): EncodedBatch {
  const n = end - start;
  const cols = TEXT_COLUMNS.map(() => new Array<string>(n));
  const fields = new Array<Record<string, string>>(n);
  for (let i = 0; i < n; i++) {
    const e = events[start + i];
    cols[0][i] = String(e.id);
    cols[1][i] = e.ts;
    cols[2][i] = e.host;
    cols[3][i] = e.service;
    cols[4][i] = e.level;
    cols[5][i] = e.message;
    cols[6][i] = e.raw;
    fields[i] = e.fields;
  }
  const json = JSON.stringify(fields);
  for (const sep of SEPARATORS) {
    const joined = cols.map((c) => c.join(sep));
    // n values joined hold exactly n - 1 separators unless a value contains one.
    if (joined.every((j) => occurrences(j, sep) === n - 1)) return { rows: n, sep, columns: [...joined, json] };
  }
  throw new Error("lab-engine: events contain every separator candidate");
}

/** All batches, encoded lazily as the loader asks for them. */
export function encodeEvents(events: readonly LogEvent[]): EncodedEvents {
  function* batches() {
    for (let start = 0; start < events.length; start += BATCH) yield encodeBatch(events, start, Math.min(events.length, start + BATCH));
  }
  return { count: events.length, batches: batches() };
}

export function isEncoded(source: readonly LogEvent[] | EncodedEvents): source is EncodedEvents {
  return !Array.isArray(source);
}
