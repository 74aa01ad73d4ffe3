import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateLab, type Level, type LogEvent } from "@/lib/labgen";
import { createDataset, datasetStats, evictAll, getDataset, QueryRejected, type LabDataset } from "@/lib/server/lab-engine";

let events: LogEvent[];
let ds: LabDataset;

beforeAll(async () => {
  events = generateLab({ seed: "engine-test", targetEvents: 50_000 }).events;
  ds = await createDataset("engine-test", events);
});
afterAll(async () => {
  await ds?.close();
  await evictAll();
});

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as QueryRejected,
  );
const countBy = <T>(list: T[], key: (t: T) => string) => list.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());

describe("loading", () => {
  it("holds every event in a logs table with the documented columns", async () => {
    expect(ds.eventCount).toBe(events.length);
    expect((await ds.query("SELECT count(*) AS n FROM logs")).rows).toEqual([[events.length]]);
    expect(ds.schema()).toEqual([
      { name: "id", type: "BIGINT" },
      { name: "ts", type: "TIMESTAMP" },
      { name: "host", type: "VARCHAR" },
      { name: "service", type: "VARCHAR" },
      { name: "level", type: "VARCHAR" },
      { name: "message", type: "VARCHAR" },
      { name: "raw", type: "VARCHAR" },
      { name: "fields", type: "MAP(VARCHAR, VARCHAR)" },
    ]);
    expect(ds.range).toEqual({ from: events[0].ts, to: events[events.length - 1].ts });
    expect(ds.loadMs).toBeGreaterThan(0);
  });

  it("keeps each event's values exactly, fields as a map", async () => {
    const sample = [events[0], events[777], events[events.length - 1], events.find((e) => e.fields.file)!];
    const r = await ds.query(
      `SELECT id, ts, host, service, level, message, raw, fields, fields['file'] AS file FROM logs WHERE id IN (${sample.map((e) => e.id).join(",")}) ORDER BY id`,
    );
    for (const [i, e] of [...sample].sort((a, b) => a.id - b.id).entries()) {
      const [id, ts, host, service, level, message, raw, fields, file] = r.rows[i];
      expect({ id, ts, host, service, level, message, raw }).toEqual({
        id: e.id,
        ts: e.ts,
        host: e.host,
        service: e.service,
        level: e.level,
        message: e.message,
        raw: e.raw,
      });
      expect(JSON.parse(fields as string)).toEqual(e.fields);
      expect(file).toBe(e.fields.file ?? null);
    }
  });
});

describe("query", () => {
  it("groups like the events say", async () => {
    const r = await ds.query("SELECT service, count(*) AS n FROM logs GROUP BY service ORDER BY service");
    expect(r.columns).toEqual([
      { name: "service", type: "VARCHAR" },
      { name: "n", type: "BIGINT" },
    ]);
    expect(new Map(r.rows as [string, number][])).toEqual(countBy(events, (e) => e.service));
    expect(r).toMatchObject({ truncated: false, rowCount: r.rows.length, totalCount: r.rows.length });
  });

  it("caps the rows it returns but counts them all", async () => {
    const r = await ds.query("SELECT * FROM logs");
    expect(r).toMatchObject({ rowCount: 1000, totalCount: events.length, truncated: true });
    expect(r.rows).toHaveLength(1000);
    expect(r.rows[999][0]).toBe(events[999].id);
    const small = await ds.query("SELECT id FROM logs WHERE level = 'ERROR'", { maxRows: 10 });
    expect(small).toMatchObject({ rowCount: 10, totalCount: events.filter((e) => e.level === "ERROR").length, truncated: true });
    expect(small.elapsedMs).toBeGreaterThan(0);
  });

  it("turns engine values into JSON-safe cells", async () => {
    const r = await ds.query(`SELECT 42::BIGINT AS small, 9223372036854775807::BIGINT AS big, 170141183460469231731687303715884105727::HUGEINT AS huge,
      TIMESTAMP '2026-03-09 10:11:12.345' AS ts, TIMESTAMPTZ '2026-03-09 10:11:12+00' AS tstz, DATE '2026-03-09' AS d,
      MAP {'a': '1', 'b': '2'} AS m, [1, 2, 3] AS l, {'x': 1, 'y': 'z'} AS s, '\\x41\\x42'::BLOB AS b, 1.5::DECIMAL(4, 1) AS dec1,
      'NaN'::DOUBLE AS nan, 0.25::DOUBLE AS dbl, true AS t, NULL AS nothing, INTERVAL 90 MINUTE AS iv`);
    expect(JSON.parse(JSON.stringify(r.rows[0]))).toEqual([
      42,
      "9223372036854775807",
      "170141183460469231731687303715884105727",
      "2026-03-09T10:11:12.345Z",
      "2026-03-09T10:11:12.000Z",
      "2026-03-09",
      '{"a":"1","b":"2"}',
      "[1,2,3]",
      '{"x":1,"y":"z"}',
      "4142",
      1.5,
      "NaN",
      0.25,
      true,
      null,
      "01:30:00",
    ]);
    expect(r.columns.map((c) => c.type)).toContain("MAP(VARCHAR, VARCHAR)");
  });

  it("points at the error in the learner's text, counting UTF-16 like an editor", async () => {
    expect(await rejection(ds.query("SELECT foo FROM logs"))).toMatchObject({
      kind: "syntax",
      position: 7,
      message: expect.stringMatching(/Binder error: .*"foo"/),
    });
    // é is two bytes in UTF-8 but one character in the editor
    const withAccent = "SELECT 'é', foo FROM logs";
    expect((await rejection(ds.query(withAccent))).position).toBe(withAccent.indexOf("foo"));
    const twoLines = "-- hosts\nSELECT host,\n  nosuch(1) FROM logs";
    expect(await rejection(ds.query(twoLines))).toMatchObject({ kind: "syntax", position: twoLines.indexOf("nosuch") });
    expect(await rejection(ds.query("SELEC host FROM logs"))).toMatchObject({ kind: "syntax", position: 0, message: expect.stringContaining("Parser error") });
    expect(await rejection(ds.query("SELECT * FROM logs WHERE"))).toMatchObject({ kind: "syntax", position: 24 });
  });
});

