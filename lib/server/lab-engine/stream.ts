// Fallback for the few SELECT-like statements that query() cannot wrap (PRAGMA version and kin,
// all of them small system tables): stream the prepared statement, convert the rows shown and only
// count the rest. A streaming result hides an error that happens after the first chunks, which is
// why this is not the main path.
import type { DuckDBDataChunk, DuckDBPreparedStatement } from "@duckdb/node-api";
import type { RunState } from "./slot";
import type { Cell, QueryResult } from "./types";
import { toCell } from "./values";

export async function streamCapped(
  prepared: DuckDBPreparedStatement,
  maxRows: number,
  state: RunState,
  offset = 0,
): Promise<Pick<QueryResult, "rows" | "rowCount" | "totalCount" | "truncated" | "totalIsLowerBound">> {
  const result = await prepared.stream();
  const rows: Cell[][] = [];
  let total = 0;
  for (;;) {
    const chunk: DuckDBDataChunk | null = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    // a page past the first skips `offset` rows: the rows of this chunk from `first` on are in it
    const first = Math.max(0, offset - total);
    const take = Math.min(chunk.rowCount - first, maxRows - rows.length);
    if (take > 0) {
      const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
      for (let r = first; r < first + take; r++) rows.push(vectors.map((v) => toCell(v.getItem(r))));
    }
    total += chunk.rowCount;
  }
  // an interrupted stream also just ends: without all the rows to show that is a timeout (the
  // caller classifies an untyped error after the time limit as one), with them a lower-bound count
  if (state.timedOut && rows.length < maxRows) throw new Error("interrupted");
  const lowerBound = state.timedOut;
  const out = { rows, rowCount: rows.length, totalCount: total, truncated: total > rows.length || lowerBound };
  return lowerBound ? { ...out, totalIsLowerBound: true } : out;
}
