import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { generateLab, type LogEvent } from "@/lib/labgen";
import { createDataset, QUERY_LIMITS, QueryRejected, type LabDataset, type RejectKind } from "@/lib/server/lab-engine";
import { buildDatasetFile, openDatabase } from "@/lib/server/lab-engine/load";
import { ConnectionSlot } from "@/lib/server/lab-engine/slot";

let events: LogEvent[];
let ds: LabDataset;
let other: LabDataset;
// paths no one else uses, so "absent afterwards" proves the engine wrote nothing
const tmp = `/tmp/watchfloor-sandbox-${process.pid}`;

beforeAll(async () => {
  events = generateLab({ seed: "engine-test", targetEvents: 50_000 }).events;
  ds = await createDataset("sandbox", events);
  other = await createDataset("sandbox-other", events.slice(0, 1000));
});
afterAll(async () => {
  await ds?.close();
  await other?.close();
});

async function refused(sql: string, kind: RejectKind, message?: RegExp): Promise<QueryRejected> {
  const err = await ds.query(sql).then(
    (r) => {
      throw new Error(`ran instead of being refused: ${JSON.stringify(r.rows.slice(0, 2))}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(QueryRejected);
  const rejected = err as QueryRejected;
  expect({ kind: rejected.kind, message: rejected.message }).toEqual({ kind, message: expect.stringMatching(message ?? /./) });
  // safe to show: no stack, no file system paths, not the engine's raw JSON
  expect(rejected.message).not.toMatch(/\/(root|etc|tmp|home|usr|var)\b|\bat .*\.(js|ts):\d|exception_type/);
  // and the data is untouched, the dataset still answers
  expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[events.length]]);
  return rejected;
}

const NOT_SELECT = /Only SELECT queries can run here; the data is read-only\./;
const FORBIDDEN = /cannot read or write files/;

describe("input checks", () => {
  it.each([
    ["empty", "", "empty"],
    ["whitespace", " \n\t ", "empty"],
    ["only a comment", "-- SELECT 1", "empty"],
    ["20,481 bytes", `SELECT 1 ${"-".repeat(20_481 - 10)}\n`, "too_large"],
    ["a NUL byte", "SELECT 1\u0000", "binary"],
    ["a bell", "SELECT '\u0007'", "binary"],
    ["a lone surrogate", "SELECT '\ud800'", "binary"],
    ["two statements", "SELECT 1; DROP TABLE logs", "multiple_statements"],
  ] as const)("refuses %s", async (_label, sql, kind) => {
    if (kind === "too_large") expect(Buffer.byteLength(sql)).toBe(20_481);
    await refused(sql, kind);
  });

  it("accepts a query of exactly 20,480 bytes and a trailing semicolon", async () => {
    const sql = `SELECT count(*) FROM logs ${"-".repeat(20_480 - 27)}\n`;
    expect(Buffer.byteLength(sql)).toBe(20_480);
    expect((await ds.query(sql)).rows).toEqual([[events.length]]);
    expect((await ds.query("SELECT count(*) FROM logs;")).rows).toEqual([[events.length]]);
  });
});

describe("statements other than SELECT", () => {
  it.each([
    "DROP TABLE logs",
    "DELETE FROM logs",
    "UPDATE logs SET host = 'x'",
    "INSERT INTO logs (id) VALUES (-1)",
    "TRUNCATE logs",
    "CREATE TABLE t AS SELECT 1",
    "CREATE MACRO repeat(a, b) AS 'x'",
    "ATTACH 'dbname=test host=127.0.0.1' AS pg (TYPE postgres)",
    "INSTALL httpfs",
    "LOAD httpfs",
    "INSTALL postgres",
    "SET threads = 8",
    "SET enable_external_access = true",
    "RESET lock_configuration",
    "PRAGMA threads = 8",
    `ATTACH '${tmp}.duckdb' AS x`,
    "CALL duckdb_settings()",
    "CALL pragma_table_info('logs')",
    "CHECKPOINT",
    "DETACH memory",
    "EXPLAIN SELECT 1",
    "PREPARE p AS SELECT 1",
  ])("refuses %s", async (sql) => {
    await refused(sql, "not_select", NOT_SELECT);
  });
});

describe("files, network, extensions and settings", () => {
  it.each([
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_csv_auto('/etc/passwd')",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM 'https://example.com/x.csv'",
    "SELECT * FROM duckdb_extensions()",
    `COPY logs TO '${tmp}.csv'`,
    `EXPORT DATABASE '${tmp}'`,
  ])("refuses %s", async (sql) => {
    await refused(sql, "forbidden", FORBIDDEN);
  });

  it("hides SQL in strings from no check: query() and query_table() are refused", async () => {
    await refused("SELECT * FROM query('DROP TABLE logs')", "forbidden", /query\(\) is not available/);
    await refused("SELECT * FROM query_table('logs')", "forbidden");
  });

  it("wrote no file", () => {
    for (const path of [`${tmp}.csv`, `${tmp}.duckdb`, tmp]) expect(existsSync(path)).toBe(false);
  });

  it("keeps its own state to itself; the lockdown holds on a direct connection", async () => {
    // learner SQL no longer reads settings or versions at all
    await refused("SELECT name, value FROM duckdb_settings() WHERE name = 'lock_configuration'", "forbidden", /duckdb_settings\(\) is not available/);
    await refused("PRAGMA version", "forbidden", /PRAGMA statements are not available/);
    // the lockdown itself, read by the server on an instance opened the way a dataset is opened
    const dir = mkdtempSync(join(tmpdir(), "watchfloor-lockdown-"));
    try {
      const file = join(dir, "logs.duckdb");
      await buildDatasetFile(file, events.slice(0, 100));
      const db = await openDatabase(file);
      try {
        const reader = await db.conn.runAndReadAll(
          "SELECT name, value FROM duckdb_settings() WHERE name IN ('lock_configuration', 'enable_external_access', 'threads', 'temp_directory', 'autoload_known_extensions') ORDER BY name",
        );
        expect(reader.getRows()).toEqual([
          ["autoload_known_extensions", "false"],
          ["enable_external_access", "false"],
          ["lock_configuration", "true"],
          ["temp_directory", ""],
          ["threads", "1"],
        ]);
      } finally {
        db.conn.closeSync();
        db.instance.closeSync();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("still describes and summarises logs, and allows small literal sizes", async () => {
    expect((await ds.query("DESCRIBE logs")).rowCount).toBe(8);
    expect((await ds.query("SUMMARIZE logs")).rowCount).toBe(8);
    expect((await ds.query("SELECT count(*) FROM range(10) t")).rows).toEqual([[10]]);
    expect((await ds.query("SELECT repeat('-', 40) AS bar")).rows).toEqual([["-".repeat(40)]]);
    expect((await ds.query("SELECT len(range(24))")).rows).toEqual([[24]]);
    // the table-function form streams, so it may be as long as it likes
    const hours = "SELECT count(*) FROM generate_series(TIMESTAMP '2026-03-09', TIMESTAMP '2026-03-16', INTERVAL 1 HOUR) t(h)";
    expect((await ds.query(hours)).rows).toEqual([[169]]);
  });
});

describe("the allow-list", () => {
  const logFile = `${tmp}-duckdb.log`;

  it.each([
    ["enable_logging to a file", `SELECT * FROM enable_logging(storage='file', storage_path='${logFile}')`, "enable_logging"],
    ["enable_logging to stdout", "SELECT * FROM enable_logging(storage='stdout')", "enable_logging"],
    ["disable_logging", "SELECT * FROM disable_logging()", "disable_logging"],
    ["duckdb_logs()", "SELECT * FROM duckdb_logs()", "duckdb_logs"],
    ["the duckdb_logs view", "SELECT * FROM duckdb_logs", "duckdb_logs"],
    ["truncate_duckdb_logs", "SELECT * FROM truncate_duckdb_logs()", "truncate_duckdb_logs"],
    ["write_log", "SELECT write_log('learner was here', level := 'error')", "write_log"],
    ["current_setting", "SELECT current_setting('memory_limit')", "current_setting"],
    ["duckdb_settings()", "SELECT * FROM duckdb_settings()", "duckdb_settings"],
    ["duckdb_tables()", "SELECT * FROM duckdb_tables()", "duckdb_tables"],
    ["duckdb_functions()", "SELECT function_name FROM duckdb_functions()", "duckdb_functions"],
    ["duckdb_databases()", "SELECT * FROM duckdb_databases()", "duckdb_databases"],
    ["information_schema", "SELECT * FROM information_schema.tables", "information_schema.tables"],
    ["pg_catalog", "SELECT * FROM pg_catalog.pg_class", "pg_catalog.pg_class"],
    ["pragma_table_info", "SELECT * FROM pragma_table_info('logs')", "pragma_table_info"],
    ["json_serialize_sql", "SELECT json_serialize_sql('SELECT 1')", "json_serialize_sql"],
    ["json_deserialize_sql", `SELECT json_deserialize_sql('{"error":false,"statements":[]}')`, "json_deserialize_sql"],
    ["json_execute_serialized_sql", `SELECT * FROM json_execute_serialized_sql('{"error":false,"statements":[]}')`, "json_execute_serialized_sql"],
    ["getvariable", "SELECT getvariable('x')", "getvariable"],
    ["version()", "SELECT version()", "version"],
    ["sleep_ms", "SELECT sleep_ms(10000)", "sleep_ms"],
    ["a checkpoint", "SELECT * FROM checkpoint()", "checkpoint"],
    ["sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')", "sniff_csv"],
    ["parquet_metadata", "SELECT * FROM parquet_metadata('x.parquet')", "parquet_metadata"],
    ["read_text in a subquery", "SELECT (SELECT content FROM read_text('/etc/hostname')) AS h", "read_text"],
    ["read_text in a CTE", "WITH f AS (SELECT * FROM read_text('/etc/hostname')) SELECT * FROM f", "read_text"],
    ["read_text in another case", `SELECT * FROM "READ_TEXT"('/etc/hostname')`, "read_text", '"READ_TEXT"'],
    ["a lateral join", "SELECT l.id, s.name FROM logs l, LATERAL (SELECT name FROM duckdb_settings() WHERE name = l.host) s", "duckdb_settings"],
    ["a lateral join to a log switch", "SELECT * FROM logs JOIN LATERAL (SELECT * FROM enable_logging(storage='stdout')) x ON true", "enable_logging"],
    ["a scalar subquery", "SELECT id, (SELECT count(*) FROM duckdb_settings()) AS n FROM logs", "duckdb_settings"],
    ["a UNION branch", "SELECT id FROM logs UNION ALL SELECT 1 FROM enable_logging(storage='stdout')", "enable_logging"],
    ["a recursive CTE", "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t, duckdb_settings() WHERE n < 3) SELECT * FROM t", "duckdb_settings"],
    [
      "a CTE named after a catalog view, read inside itself",
      "WITH duckdb_settings AS (SELECT * FROM duckdb_settings) SELECT * FROM duckdb_settings",
      "duckdb_settings",
      "duckdb_settings)",
    ],
    ["a function name inside list_aggregate", "SELECT list_aggregate(['a'], 'current_setting')", "list_aggregate"],
    ["a forbidden function in a lambda", "SELECT list_transform([1], x -> current_setting('threads'))", "current_setting"],
    ["a forbidden function in ORDER BY", "SELECT id FROM logs ORDER BY write_log('x')", "write_log"],
    ["another catalog", "SELECT * FROM other_catalog.main.logs", "other_catalog.main.logs"],
    ["a qualified forbidden function", "SELECT system.main.current_setting('threads')", "system.main.current_setting"],
    ["a function under another schema", "SELECT pg_catalog.upper('x')", "pg_catalog.upper"],
    ["a table other than logs", "SELECT * FROM sqlite_master", "sqlite_master"],
  ] as [string, string, string, string?][])("refuses %s, naming it, where it is", async (_label, sql, name, at = name) => {
    const err = await refused(sql, "forbidden", new RegExp(name.replace(/[.]/g, "\\.")));
    // and says what is allowed instead
    expect(err.message).toMatch(/allowed|FROM takes|plain name/);
    expect(err.position).toBe(sql.toLowerCase().indexOf(at.toLowerCase()));
  });

  it("never touched the log file", () => {
    expect(existsSync(logFile)).toBe(false);
  });

  it("refuses getenv, which this build does not even have, before the engine sees it", async () => {
    // not on the list, so refused from the parse; DuckDB has no such function here, hence "syntax"
    const sql = "SELECT getenv('HOME') AS home";
    const err = await refused(sql, "syntax", /There is no function named getenv\(\)/);
    expect(err.position).toBe(7);
    await refused("SELECT * FROM logs WHERE host = getenv('HOSTNAME')", "syntax", /getenv/);
  });

  it("tells a misspelt function from a forbidden one", async () => {
    const sql = "SELECT lenght(message) FROM logs";
    const err = await refused(sql, "syntax", /There is no function named lenght\(\); did you mean length\(\)\?/);
    expect(err.position).toBe(sql.indexOf("lenght"));
  });

  it("refuses parameters, SHOW and DESCRIBE of the catalog, and PRAGMA forms", async () => {
    await refused("SELECT $1", "forbidden", /parameters/);
    await refused("SELECT id FROM logs WHERE host = ?", "forbidden", /parameters/);
    await refused("SHOW TABLES", "forbidden", /catalog/);
    await refused("SHOW DATABASES", "forbidden", /catalog/);
    await refused("DESCRIBE duckdb_settings", "forbidden", /duckdb_settings/);
    await refused("SUMMARIZE SELECT * FROM duckdb_settings()", "forbidden", /duckdb_settings\(\)/);
    await refused("PRAGMA table_info('logs')", "forbidden", /PRAGMA/);
    await refused("PRAGMA database_size", "forbidden", /PRAGMA/);
  });

  it("works for an analyst", async () => {
    const rows = async (sql: string) => (await ds.query(sql)).rows;
    const one = async (sql: string) => (await rows(sql))[0][0];
    const hosts = new Set(events.map((e) => e.host)).size;
    const errors = events.filter((e) => e.level === "ERROR").length;
    const byLevel = [...events.reduce((m, e) => m.set(e.level, (m.get(e.level) ?? 0) + 1), new Map<string, number>())].sort();
    const last = events.reduce((a, e) => (e.id > a.id ? e : a));

    expect(await one(String.raw`SELECT regexp_extract('Version: 1.9.0-rc2', 'Version: (\S+)', 1)`)).toBe("1.9.0-rc2");
    expect(await one(String.raw`SELECT count(*) FROM logs WHERE regexp_matches(message, '\w')`)).toBeGreaterThan(0);
    expect(await rows("SELECT unnest(string_split('a b c', ' ')) AS w")).toEqual([["a"], ["b"], ["c"]]);
    expect(await one("SELECT count(*) FROM (SELECT unnest(string_split(message, ' ')) AS w FROM logs)")).toBeGreaterThan(events.length);
    expect(await one("SELECT sum(n) FROM (SELECT date_trunc('hour', ts) AS h, count(*) AS n FROM logs GROUP BY h)")).toBe(events.length);
    expect(await one("SELECT strftime(TIMESTAMP '2026-03-09 10:11:12', '%Y-%m-%d %H')")).toBe("2026-03-09 10");
    const windows = `SELECT count(*) FROM (SELECT row_number() OVER (PARTITION BY host ORDER BY ts, id) AS n,
      lag(ts) OVER (PARTITION BY host ORDER BY ts, id) AS prev FROM logs) WHERE n = 1 AND prev IS NULL`;
    expect(await one(windows)).toBe(hosts);
    expect(await one("SELECT list_filter([1, 2, 3, 4], x -> x % 2 = 0)")).toBe("[2,4]");
    expect(await one("SELECT list_transform([1, 2], lambda x: x * 10)")).toBe("[10,20]");
    expect(await one("SELECT count(*) FROM logs WHERE fields['file'] = 'master.cpp'")).toBe(events.filter((e) => e.fields.file === "master.cpp").length);
    expect(await one("SELECT struct_pack(h := 'web1', n := 2)")).toBe('{"h":"web1","n":2}');
    const recursive = "WITH RECURSIVE r(i) AS (SELECT range FROM range(3) UNION ALL SELECT i + 10 FROM r WHERE i < 20) SELECT count(*), sum(i) FROM r";
    expect(await rows(recursive)).toEqual([[9, 99]]);
    expect(await rows("SELECT level, count(*) AS n FROM logs GROUP BY ALL ORDER BY ALL")).toEqual(byLevel);
    expect((await ds.query("SELECT host, ts FROM logs QUALIFY row_number() OVER (PARTITION BY host ORDER BY ts DESC, id DESC) = 1")).rowCount).toBe(hosts);
    const pivot = await ds.query("PIVOT logs ON level IN ('INFO', 'ERROR') USING count(*) GROUP BY host ORDER BY host");
    expect(pivot.columns.map((c) => c.name)).toEqual(["host", "INFO", "ERROR"]);
    expect(pivot.rows.reduce((sum, r) => sum + Number(r[2]), 0)).toBe(errors);
    expect(await one("SELECT count(*) FILTER (WHERE level = 'ERROR') FROM logs")).toBe(errors);
    expect(await one("SELECT arg_max(host, id) FROM logs")).toBe(last.host);
    // an estimate (HyperLogLog), only roughly the distinct count
    const approx = Number(await one("SELECT approx_count_distinct(host) FROM logs"));
    expect(approx).toBeGreaterThanOrEqual(hosts / 2);
    expect(approx).toBeLessThanOrEqual(hosts * 2);
    const union = await ds.query("SELECT id FROM logs WHERE level = 'ERROR' UNION ALL SELECT id FROM logs WHERE level <> 'ERROR'");
    expect(union.totalCount).toBe(events.length);
    // a qualified name is the same function when the qualifier is main or system
    expect(await rows("SELECT system.main.upper('x'), main.lower('Y'), system.repeat('ab', 2)")).toEqual([["X", "y", "abab"]]);
    expect(await one("WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT y FROM b")).toBe(2);
    expect(await one("SELECT count(*) FROM main.logs")).toBe(events.length);
  });
});

describe("runaway queries", () => {
  it("stops a cross join at the time limit and keeps the event loop free", async () => {
    const started = Date.now();
    const runaway = ds.query("SELECT count(*) FROM logs a, logs b, logs c").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const tick = Date.now();
    await new Promise((r) => setTimeout(r, 0));
    expect(Date.now() - tick).toBeLessThan(50);
    const t = Date.now();
    expect((await other.query("SELECT count(*) FROM logs")).rows).toEqual([[1000]]);
    expect(Date.now() - t).toBeLessThan(500);
    const err = (await runaway) as QueryRejected;
    expect(err).toMatchObject({ kind: "timeout", message: "The query ran longer than 3 s and was stopped." });
    expect(Date.now() - started).toBeLessThan(3600);
    expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[events.length]]);
  });

  it("stops an endless range", async () => {
    await refused("SELECT sum(i) FROM range(10000000000000) t(i)", "timeout");
  });

  it("shows the first rows of an endless result and a lower-bound count", async () => {
    const r = await ds.query("SELECT a.id, b.id, c.id FROM logs a, logs b, logs c", { timeoutMs: 1000 });
    expect(r).toMatchObject({ rowCount: 1000, truncated: true, totalIsLowerBound: true });
    expect(r.totalCount).toBeGreaterThan(1000);
  });

  it.each([
    ["repeat('x', 1e9)", "SELECT repeat('x', 1e9)", "memory"],
    ["a qualified repeat", "SELECT system.main.repeat('x', 100000000)", "memory"],
    ["a computed size", "SELECT lpad('x', count(*)::INT * 100000, 'y') FROM logs", "memory"],
    ["a billion-element list", "SELECT len(range(1000000000))", "memory"],
    ["printf padding", "SELECT printf('%900000000d', 1)", "memory"],
    ["string_agg over a cross join", "SELECT length(string_agg(a.raw, ',')) FROM logs a, logs b", "memory|timeout"],
    ["list of every raw line, twice", "SELECT len(list(a.raw || b.raw)) FROM logs a, logs b", "memory|timeout"],
  ])("refuses or stops %s without harm", async (_label, sql, kinds) => {
    const err = await ds.query(sql).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryRejected);
    expect((err as QueryRejected).kind).toMatch(new RegExp(`^(${kinds})$`));
    expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[events.length]]);
  });

  it("counts a query's time limit from when it was asked, not from when its turn came", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const slot = new ConnectionSlot(instance, await instance.connect());
    const started = Date.now();
    // the learner's previous query holds the connection for most of the limit
    const first = slot.run(1000, () => new Promise((r) => setTimeout(r, 900)));
    // the next one (which would run for 2 s) has 100 ms left when its turn comes, not a fresh second
    const second = slot.run(1000, () => new Promise((r) => setTimeout(r, 2000)));
    await first;
    await expect(second).rejects.toMatchObject({ kind: "timeout", message: "The query ran longer than 1 s and was stopped." });
    expect(Date.now() - started).toBeLessThan(1000 + 400 + 300);
    // one that waited past its whole limit says why, without running
    const third = slot.run(1000, () => new Promise((r) => setTimeout(() => r("done"), 800)));
    const fourth = slot.run(200, async () => "ran");
    await expect(third).resolves.toBe("done");
    await expect(fourth).rejects.toMatchObject({ kind: "timeout", message: /waited that long for your previous query/ });
    await slot.close();
    instance.closeSync();
  });

  it("answers on time even when the engine ignores the interrupt, then moves to a fresh connection", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const first = await instance.connect();
    const slot = new ConnectionSlot(instance, first);
    const started = Date.now();
    // work that never checks for an interrupt, like one huge string being built
    const stuck = slot.run(200, () => new Promise((r) => setTimeout(r, 1500)));
    await expect(stuck).rejects.toMatchObject({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(1000);
    const next = await slot.run(1000, async (conn) => {
      expect(conn).not.toBe(first);
      return (await conn.runAndReadAll("SELECT 42")).getRows();
    });
    expect(next).toEqual([[42]]);
    await slot.close();
    instance.closeSync();
  });
});

describe("result size", () => {
  const { maxCellChars, maxResultBytes } = QUERY_LIMITS;

  it("cuts a huge text value inside the engine, before it is converted", async () => {
    // every raw line joined: megabytes in one value
    const r = await ds.query("SELECT string_agg(raw, chr(10)) AS everything, length(string_agg(raw, chr(10))) AS n FROM logs");
    const [text, n] = r.rows[0] as [string, number];
    expect(n).toBeGreaterThan(maxCellChars * 100);
    expect(text).toHaveLength(maxCellChars + 1);
    expect(text.endsWith("…")).toBe(true);
  });

  it("cuts a huge nested value to its text form, and leaves small ones as they are", async () => {
    const r = await ds.query("SELECT list(raw) AS all_lines, [1, 2] AS small FROM logs");
    const [all, small] = r.rows[0] as [string, string];
    expect(all).toHaveLength(maxCellChars + 1);
    expect(all.endsWith("…")).toBe(true);
    expect(JSON.parse(small)).toEqual([1, 2]);
  });

  it("stops the rows at the byte limit, says so, and still counts them all", async () => {
    const wide = Array.from({ length: 30 }, () => "raw").join(" || ");
    const r = await ds.query(`SELECT ${wide} AS wide FROM logs`);
    expect(r.byteLimited).toBe(true);
    expect(r.truncated).toBe(true);
    expect(r.rowCount).toBeLessThan(QUERY_LIMITS.maxRows);
    expect(r.totalCount).toBe(events.length);
    const bytes = r.rows.reduce((sum, [cell]) => sum + String(cell).length * 2, 0);
    expect(bytes).toBeLessThanOrEqual(maxResultBytes);
  });
});
