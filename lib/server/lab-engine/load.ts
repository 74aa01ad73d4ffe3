// Builds one learner's database as a DuckDB file (its text columns zstd-compressed, written once by a trusted
// builder instance), and opens such a file read-only in an instance of its own, locked down
// before any learner SQL reaches it. A file holds ~15 MB per 200k events, reopening one takes
// tens of milliseconds, and only the blocks a query touches are held in memory.
import fs from "node:fs";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { LogEvent } from "@/lib/labgen";
import { QUERY_LIMITS } from "./types";
import { toCell } from "./values";
import { TEXT_COLUMNS, encodeEvents, isEncoded, type EncodedEvents } from "./encode";

// The two long text columns are zstd-compressed (a 200k-event file: 14.5 MB against 41 MB with
// DuckDB's default string compression, and no slower to scan); ids, times, the short dictionary
// columns and the fields map keep DuckDB's own choice, which is both smaller and faster for them
// than zstd (22.5 MB, map lookups 2x slower, with zstd everywhere).
const CREATE_TABLE = `CREATE TABLE logs (id BIGINT, ts TIMESTAMP, host VARCHAR, service VARCHAR, level VARCHAR,
  message VARCHAR USING COMPRESSION zstd, raw VARCHAR USING COMPRESSION zstd, fields MAP(VARCHAR, VARCHAR))`;

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

// Settings of an instance that serves learner SQL, from its creation: no file, network or
// extension access, no temp directory (a lab never spills to disk), read-only storage.
// Threads per learner query: the supervisor gives its normal processes 2 (a query then takes about
// half as long on this 2-core machine) and the slow lane 1; anything else running this code, 1.
const queryThreads = () => (/^[1-8]$/.test(process.env.LAB_QUERY_THREADS ?? "") ? process.env.LAB_QUERY_THREADS! : "1");

const instanceConfig = () => ({
  access_mode: "READ_ONLY",
  threads: queryThreads(),
  temp_directory: "",
  max_temp_directory_size: "0MB",
  enable_external_access: "false",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  allow_community_extensions: "false",
  errors_as_json: "true",
});

export type LoadedDatabase = { instance: DuckDBInstance; conn: DuckDBConnection; tableBytes: number; memoryLimit: string };

/** What a dataset file holds, computed once when it is built and kept beside it. */
export type DatasetMeta = { eventCount: number; range: { from: string; to: string }; fileBytes: number; hosts: string[]; services: string[]; levels: string[] };

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

const rowsOf = async (conn: DuckDBConnection, sql: string) => (await conn.runAndReadAll(sql)).getRows();

/**
 * Writes the events to `file` (replacing it atomically: a reader never sees half a file, and two
 * builders of the same pure dataset just write the same bytes twice). The file's size is also about
 * what an open dataset holds in memory once its queries have touched every column.
 */
export async function buildDatasetFile(file: string, source: readonly LogEvent[] | EncodedEvents): Promise<DatasetMeta> {
  const encoded = isEncoded(source) ? source : encodeEvents(source);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const instance = await DuckDBInstance.create(tmp, {
    threads: "1",
    storage_compatibility_version: "latest",
    autoload_known_extensions: "false",
    autoinstall_known_extensions: "false",
  });
  try {
    const conn = await instance.connect();
    await conn.run(CREATE_TABLE);
    await conn.run("BEGIN TRANSACTION");
    await insertAll(conn, encoded);
    await conn.run("COMMIT");
    await conn.run("CHECKPOINT");
    const [min, max, count] = (await rowsOf(conn, "SELECT min(ts), max(ts), count(*) FROM logs"))[0].map(toCell);
    const distinct = async (col: string) =>
      (await rowsOf(conn, `SELECT DISTINCT ${col} FROM logs WHERE ${col} IS NOT NULL ORDER BY 1`)).map((r) => String(r[0]));
    const epoch = new Date(0).toISOString();
    const meta = {
      eventCount: Number(count),
      range: { from: typeof min === "string" ? min : epoch, to: typeof max === "string" ? max : epoch },
      fileBytes: 0,
      hosts: await distinct("host"),
      services: await distinct("service"),
      levels: await distinct("level"),
    };
    conn.closeSync();
    instance.closeSync();
    fs.renameSync(tmp, file);
    fs.rmSync(`${tmp}.wal`, { force: true });
    return { ...meta, fileBytes: fs.statSync(file).size };
  } catch (err) {
    instance.closeSync();
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}.wal`, { force: true });
    throw err;
  }
}

/** Opens a dataset file read-only in a new instance, locked down; the returned connection is a plain one. */
export async function openDatabase(file: string): Promise<LoadedDatabase> {
  const instance = await DuckDBInstance.create(file, instanceConfig());
  try {
    const conn = await instance.connect();
    // Table blocks are read into DuckDB's buffer pool as queries touch them, so the query budget
    // is added on top of the file's size.
    const tableBytes = fs.statSync(file).size;
    const memoryLimit = `${Math.ceil(tableBytes / 2 ** 20) + parseInt(QUERY_LIMITS.memoryLimit, 10)}MiB`;
    await lockDown(conn, memoryLimit);
    return { instance, conn, tableBytes, memoryLimit };
  } catch (err) {
    instance.closeSync();
    throw err;
  }
}

/** Each setting was checked against duckdb_settings() of this DuckDB version; lock_configuration must come last. */
export const lockdown = (): readonly [string, string][] => [
  ["threads", queryThreads()],
  ["enable_external_access", "false"],
  ["autoinstall_known_extensions", "false"],
  ["autoload_known_extensions", "false"],
  ["allow_community_extensions", "false"],
  ["allow_unsigned_extensions", "false"],
  ["enable_progress_bar", "false"],
  ["errors_as_json", "true"],
];

async function lockDown(conn: DuckDBConnection, memoryLimit: string): Promise<void> {
  for (const [name, value] of lockdown()) await conn.run(`SET ${name} = ${value}`);
  await conn.run(`SET memory_limit = '${memoryLimit}'`);
  await conn.run("SET lock_configuration = true");
}
