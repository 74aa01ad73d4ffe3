// Learner SQL: one SELECT, parsed and prepared by the engine itself, then run wrapped in
// `query('<sql>') LIMIT n`. Why wrapped: a streaming result that fails half-way ends exactly like
// one that is finished (the C API's fetch_chunk drops the error), and a fully materialised result
// is held outside DuckDB's memory limit. A LIMIT keeps the result small and its errors visible;
// the total comes from a count(*) over the same query, run only when the rows overflow the cap.
import { StatementType, type DuckDBConnection, type DuckDBMaterializedResult, type DuckDBPreparedStatement } from "@duckdb/node-api";
import { checkTree, unknownFunctionMessage } from "./allowlist";
import { classify, MULTIPLE, NOT_SELECT, parseEngineError, precheck } from "./guard";
import type { ConnectionSlot, RunState } from "./slot";
import { streamCapped } from "./stream";
import { MAX_IDS, QUERY_LIMITS, QueryRejected, type Cell, type QueryResult } from "./types";
import { toCell, toId } from "./values";

export const literal = (sql: string) => `'${sql.replace(/'/g, "''")}'`;

const UNCHECKED = "PRAGMA statements are not available in the lab. Write a SELECT over logs; DESCRIBE logs and SUMMARIZE logs show the table.";

/** DuckDB's own parse of the statement; undefined when it cannot serialise it (not a plain SELECT). */
async function parseTree(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const reader = await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR)", [sql]);
  const text = reader.getRows()[0]?.[0];
  const tree: unknown = typeof text === "string" ? JSON.parse(text) : undefined;
  return typeof tree === "object" && tree !== null && (tree as { error?: unknown }).error === false ? tree : undefined;
}

/** Only words a refusal: whether the name is allowed was already decided by the allow-list. */
async function functionExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  const reader = await conn.runAndReadAll("SELECT count(*) FROM duckdb_functions() WHERE lower(function_name) = $1", [name]);
  return Number(reader.getRows()[0]?.[0] ?? 0) > 0;
}

// Order matters here:
// 1. exactly one statement (extractStatements parses without binding);
// 2. the allow-list on json_serialize_sql's tree, before anything is bound: binding already runs
//    parts of a table function (query() parses its string, read_* look for files), so nothing the
//    list refuses may reach prepare;
// 3. prepare, which classifies what the serialiser could not take. Those are never run: a non-SELECT
//    is "not_select", or "forbidden" when binding it already fails with a Permission error (COPY,
//    EXPORT); a SELECT-typed one (PRAGMA version, PRAGMA table_info...) is refused as unchecked.
//    DESCRIBE, SHOW and SUMMARIZE do serialise (as a SHOW_REF over a query), so DESCRIBE logs and
//    SUMMARIZE logs pass step 2 on their own merits, while SHOW TABLES and DESCRIBE of any other
//    table are refused there. Binding a statement that is then refused is what the engine did before
//    the allow-list; DuckDB 1.5.6 runs enable_logging and kin at execution, not at bind (checked).
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
  const tree = await parseTree(conn, sql);
  if (tree) {
    const violation = checkTree(tree, sql);
    if (violation?.function && !(await functionExists(conn, violation.function))) {
      // a typo: say so as the engine's catalog error would, not as a refusal
      throw new QueryRejected("syntax", unknownFunctionMessage(violation.function), violation.position);
    }
    if (violation) throw new QueryRejected(violation.kind, violation.message, violation.position);
  }
  const prepared = await extracted.prepare(0);
  const isSelect = prepared.statementType === StatementType.SELECT;
  if (tree && isSelect && prepared.parameterCount === 0) return prepared;
  prepared.destroySync();
  if (!isSelect) throw new QueryRejected("not_select", NOT_SELECT);
  if (!tree) throw new QueryRejected("forbidden", UNCHECKED);
  throw new QueryRejected("forbidden", "Query parameters ($1 or ?) cannot be bound here; write the values into the query.");
}

type Run<T> = (prepared: DuckDBPreparedStatement, conn: DuckDBConnection, state: RunState) => Promise<T>;

