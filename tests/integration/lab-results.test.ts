// The lab workspace past the first 1,000 rows and beside the table: pages of a result, its export
// as CSV and JSON lines, the explorer's event detail with its context, and its exclude filters.
// A real engine (the app's own supervised processes) on the shipped lab's data, and a real database.
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { learnerLab } from "@/lib/server/lab/context";
import { exportLabQuery } from "@/lib/server/lab/export";
import { exploreLab, labEventContext, runLabQuery } from "@/lib/server/lab/queries";
import { eventContextSchema, exploreSchema, queryExportSchema, querySchema } from "@/lib/schemas/lab";
import { EXPORT_LIMITS } from "@/lib/lab/limits";
import type { Cell, LogRow } from "@/lib/lab/types";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";
import { asInput, settle } from "../support/settle";

const SLUG = "cryptominer-via-marathon";
let n = 0;
const learner = async () =>
  (await createAccount(db, { name: `Analyst ${++n}`, email: `results-${n}-${Date.now()}@example.com`, password: "results password 1" })).userId;

/** SQL on the learner's dataset straight through the engine (no history, no rate limit): the expected side. */
async function direct(userId: string, sql: string): Promise<Cell[][]> {
  const ctx = (await learnerLab(userId, SLUG))!;
  return (await ctx.dataset.query(sql, { maxRows: 10_000 })).rows;
}

const query = (userId: string, sql: string, offset?: number) =>
  settle(() => runLabQuery({ userId, slug: SLUG, input: asInput(querySchema, offset === undefined ? { sql } : { sql, offset }) }));

async function exported(userId: string, sql: string, format: "csv" | "jsonl"): Promise<{ filename: string; contentType: string; text: string }> {
  const file = await exportLabQuery({ userId, slug: SLUG, input: asInput(queryExportSchema, { sql, format }), now: new Date("2026-03-09T14:00:05.123Z") });
  return { filename: file.filename, contentType: file.contentType, text: await new Response(file.body).text() };
}

