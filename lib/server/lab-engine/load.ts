// Builds one learner's database: a fresh in-memory DuckDB instance holding only their events,
// locked down before any learner SQL reaches it.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { LogEvent } from "@/lib/labgen";
import { QUERY_LIMITS } from "./types";

const CREATE_TABLE = `CREATE TABLE logs (id BIGINT, ts TIMESTAMP, host VARCHAR, service VARCHAR, level VARCHAR,
  message VARCHAR, raw VARCHAR, fields MAP(VARCHAR, VARCHAR))`;

// Columns travel as one joined string each and DuckDB splits them: one crossing into native code per
// column instead of one per value (the appender's per-value calls cost ~10 s for 200k events).
// Fields travel as one JSON array per batch: one JSON.stringify call is half the cost of one per event.
// The CASE on random() is there only because it is volatile: without it the optimizer folds each
// function of a constant into a LIST value built element by element, which triples the cost.
const TEXT_COLUMNS = ["id", "ts", "host", "service", "level", "message", "raw"];
const volatile = (param: string) => `CASE WHEN random() < 2 THEN ${param} END`;
const INSERT = `INSERT INTO logs
  SELECT id::BIGINT, ts::TIMESTAMP, host, service, level, message, raw, fields
  FROM (SELECT ${TEXT_COLUMNS.map((c, i) => `unnest(string_split(${volatile(`$${i + 1}`)}, $9)) AS ${c}`).join(", ")},
    unnest(json_transform(${volatile("$8")}, '["MAP(VARCHAR, VARCHAR)"]')) AS fields)`;

// A separator inside a value would add a row, which the row count check catches; the next one is tried.
const SEPARATORS = ["\u001c", "\u001e", "\ue000", "\ufdd0"];
const BATCH = 50_000;

// Settings that matter while loading too: no file, network or extension access from the start.
// With external access off the temp directory can no longer be changed, so it is set here: none,
// as an in-memory lab must never spill to disk.
const INSTANCE_CONFIG = {
  threads: "1",
  temp_directory: "",
  max_temp_directory_size: "0MB",
  enable_external_access: "false",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  allow_community_extensions: "false",
  errors_as_json: "true",
};

export type LoadedDatabase = { instance: DuckDBInstance; conn: DuckDBConnection; tableBytes: number; memoryLimit: string };

function encodeBatch(events: readonly LogEvent[], start: number, end: number, sep: string): string[] {
  const n = end - start;
  const cols = Array.from({ length: 7 }, () => new Array<string>(n));
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
  return [...cols.map((c) => c.join(sep)), JSON.stringify(fields), sep];
}

/** Encoding the next batch (JS) overlaps inserting the previous one (DuckDB, on a worker thread). */
async function insertAll(conn: DuckDBConnection, events: readonly LogEvent[], sep: string): Promise<boolean> {
  const insert = await conn.prepare(INSERT);
  let pending: Promise<boolean> | undefined;
  try {
    for (let start = 0; start < events.length; start += BATCH) {
      const end = Math.min(events.length, start + BATCH);
      const params = encodeBatch(events, start, end, sep);
      if (pending && !(await pending)) return false;
      // bind and run synchronously hand the work to DuckDB's thread before the next encode starts
      insert.bind(params);
      pending = insert.run().then((r) => r.rowsChanged === end - start);
    }
    return pending ? await pending : true;
  } finally {
    // never free the statement under a running insert
    await pending?.catch(() => false);
    insert.destroySync();
  }
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows()[0]?.[0] ?? null;
}

/** Loads events into a new instance, then applies the lockdown; the returned connection is a plain one. */
export async function loadDatabase(events: readonly LogEvent[]): Promise<LoadedDatabase> {
  const instance = await DuckDBInstance.create(":memory:", INSTANCE_CONFIG);
  try {
    const conn = await instance.connect();
    await conn.run(CREATE_TABLE);
    let loaded = events.length === 0;
    for (const sep of SEPARATORS) {
      if (loaded) break;
      await conn.run("BEGIN TRANSACTION");
      loaded = await insertAll(conn, events, sep);
      await conn.run(loaded ? "COMMIT" : "ROLLBACK");
    }
    if (!loaded) throw new Error("lab-engine: events contain every separator candidate");
    // The table lives in DuckDB's buffer pool, so the query budget is added on top of what it already takes.
    const tableBytes = Number(await scalar(conn, "SELECT sum(memory_usage_bytes) FROM duckdb_memory()"));
    const memoryLimit = `${Math.ceil(tableBytes / 2 ** 20) + parseInt(QUERY_LIMITS.memoryLimit, 10)}MiB`;
    await lockDown(conn, memoryLimit);
    return { instance, conn, tableBytes, memoryLimit };
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

/** Each setting was checked against duckdb_settings() of this DuckDB version; lock_configuration must come last. */
export const LOCKDOWN: readonly [string, string][] = [
  ["threads", "1"],
  ["enable_external_access", "false"],
  ["autoinstall_known_extensions", "false"],
  ["autoload_known_extensions", "false"],
  ["allow_community_extensions", "false"],
  ["allow_unsigned_extensions", "false"],
  ["enable_progress_bar", "false"],
  ["errors_as_json", "true"],
];

async function lockDown(conn: DuckDBConnection, memoryLimit: string): Promise<void> {
  for (const [name, value] of LOCKDOWN) await conn.run(`SET ${name} = ${value}`);
  await conn.run(`SET memory_limit = '${memoryLimit}'`);
  await conn.run("SET lock_configuration = true");
}