describe("errors half-way through", () => {
  it("are reported, never passed off as a shorter result", async () => {
    const late = events[events.length - 10].id;
    const failing = `SELECT id FROM logs WHERE CASE WHEN id > ${late} THEN error('boom at ' || id) ELSE true END`;
    expect(await rejection(ds.query(failing))).toMatchObject({ kind: "syntax", message: expect.stringContaining("boom at") });
    expect(await rejection(ds.queryIds(failing))).toMatchObject({ kind: "syntax", message: expect.stringContaining("boom at") });
    const cast = await rejection(ds.query("SELECT id,\n  message::INT FROM logs"));
    expect(cast).toMatchObject({ kind: "syntax", message: expect.stringMatching(/^Conversion error: Could not convert/) });
    expect(cast.position).toBeGreaterThanOrEqual(13);
  });
});

describe("queryIds", () => {
  it("returns every id, past the row cap, and needs an id column", async () => {
    const cron = events.filter((e) => e.service === "CRON").map((e) => e.id);
    expect(cron.length).toBeGreaterThan(1000);
    expect(await ds.queryIds("SELECT id FROM logs WHERE service = 'CRON' ORDER BY id")).toEqual(cron);
    expect(await ds.queryIds("SELECT host, ID FROM logs WHERE service = 'CRON'")).toHaveLength(cron.length);
    expect(await rejection(ds.queryIds("SELECT host FROM logs"))).toMatchObject({ kind: "syntax", message: expect.stringContaining("id column") });
    expect(await rejection(ds.queryIds("DELETE FROM logs"))).toMatchObject({ kind: "not_select" });
  });
});

