// Learner SQL: one SELECT, parsed and prepared by the engine itself, then run wrapped in
// `query('<sql>') LIMIT n`. Why wrapped: a streaming result that fails half-way ends exactly like
// one that is finished (the C API's fetch_chunk drops the error), and a fully materialised result
// is held outside DuckDB's memory limit. A LIMIT keeps the result small and its errors visible;
// the total comes from a count(*) over the same query, run only when the rows overflow the cap.
import { StatementType, type DuckDBConnection, type DuckDBMaterializedResult, type DuckDBPreparedStatement } from "@duckdb/node-api";
import { checkAmplifiers } from "./amplify";
import { classify, MULTIPLE, NOT_SELECT, parseEngineError, precheck } from "./guard";
import type { ConnectionSlot, RunState } from "./slot";
import { streamCapped } from "./stream";
import { MAX_IDS, QueryRejected, type Cell, type QueryResult } from "./types";
import { toCell, toId } from "./values";

const literal = (sql: string) => `'${sql.replace(/'/g, "''")}'`;

async function prepareSelect(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let extracted;
  try {
    extracted = await conn.extractStatements(sql);
  } catch (err) {
    // no statement at all (only comments or semicolons) surfaces as an error without engine detail
    if (!parseEngineError(err).type) throw new QueryRejected("empty", "The query has only comments or semicolons; write a SELECT.");
    throw err;
  }
  if (extracted.count !== 1) throw new QueryRejected("multiple_statements", MULTIPLE);
  await checkAmplifiers(conn, sql);
  const prepared = await extracted.prepare(0);
  const isSelect = prepared.statementType === StatementType.SELECT;
  if (isSelect && prepared.parameterCount === 0) return prepared;
  prepared.destroySync();
  if (!isSelect) throw new QueryRejected("not_select", NOT_SELECT);
  throw new QueryRejected("syntax", "Query parameters ($1 or ?) cannot be bound here; write the values into the query.");
}

type Run<T> = (prepared: DuckDBPreparedStatement, conn: DuckDBConnection, state: RunState) => Promise<T>;

/** Runs fn on the slot with the SELECT prepared (not executed); every failure leaves as a QueryRejected. */
async function withSelect<T>(slot: ConnectionSlot, sql: string, timeoutMs: number, fn: Run<T>): Promise<T> {
  precheck(sql);
  return await slot.run(timeoutMs, async (conn, state) => {
    try {
      const prepared = await prepareSelect(conn, sql);
      try {
        return await fn(prepared, conn, state);
      } finally {
        prepared.destroySync();
      }
    } catch (err) {
      throw classify(err, sql, state.timedOut, timeoutMs);
    }
  });
}

/** Runs `outer` around the learner's query; undefined when query() cannot hold it (PRAGMA forms). */
async function runWrapped(conn: DuckDBConnection, sql: string, outer: (inner: string) => string): Promise<DuckDBMaterializedResult | undefined> {
  let wrapped: DuckDBPreparedStatement;
  try {
    wrapped = await conn.prepare(outer(`query(${literal(sql)})`));
  } catch (err) {
    if (/single SELECT statement/.test(parseEngineError(err).message)) return undefined;
    throw err;
  }
  try {
    return await wrapped.run();
  } finally {
    wrapped.destroySync();
  }
}

function readRows(result: DuckDBMaterializedResult, maxRows: number): Cell[][] {
  const rows: Cell[][] = [];
  for (let c = 0; c < result.chunkCount && rows.length < maxRows; c++) {
    const chunk = result.getChunk(c);
    const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
    const take = Math.min(chunk.rowCount, maxRows - rows.length);
    for (let r = 0; r < take; r++) rows.push(vectors.map((v) => toCell(v.getItem(r))));
  }
  return rows;
}

export function runQuery(slot: ConnectionSlot, sql: string, timeoutMs: number, maxRows: number): Promise<QueryResult> {
  return withSelect(slot, sql, timeoutMs, async (prepared, conn, state) => {
    const started = performance.now();
    // names from the learner's own statement: query() would rename duplicates (id, id_1)
    const columns = Array.from({ length: prepared.columnCount }, (_, i) => ({ name: prepared.columnName(i), type: prepared.columnType(i).toString() }));
    const result = await runWrapped(conn, sql, (q) => `SELECT * FROM ${q} LIMIT ${maxRows + 1}`);
    if (!result) return { columns, ...(await streamCapped(prepared, maxRows, state)), elapsedMs: performance.now() - started };
    const rows = readRows(result, maxRows);
    const out: QueryResult = { columns, rows, rowCount: rows.length, totalCount: result.rowCount, truncated: result.rowCount > maxRows, elapsedMs: 0 };
    if (out.truncated) {
      try {
        const count = await runWrapped(conn, sql, (q) => `SELECT count(*) FROM ${q}`);
        out.totalCount = Number((await count!.getRows())[0][0]);
      } catch (err) {
        // the rows to show are in hand, only the count ran out of time: show them with a lower bound
        if (!state.timedOut) throw err;
        out.totalIsLowerBound = true;
      }
    }
    out.elapsedMs = performance.now() - started;
    return out;
  });
}

export function runIds(slot: ConnectionSlot, sql: string, timeoutMs: number): Promise<number[]> {
  return withSelect(slot, sql, timeoutMs, async (prepared, conn) => {
    const names = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i).toLowerCase());
    const col = names.indexOf("id");
    if (col < 0) throw new QueryRejected("syntax", "A detection query must return an id column, e.g. SELECT id FROM logs WHERE …");
    // #n picks the column by position, so a second column also named id cannot make it ambiguous
    const result = await runWrapped(conn, sql, (q) => `SELECT #${col + 1} FROM ${q} LIMIT ${MAX_IDS}`);
    if (!result) throw new QueryRejected("syntax", "A detection query must be a SELECT over the logs table.");
    const ids: number[] = [];
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const vector = chunk.getColumnVector(0);
      for (let r = 0; r < chunk.rowCount; r++) {
        const id = toId(vector.getItem(r));
        if (id !== null) ids.push(id);
      }
    }
    return ids;
  });
}