/** Runs fn on the slot with the SELECT prepared (not executed); every failure leaves as a QueryRejected. */
export async function withSelect<T>(slot: ConnectionSlot, sql: string, timeoutMs: number, fn: Run<T>): Promise<T> {
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
export async function runWrapped(conn: DuckDBConnection, sql: string, outer: (inner: string) => string): Promise<DuckDBMaterializedResult | undefined> {
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

const NESTED = /^(STRUCT|MAP|UNION)\(|\[\d*\]$/;

/**
 * The select list that caps every cell inside DuckDB, before a value reaches JavaScript: text
 * longer than maxCellChars is cut there (with an ellipsis), and a nested value whose text form is
 * longer comes back as that cut text in a companion column instead of itself.
 */
function cappedColumns(columns: { type: string }[]): { select: string; companions: (number | null)[] } {
  const n = QUERY_LIMITS.maxCellChars;
  const parts: string[] = [];
  const companions: (number | null)[] = [];
  columns.forEach((c, i) => {
    const ref = `#${i + 1}`;
    if (c.type === "VARCHAR") {
      parts.push(`CASE WHEN length(${ref}) > ${n} THEN left(${ref}, ${n}) || '…' ELSE ${ref} END`);
      companions.push(null);
    } else if (NESTED.test(c.type)) {
      const text = `CAST(${ref} AS VARCHAR)`;
      parts.push(`CASE WHEN length(${text}) > ${n} THEN NULL ELSE ${ref} END`);
      parts.push(`CASE WHEN length(${text}) > ${n} THEN left(${text}, ${n}) || '…' END`);
      companions.push(parts.length - 1);
    } else {
      parts.push(ref);
      companions.push(null);
    }
  });
  return { select: parts.join(", ") || "*", companions };
}

const cellBytes = (cell: Cell) => (typeof cell === "string" ? cell.length * 2 : 8);

/** Rows up to maxRows or maxResultBytes, whichever comes first; stops at the time limit too. */
function readRows(result: DuckDBMaterializedResult, maxRows: number, companions: (number | null)[], state: RunState): { rows: Cell[][]; byteLimited: boolean } {
  const rows: Cell[][] = [];
  let bytes = 0;
  for (let c = 0; c < result.chunkCount && rows.length < maxRows; c++) {
    const chunk = result.getChunk(c);
    const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
    const take = Math.min(chunk.rowCount, maxRows - rows.length);
    for (let r = 0; r < take; r++) {
      if (state.timedOut) throw new Error("interrupted");
      let at = 0;
      const row = companions.map((companion) => {
        const cell = toCell(vectors[at].getItem(r));
        at += companion === null ? 1 : 2;
        if (companion === null || cell !== null) return cell;
        return toCell(vectors[companion].getItem(r));
      });
      for (const cell of row) bytes += cellBytes(cell);
      if (bytes > QUERY_LIMITS.maxResultBytes && rows.length > 0) return { rows, byteLimited: true };
      rows.push(row);
    }
  }
  return { rows, byteLimited: false };
}

export const columnsOf = (prepared: DuckDBPreparedStatement) =>
  Array.from({ length: prepared.columnCount }, (_, i) => ({ name: prepared.columnName(i), type: prepared.columnType(i).toString() }));

/**
 * A page of the learner's query: rows offset..offset+maxRows of `query('<sql>')`, run only once the
 * statement passed the checks above as one SELECT. Each page runs the query again, so the learner's
 * ORDER BY is what keeps pages in a stable order.
 */
export function runQuery(slot: ConnectionSlot, sql: string, timeoutMs: number, maxRows: number, offset = 0): Promise<QueryResult> {
  return withSelect(slot, sql, timeoutMs, async (prepared, conn, state) => {
    const started = performance.now();
    // names from the learner's own statement: query() would rename duplicates (id, id_1)
    const columns = columnsOf(prepared);
    const { select, companions } = cappedColumns(columns);
    const skip = offset > 0 ? ` OFFSET ${offset}` : "";
    const result = await runWrapped(conn, sql, (q) => `SELECT ${select} FROM ${q} LIMIT ${maxRows + 1}${skip}`);
    if (!result) return { columns, offset, ...(await streamCapped(prepared, maxRows, state, offset)), elapsedMs: performance.now() - started };
    const { rows, byteLimited } = readRows(result, maxRows, companions, state);
    const more = result.rowCount > rows.length;
    const out: QueryResult = {
      columns,
      rows,
      offset,
      rowCount: rows.length,
      totalCount: offset + result.rowCount,
      truncated: more || offset > 0,
      elapsedMs: 0,
    };
    if (byteLimited) out.byteLimited = true;
    // the total is only known without a count when this page holds the result's last row
    if (more || (offset > 0 && rows.length === 0)) {
      try {
        const count = await runWrapped(conn, sql, (q) => `SELECT count(*) FROM ${q}`);
        out.totalCount = Number((await count!.getRows())[0][0]);
      } catch (err) {
        // the rows to show are in hand, only the count ran out of time: show them with a lower bound
        // (past the last row there is no lower bound to show)
        if (!state.timedOut || rows.length === 0) throw err;
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
