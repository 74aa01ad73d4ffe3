import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance } from "@duckdb/node-api";
import { generateLab, type LogEvent } from "@/lib/labgen";
import { createDataset, QueryRejected, type LabDataset, type RejectKind } from "@/lib/server/lab-engine";
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
    (r) => { throw new Error(`ran instead of being refused: ${JSON.stringify(r.rows.slice(0, 2))}`); },
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

  it("allows reading its own state", async () => {
    const settings = await ds.query("SELECT name, value FROM duckdb_settings() WHERE name IN ('lock_configuration', 'enable_external_access', 'threads', 'temp_directory', 'autoload_known_extensions') ORDER BY name");
    expect(settings.rows).toEqual([["autoload_known_extensions", "false"], ["enable_external_access", "false"], ["lock_configuration", "true"], ["temp_directory", ""], ["threads", "1"]]);
    expect((await ds.query("PRAGMA version")).columns[0].name).toBe("library_version");
    expect((await ds.query("DESCRIBE logs")).rowCount).toBe(8);
    expect((await ds.query("SELECT count(*) FROM range(10) t")).rows).toEqual([[10]]);
    expect((await ds.query("SELECT repeat('-', 40) AS bar")).rows).toEqual([["-".repeat(40)]]);
    expect((await ds.query("SELECT len(range(24))")).rows).toEqual([[24]]);
    // the table-function form streams, so it may be as long as it likes
    const hours = "SELECT count(*) FROM generate_series(TIMESTAMP '2026-03-09', TIMESTAMP '2026-03-16', INTERVAL 1 HOUR) t(h)";
    expect((await ds.query(hours)).rows).toEqual([[169]]);
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