describe.each(backends)("query results, exports and the event detail on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("pages through a result past 1,000 rows: the same rows as OFFSET, no history entry, counted for the limit", async () => {
    const userId = await learner();
    const sql = "SELECT id, host FROM logs ORDER BY id";
    const first = await query(userId, sql);
    expect(first).toMatchObject({ ok: true, offset: 0, rowCount: 1000, truncated: true });
    const total = first.totalCount as number;
    expect(total).toBeGreaterThan(20_000);
    const second = await query(userId, sql, 1000);
    expect(second).toMatchObject({ ok: true, offset: 1000, rowCount: 1000, totalCount: total, truncated: true });
    expect(second.rows).toEqual(await direct(userId, `${sql} LIMIT 1000 OFFSET 1000`));
    const lastStart = Math.floor((total - 1) / 1000) * 1000;
    const last = await query(userId, sql, lastStart);
    expect(last).toMatchObject({ ok: true, offset: lastStart, rowCount: total - lastStart, totalCount: total });
    expect(last.rows.at(-1)).toEqual((await direct(userId, "SELECT id, host FROM logs ORDER BY id DESC LIMIT 1"))[0]);
    // the learner's own LIMIT and ORDER BY stay theirs: the page is taken from their result
    expect(await query(userId, "SELECT id FROM logs ORDER BY id DESC LIMIT 1500", 1000)).toMatchObject({ ok: true, rowCount: 500, totalCount: 1500 });
    // a page is not a new history entry, but an activity event that the per-minute limit counts
    expect(await db.labQuery.count({ where: { userId } })).toBe(1);
    expect(await db.activityEvent.count({ where: { userId, type: "lab_query_page" } })).toBe(3);
    // pages run through the same checks as any query
    expect(await query(userId, "DROP TABLE logs", 1000)).toMatchObject({ ok: false, status: 400, kind: "not_select" });
    expect(await query(userId, "SELECT * FROM read_csv('/etc/passwd')", 1000)).toMatchObject({ ok: false, status: 400, kind: "forbidden" });
    // with the 6 calls above (a query, three pages, two refused pages), 54 more reach the limit of 60
    const rest = await Promise.all(Array.from({ length: 60 }, () => query(userId, "SELECT 1")));
    expect(rest.filter((r) => r.ok)).toHaveLength(54);
    expect(await query(userId, sql, 2000)).toMatchObject({ ok: false, status: 429 });
    expect(await query(userId, sql)).toMatchObject({ ok: false, status: 429 });
  });

  it("refuses a page out of bounds at the boundary", () => {
    for (const offset of [-1, 1.5, 1_000_001, "10"]) expect(querySchema.safeParse({ sql: "SELECT 1", offset }).success, String(offset)).toBe(false);
    expect(querySchema.safeParse({ sql: "SELECT 1", offset: 1_000_000 }).success).toBe(true);
  });

  it("exports a query's rows as CSV and JSON lines: timestamps in UTC, maps as JSON, formulas defused", async () => {
    const userId = await learner();
    const sql = "SELECT id, ts, host, level, fields, message FROM logs WHERE id <= 3 ORDER BY id";
    const expected = await direct(userId, sql);
    const csv = await exported(userId, sql, "csv");
    expect(csv.filename).toBe(`${SLUG}-query-20260309T140005Z.csv`);
    expect(csv.contentType).toBe("text/csv; charset=utf-8");
    const table = parse(csv.text) as string[][];
    expect(table[0]).toEqual(["id", "ts", "host", "level", "fields", "message"]);
    expect(table.slice(1)).toEqual(expected.map((r) => r.map((c) => (typeof c === "string" && /^[=+\-@\t\r]/.test(c) ? `'${c}` : String(c)))));
    for (const row of table.slice(1)) {
      expect(row[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(typeof JSON.parse(row[4])).toBe("object");
    }
    const jsonl = await exported(userId, sql, "jsonl");
    expect(jsonl.filename).toBe(`${SLUG}-query-20260309T140005Z.jsonl`);
    const lines = jsonl.text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(expected.map(([id, ts, host, level, fields, message]) => ({ id, ts, host, level, fields: JSON.parse(fields as string), message })));

    // learners' log data is hostile: a cell a spreadsheet would run is prefixed, numbers stay numbers
    const hostile = await exported(
      userId,
      `SELECT '=HYPERLINK("http://x")' AS "=a", -5 AS n, '-5' AS s, '@x' AS b, 'plain' AS p, NULL AS z, true AS t, 1 AS id, 2 AS id`,
      "csv",
    );
    expect(parse(hostile.text)).toEqual([
      ["'=a", "n", "s", "b", "p", "z", "t", "id", "id"],
      [`'=HYPERLINK("http://x")`, "-5", "'-5", "'@x", "plain", "", "true", "1", "2"],
    ]);
    const named = await exported(userId, "SELECT 1 AS id, 2 AS id", "jsonl");
    expect(JSON.parse(named.text)).toEqual({ id: 1, id_1: 2 });

    // the whole result, not a page: more than 1,000 rows, each once, in the query's order
    const all = await exported(userId, "SELECT id FROM logs WHERE id % 10 = 0 ORDER BY id", "csv");
    const ids = (parse(all.text) as string[][]).slice(1).map((r) => Number(r[0]));
    const count = Number((await direct(userId, "SELECT count(*) FROM logs WHERE id % 10 = 0"))[0][0]);
    expect(ids).toHaveLength(count);
    expect(count).toBeGreaterThan(1000);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(count);
    expect(await db.activityEvent.count({ where: { userId, type: "lab_query_export" } })).toBe(5);
    expect(await db.labQuery.count({ where: { userId } })).toBe(0);
  });

  it("refuses an export over its limits with the limit in the sentence, and a forbidden query", async () => {
    const userId = await learner();
    const attempt = (sql: string, format: "csv" | "jsonl" = "csv") =>
      settle(() => exportLabQuery({ userId, slug: SLUG, input: asInput(queryExportSchema, { sql, format }) }));
    const total = Number((await direct(userId, "SELECT count(*) FROM logs"))[0][0]);
    const rows = await attempt("SELECT l.id FROM logs l, range(5)");
    expect(rows).toMatchObject({ ok: false, status: 400, kind: "too_large" });
    expect(rows.message).toBe(
      `This result has ${(total * 5).toLocaleString("en-US")} rows; an export is limited to ${EXPORT_LIMITS.maxRows.toLocaleString("en-US")}. Narrow the query.`,
    );
    const bytes = await attempt("SELECT raw || raw || raw || raw || raw || raw || raw || raw || raw || raw AS r FROM logs");
    expect(bytes).toMatchObject({
      ok: false,
      status: 400,
      kind: "too_large",
      message: expect.stringMatching(/^This result is about \d+(\.\d)? MB; an export is limited to 20 MB\./),
    });
    expect(await attempt("SELECT * FROM read_csv('/etc/passwd')")).toMatchObject({ ok: false, status: 400, kind: "forbidden" });
    expect(await attempt("COPY logs TO '/tmp/x.csv'")).toMatchObject({ ok: false, status: 400 });
    expect(await attempt("SELECT 1; SELECT 2")).toMatchObject({ ok: false, status: 400, kind: "multiple_statements" });
    expect(await attempt("SELECT CAST(message AS INT) FROM logs")).toMatchObject({ ok: false, status: 400, kind: "syntax" });
    // each refusal counted, none in the history
    expect(await db.activityEvent.count({ where: { userId, type: "lab_query_export", data: { path: ["ok"], equals: false } } })).toBe(6);
    expect(await db.labQuery.count({ where: { userId } })).toBe(0);
    expect(queryExportSchema.safeParse({ sql: "SELECT 1", format: "xlsx" }).success).toBe(false);
    expect(queryExportSchema.safeParse({ sql: "SELECT 1\u0000", format: "csv" }).success).toBe(false);
    expect(await settle(() => exportLabQuery({ userId, slug: "no-such-lab", input: { sql: "SELECT 1", format: "csv" } }))).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it("opens an event in full with the events before and after it on its host, in (ts, id) order", async () => {
    const userId = await learner();
    const [[host]] = await direct(userId, "SELECT host FROM logs GROUP BY host ORDER BY count(*) DESC, host LIMIT 1");
    const onHost = (await direct(userId, `SELECT id, ts, host, service, level, message FROM logs WHERE host = '${host}' ORDER BY ts, id`)).map(
      ([id, ts, h, service, level, message]) => ({ id, ts, host: h, service, level, message }) as LogRow,
    );
    const at = Math.floor(onHost.length / 2);
    const context = await labEventContext({ userId, slug: SLUG, input: asInput(eventContextSchema, { id: onHost[at].id }) });
    const [[raw, fields]] = await direct(userId, `SELECT raw, fields FROM logs WHERE id = ${onHost[at].id}`);
    expect(context.event).toEqual({ ...onHost[at], raw, fields: JSON.parse(fields as string) });
    expect(context.before).toEqual(onHost.slice(at - 5, at));
    expect(context.after).toEqual(onHost.slice(at + 1, at + 6));
    // at the host's first event there is nothing before it; up to 20 after when asked
    const edge = await labEventContext({ userId, slug: SLUG, input: asInput(eventContextSchema, { id: onHost[0].id, before: 20, after: 20 }) });
    expect(edge.before).toEqual([]);
    expect(edge.after).toEqual(onHost.slice(1, 21));
    expect(await settle(() => labEventContext({ userId, slug: SLUG, input: asInput(eventContextSchema, { id: 987_654_321 }) }))).toMatchObject({
      ok: false,
      status: 404,
    });
    for (const bad of [{ id: -1 }, { id: 1.5 }, { id: "1" }, { id: 1, before: 21 }, { id: 1, after: -1 }, { id: 1, extra: true }, {}])
      expect(eventContextSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it("excludes hosts, services, levels and message texts in the explorer, with the SQL that says so", async () => {
    const userId = await learner();
    const explore = (filters: object) => exploreLab({ userId, slug: SLUG, input: asInput(exploreSchema, { filters }) });
    const all = await explore({});
    const [[host, onHost]] = await direct(userId, "SELECT host, count(*) FROM logs GROUP BY host ORDER BY 2 DESC, 1 LIMIT 1");
    const withoutHost = await explore({ excludeHosts: [host] });
    expect(withoutHost.total).toBe(all.total - Number(onHost));
    expect(withoutHost.rows.every((r) => r.host !== host)).toBe(true);
    expect(withoutHost.sql).toContain(`WHERE host NOT IN ('${host}')`);
    const filters = { excludeServices: ["systemd"], excludeLevels: ["INFO"], excludeText: ["Starting", "100%"] };
    const narrowed = await explore(filters);
    const [[expected]] = await direct(
      userId,
      "SELECT count(*) FROM logs WHERE service <> 'systemd' AND level <> 'INFO' AND NOT message ILIKE '%Starting%' AND NOT contains(lower(message), '100%')",
    );
    expect(narrowed.total).toBe(Number(expected));
    // the readable SQL runs as the learner's own query and selects the same events
    const copied = await query(
      userId,
      narrowed.sql.replace("SELECT id, ts, host, service, level, message FROM logs", "SELECT count(*) FROM logs").replace(" ORDER BY ts, id", ""),
    );
    expect(copied).toMatchObject({ ok: true, rows: [[narrowed.total]] });
    expect(await settle(() => explore({ excludeLevels: ["LOUD"] }))).toMatchObject({ ok: false, status: 400 });
  });
});
