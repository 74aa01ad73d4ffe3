// A learner's whole result, for a download: the same checks as a query (one SELECT, the
// allow-list), then two runs of it on the learner's connection within one time limit:
// 1. `count(*)` and the text its cells hold, so a result over the limits is refused before a
//    single row is sent (and an error anywhere in its rows surfaces here, as a refusal);
// 2. the rows, streamed a chunk (2,048 rows) at a time to the sink, so the engine never holds more.
// A streamed result that fails half-way ends like a finished one (execute.ts), so the rows read
// are checked against the count: an export that stopped short is an error, never a shorter file.
import { exportTooLarge, exportTooManyRows } from "@/lib/lab/limits";
import type { DuckDBConnection } from "@duckdb/node-api";
import { columnsOf, literal, runWrapped, withSelect } from "./execute";
import { parseEngineError } from "./guard";
import type { ConnectionSlot, RunState } from "./slot";
import { QUERY_LIMITS, QueryRejected, type Cell, type ExportOptions, type ExportSink } from "./types";
import { toCell } from "./values";

const n = (v: number) => v.toLocaleString("en-US");
// A refused export says how many rows it has when counting them takes no longer than a query may.
const COUNT_MS = QUERY_LIMITS.timeoutMs;

/** The whole result's row count for the refusal, if it can be had in COUNT_MS; null (more than the limit) when not. */
async function countFor(conn: DuckDBConnection, sql: string, state: RunState): Promise<number | null> {
  const timer = setTimeout(() => conn.interrupt(), COUNT_MS);
  try {
    const result = await runWrapped(conn, sql, (q) => `SELECT count(*) FROM ${q}`);
    return Number((await result!.getRows())[0][0]);
  } catch (err) {
    if (state.timedOut || parseEngineError(err).type !== "INTERRUPT") throw err;
    return null;
  } finally {
    clearTimeout(timer);
  }
}

const cellText = (cell: Cell) => (cell === null ? 0 : typeof cell === "string" ? cell.length : String(cell).length);

/** Streams the rows to the sink; answers how many there were. */
export function runExport(slot: ConnectionSlot, sql: string, opts: ExportOptions, sink: ExportSink): Promise<number> {
  return withSelect(slot, sql, opts.timeoutMs, async (prepared, conn, state) => {
    const columns = columnsOf(prepared);
    const sizes = columns.map((_, i) => `coalesce(strlen(CAST(#${i + 1} AS VARCHAR)), 0)`).join(" + ");
    // measured up to one row past the limit, so a huge result is refused without being counted to its end
    const measured = await runWrapped(conn, sql, (q) => `SELECT count(*), coalesce(sum(${sizes}), 0) FROM (SELECT * FROM ${q} LIMIT ${opts.maxRows + 1})`);
    if (!measured) throw new QueryRejected("forbidden", "This statement cannot be exported; export a SELECT over logs.");
    const [count, bytes] = (await measured.getRows())[0].map((v) => Number(v));
    if (count > opts.maxRows) throw new QueryRejected("too_large", exportTooManyRows(await countFor(conn, sql, state), opts.maxRows));
    if (bytes > opts.maxBytes) throw new QueryRejected("too_large", exportTooLarge(bytes, opts.maxBytes));
    sink.start({ columns, totalCount: count, textBytes: bytes });

    const wrapped = await conn.prepare(`SELECT * FROM query(${literal(sql)}) LIMIT ${opts.maxRows}`);
    let rows = 0;
    let text = 0;
    try {
      const result = await wrapped.stream();
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        if (state.timedOut) throw new Error("interrupted");
        if (sink.closed) throw new QueryRejected("engine", "The export was cancelled.");
        const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
        const lines: string[] = [];
        for (let r = 0; r < chunk.rowCount; r++) {
          const row = vectors.map((v) => toCell(v.getItem(r)));
          for (const cell of row) text += cellText(cell);
          lines.push(JSON.stringify(row));
        }
        rows += chunk.rowCount;
        // a query whose result changes between runs (random()) could outgrow what was measured
        if (text > opts.maxBytes) throw new QueryRejected("too_large", exportTooLarge(text, opts.maxBytes));
        await sink.write(`${lines.join("\n")}\n`);
      }
    } finally {
      wrapped.destroySync();
    }
    if (state.timedOut) throw new Error("interrupted");
    if (rows !== count)
      throw new QueryRejected(
        "engine",
        `The export stopped after ${n(rows)} of ${n(count)} rows (an error in the query, or a result that changes between runs). Run it again.`,
      );
    return rows;
  });
}
