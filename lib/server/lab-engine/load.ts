// Builds one learner's database: a fresh in-memory DuckDB instance holding only their events,
// locked down before any learner SQL reaches it.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { LogEvent } from "@/lib/labgen";
import { QUERY_LIMITS } from "./types";
import { TEXT_COLUMNS, encodeEvents, isEncoded, type EncodedEvents } from "./encode";

const CREATE_TABLE = `CREATE TABLE logs (id BIGINT, ts TIMESTAMP, host VARCHAR, service VARCHAR, level VARCHAR,
  message VARCHAR, raw VARCHAR, fields MAP(VARCHAR, VARCHAR))`;

// Columns travel as one joined string each and DuckDB splits them (see encode.ts): one crossing
// into native code per column instead of one per value (the appender's per-value calls cost ~10 s
// for 200k events). The CASE on random() is there only because it is volatile: without it the
// optimizer folds each function of a constant into a LIST value built element by element, which
// triples the cost.
const volatile = (param: string) => `CASE WHEN random() < 2 THEN ${param} END`;
const INSERT = `INSERT INTO logs
  SELECT id::BIGINT, ts::TIMESTAMP, host, service, level, message, raw, fields
  FROM (SELECT ${TEXT_COLUMNS.map((c, i) => `unnest(string_split(${volatile(`$${i + 1}`)}, $9)) AS ${c}`).join(", ")},
    unnest(json_transform(${volatile("$8")}, '["MAP(VARCHAR, VARCHAR)"]')) AS fields)`;

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

/** Inserting one batch (DuckDB, on its own thread) overlaps encoding or receiving the next. */
async function insertAll(conn: DuckDBConnection, encoded: EncodedEvents): Promise<void> {
  const insert = await conn.prepare(INSERT);
  let pending: Promise<number> | undefined;
  let inserted = 0;
  try {
    for await (const batch of encoded.batches) {
      if (pending) inserted += await pending;
      // bind and run synchronously hand the work to DuckDB's thread before the next batch
      insert.bind([...batch.columns, batch.sep]);
      const rows = batch.rows;
      pending = insert.run().then((r) => {
        if (Number(r.rowsChanged) !== rows) throw new Error(`lab-engine: a batch of ${rows} events loaded ${r.rowsChanged} rows`);
        return rows;
      });
    }
    if (pending) inserted += await pending;
  } finally {
    // never free the statement under a running insert
    await pending?.catch(() => 0);
    insert.destroySync();
  }
  if (inserted !== encoded.count) throw new Error(`lab-engine: loaded ${inserted} of ${encoded.count} events`);
}

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRows()[0]?.[0] ?? null;
}

/** Loads events into a new instance, then applies the lockdown; the returned connection is a plain one. */
export async function loadDatabase(source: readonly LogEvent[] | EncodedEvents): Promise<LoadedDatabase> {
  const encoded = isEncoded(source) ? source : encodeEvents(source);
  const instance = await DuckDBInstance.create(":memory:", INSTANCE_CONFIG);
  try {
    const conn = await instance.connect();
    await conn.run(CREATE_TABLE);
    await conn.run("BEGIN TRANSACTION");
    await insertAll(conn, encoded);
    await conn.run("COMMIT");
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