describe("explore", () => {
  const host = () => events.find((e) => e.service === "mesos-master")?.host ?? events[0].host;

  it("filters, pages and agrees with the SQL it shows", async () => {
    const filters = { hosts: [host()], levels: ["INFO", "WARN"] as Level[], from: events[5000].ts, to: events[45_000].ts };
    const expected = events.filter((e) => e.host === filters.hosts[0] && filters.levels.includes(e.level) && e.ts >= filters.from && e.ts < filters.to);
    const first = await ds.explore(filters, { offset: 0, limit: 50 });
    expect(first.total).toBe(expected.length);
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 50).map((e) => e.id));
    expect(first.rows[0]).toEqual({
      id: expected[0].id,
      ts: expected[0].ts,
      host: expected[0].host,
      service: expected[0].service,
      level: expected[0].level,
      message: expected[0].message,
    });
    const second = await ds.explore(filters, { offset: 50, limit: 50 });
    expect(second.rows.map((r) => r.id)).toEqual(expected.slice(50, 100).map((e) => e.id));
    expect(second.offset).toBe(50);
    expect(first.sql).toMatch(
      /^SELECT id, ts, host, service, level, message FROM logs WHERE ts >= TIMESTAMP '.*' AND host IN \('.*'\) AND level IN \('INFO', 'WARN'\) ORDER BY ts, id$/,
    );
    const pasted = await ds.query(first.sql);
    expect(pasted.totalCount).toBe(expected.length);
    expect(pasted.rows.slice(0, 50).map((r) => r[0])).toEqual(first.rows.map((r) => r.id));
    expect((await ds.explore(filters, { offset: 0, limit: 10_000 })).rows.length).toBeLessThanOrEqual(500);
  });

  it("matches text literally and case-insensitively, quoting it safely in the SQL", async () => {
    const r = await ds.explore({ text: "ELECTED" }, { offset: 0, limit: 500 });
    expect(r.total).toBeGreaterThan(0);
    expect(r.total).toBe(events.filter((e) => e.message.toLowerCase().includes("elected")).length);
    expect((await ds.query(r.sql)).totalCount).toBe(r.total);
    // % and _ are not wildcards, quotes do not break out
    for (const text of ["%", "_", "100%", "a_b", "'", "it's", "\\"]) {
      const x = await ds.explore({ text }, { offset: 0, limit: 10 });
      expect(x.total).toBe(events.filter((e) => e.message.toLowerCase().includes(text.toLowerCase())).length);
      expect((await ds.query(x.sql)).totalCount).toBe(x.total);
    }
    expect((await ds.explore({ hosts: ["x'); DROP TABLE logs; --"] }, { offset: 0, limit: 10 })).total).toBe(0);
    expect((await ds.query("SELECT count(*) FROM logs")).rows[0][0]).toBe(events.length);
  });

  it("adds facets and an evenly bucketed histogram under the same filters", async () => {
    const filters = { levels: ["WARN", "ERROR"] as Level[] };
    const expected = events.filter((e) => filters.levels.includes(e.level));
    const r = await ds.explore(filters, { offset: 0, limit: 1 }, { facets: true, histogram: true });
    expect(r.facets!.level).toEqual([...countBy(expected, (e) => e.level)].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count));
    expect(r.facets!.host.length).toBeLessThanOrEqual(20);
    expect(r.facets!.host[0].count).toBe(Math.max(...countBy(expected, (e) => e.host).values()));
    expect(r.histogram!.length).toBeGreaterThanOrEqual(60);
    expect(r.histogram!.length).toBeLessThanOrEqual(121);
    expect(r.histogram!.reduce((s, b) => s + b.count, 0)).toBe(expected.length);
    const step = Date.parse(r.histogram![1].bucketStart) - Date.parse(r.histogram![0].bucketStart);
    expect(step).toBe(r.bucketSeconds! * 1000);
    const hour = await ds.explore({ from: "2026-03-10T00:00:00Z", to: "2026-03-10T01:00:00Z" }, { offset: 0, limit: 1 }, { histogram: true });
    expect(hour.bucketSeconds).toBe(30);
    expect(hour.histogram).toHaveLength(120);
    expect(hour.histogram!.reduce((s, b) => s + b.count, 0)).toBe(hour.total);
  });
});

describe("dataset cache", () => {
  const small = (seed: string) => generateLab({ seed, targetEvents: 0 }).events.slice(0, 3000);

  it("shares one build per key and returns the same instance", async () => {
    let builds = 0;
    const build = () => {
      builds++;
      return small("cache-a");
    };
    const [a, b] = await Promise.all([getDataset("cache-a", build), getDataset("cache-a", build)]);
    expect(a).toBe(b);
    expect(await getDataset("cache-a", build)).toBe(a);
    expect(builds).toBe(1);
    expect(datasetStats().keys).toContain("cache-a");
  });

  it("closes the least recently used past LAB_MAX_DATASETS and rebuilds it identically", async () => {
    await evictAll();
    process.env.LAB_MAX_DATASETS = "2";
    try {
      const builds = new Map<string, number>();
      const build = (key: string) => () => {
        builds.set(key, (builds.get(key) ?? 0) + 1);
        return small(key);
      };
      const first = await getDataset("lru-1", build("lru-1"));
      const before = await first.query("SELECT id, host, message FROM logs ORDER BY id");
      await getDataset("lru-2", build("lru-2"));
      await first.query("SELECT 1"); // lru-1 is now the most recently used
      await getDataset("lru-3", build("lru-3"));
      expect(datasetStats()).toEqual({ live: 2, keys: ["lru-1", "lru-3"] });
      await getDataset("lru-4", build("lru-4"));
      expect(datasetStats().keys).toEqual(["lru-3", "lru-4"]);
      expect(await rejection(first.query("SELECT 1"))).toBeInstanceOf(QueryRejected);
      const again = await getDataset("lru-1", build("lru-1"));
      expect(again).not.toBe(first);
      expect(builds.get("lru-1")).toBe(2);
      expect(await again.query("SELECT id, host, message FROM logs ORDER BY id")).toMatchObject({ rows: before.rows, totalCount: before.totalCount });
    } finally {
      delete process.env.LAB_MAX_DATASETS;
      await evictAll();
    }
  });

  it("closes a dataset left idle for LAB_IDLE_MS", async () => {
    process.env.LAB_IDLE_MS = "150";
    try {
      const d = await getDataset("idle", () => small("idle"));
      await new Promise((r) => setTimeout(r, 400));
      expect(datasetStats().keys).not.toContain("idle");
      expect(await rejection(d.query("SELECT 1"))).toMatchObject({ kind: "engine" });
    } finally {
      delete process.env.LAB_IDLE_MS;
      await evictAll();
    }
  });
});
