// The engine as its own supervised processes, through its real protocol: persisted datasets,
// truth before data, refusals, the token, a process killed mid-query, and a class arriving at once.
import fs from "node:fs";
import net from "node:net";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATOR_VERSION, deriveSeed } from "@/lib/labgen";
import { ENGINE_GONE, RemoteDataset, callEngine } from "@/lib/server/lab-engine/client";
import type { DatasetSpec } from "@/lib/server/lab-engine/protocol";
import { LocalEnginePool, RemoteEngineSet, hashIndex, rendezvous } from "@/lib/server/lab-engine/supervisor";
import { QueryRejected } from "@/lib/server/lab-engine/types";
import { DatasetStore } from "@/lib/server/lab-engine/store";
import { evictAll } from "@/lib/server/lab-engine/cache";

const SLUG = "unpatched-mesos-control-plane";
const EVENTS = 20_000;
let dataDir: string;
let pool: LocalEnginePool;

const spec = (seed: string): DatasetSpec => ({ slug: SLUG, seed, targetEvents: EVENTS });
/** A hex seed whose dataset lives on engine process `index` of two. */
function seedOn(index: number, salt: string): string {
  for (let i = 0; ; i++) {
    const seed = deriveSeed(SLUG, `${salt}-${i}`);
    if (hashIndex(`${SLUG}:${seed}:${EVENTS}`, 2) === index) return seed;
  }
}
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as QueryRejected,
  );

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-engine-"));
  // one open dataset per process, so that opening a second one closes the first
  pool = new LocalEnginePool({ processes: 2, dataDir, env: { LAB_MAX_DATASETS: "1" } });
  await pool.ready();
});
afterAll(async () => {
  await pool?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("persisted datasets", () => {
  it("knows the truth before the data, writes both once, and reopens from the file", async () => {
    const ds = new RemoteDataset(spec(seedOn(0, "persist")), pool);
    const { truth } = await ds.prepare("truth");
    expect(truth.masters).toHaveLength(3);
    const { meta, truth: again } = await ds.prepare("dataset");
    expect(again).toEqual(truth);
    expect(meta).toMatchObject({ eventCount: expect.any(Number), hosts: expect.arrayContaining(truth.masters) });
    expect(meta!.schema.map((c) => c.name)).toEqual(["id", "ts", "host", "service", "level", "message", "raw", "fields"]);
    const dir = path.join(dataDir, SLUG, `v${GENERATOR_VERSION}`);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual([`${ds.spec.seed}-${EVENTS}.duckdb`, `${ds.spec.seed}-${EVENTS}.meta.json`, `${ds.spec.seed}-${EVENTS}.truth.json`]);
    const count = await ds.query("SELECT count(*) FROM logs");
    expect(count.rows).toEqual([[meta!.eventCount]]);
    // another learner on the same process closes this one (LAB_MAX_DATASETS=1): it comes back from its file
    await new RemoteDataset(spec(seedOn(0, "persist-other")), pool).query("SELECT 1");
    const mtime = fs.statSync(path.join(dir, `${ds.spec.seed}-${EVENTS}.duckdb`)).mtimeMs;
    expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[meta!.eventCount]]);
    expect(fs.statSync(path.join(dir, `${ds.spec.seed}-${EVENTS}.duckdb`)).mtimeMs).toBe(mtime);
    const [health] = await pool.health();
    expect(health).toMatchObject({ datasetsOpen: 1, preparing: 0, memory: { capBytes: expect.any(Number) } });
  });

  it("gives the same learner the same data from either process", async () => {
    const seed = seedOn(1, "same");
    const a = await new RemoteDataset(spec(seed), pool).query("SELECT sum(id), max(raw) FROM logs");
    // process 0 opens the file process 1 built
    const other = new RemoteEngineSet([pool.endpoints()[0].url!], pool.token);
    const b = await callEngine("query", { spec: spec(seed), sql: "SELECT sum(id), max(raw) FROM logs" }, { timeoutMs: 10_000, set: other });
    expect(b.rows).toEqual(a.rows);
  });
});

describe("engines found by DNS, scaled down", () => {
  it("a learner whose engine is gone is served by one that is left, after the engines are looked up again", async () => {
    const live = pool.endpoints()[0].url!;
    // a port nothing listens on any more: the engine that was scaled away
    const closed = net.createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const gone = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    let listed = [live, gone];
    const set = new RemoteEngineSet(async () => listed, pool.token, 60_000);
    await set.refresh();
    let seed = "";
    for (let i = 0; !seed; i++) {
      const s = deriveSeed(SLUG, `scaled-${i}`);
      if (rendezvous(`${SLUG}:${s}:${EVENTS}`, set.endpoints()).url === gone) seed = s;
    }
    // the DNS record no longer names it; this app has not looked since
    listed = [live];
    const r = await callEngine("query", { spec: spec(seed), sql: "SELECT count(*) > 0 FROM logs" }, { timeoutMs: 60_000, set });
    expect(r.rows).toEqual([[true]]);
    expect(set.endpoints().map((e) => e.url)).toEqual([live]);
  });
});

describe("the protocol", () => {
  it("refuses a request without the token, a malformed one and an unknown call", async () => {
    const url = pool.endpoints()[0].url!;
    const post = (pathname: string, body: unknown, token = pool.token) =>
      fetch(`${url}${pathname}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const wrong = await post("/v1/query", { spec: spec("00000000aaaaaaaa"), sql: "SELECT 1" }, "x".repeat(32));
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.kind).toBe("unauthorized");
    const bad = await post("/v1/query", { spec: { slug: "../etc", seed: "zz", targetEvents: 1 }, sql: 1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.kind).toBe("bad_request");
    expect((await post("/v1/drop", {})).status).toBe(404);
  });

  it("answers a refusal with its kind, a safe sentence and the status the app passes on", async () => {
    const ds = new RemoteDataset(spec(seedOn(1, "refuse")), pool);
    const err = await rejection(ds.query("DROP TABLE logs"));
    expect(err).toMatchObject({ kind: "not_select" });
    const logging = await rejection(ds.query("SELECT * FROM enable_logging(storage='stdout')"));
    expect(logging.kind).toBe("forbidden");
  });
});

describe("failures of an engine process", () => {
  it("survives a learner's enable_logging and the closing of their dataset (the crash of the landed main)", async () => {
    const [before] = pool.endpoints();
    const ds = new RemoteDataset(spec(seedOn(0, "crash")), pool);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-logging-"));
    const err = await rejection(ds.query(`SELECT * FROM enable_logging(storage='file', storage_path='${dir}')`));
    expect(err.kind).toBe("forbidden");
    // closing that learner's dataset used to abort the whole process
    await new RemoteDataset(spec(seedOn(0, "crash-next")), pool).query("SELECT 1");
    expect((await ds.query("SELECT count(*) > 0 FROM logs")).rows).toEqual([[true]]);
    const [after] = pool.endpoints();
    expect({ pid: after.pid, restarts: after.restarts }).toEqual({ pid: before.pid, restarts: before.restarts });
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("costs a killed process only the request it was serving: the learner retries, the others carry on", async () => {
    const victim = new RemoteDataset(spec(seedOn(0, "victim")), pool);
    const neighbour = new RemoteDataset(spec(seedOn(1, "neighbour")), pool);
    await Promise.all([victim.ready(), neighbour.ready()]);
    const restartsBefore = pool.endpoints()[0].restarts;
    const running = rejection(victim.query("SELECT count(*) FROM logs a, logs b, logs c"));
    await new Promise((r) => setTimeout(r, 300));
    pool.kill(0);
    const err = await running;
    expect(err).toMatchObject({ kind: "engine", message: ENGINE_GONE });
    // the neighbour, on the other process, is answered meanwhile
    const answers = await Promise.all(Array.from({ length: 5 }, () => neighbour.query("SELECT count(*) FROM logs WHERE level = 'ERROR'")));
    expect(new Set(answers.map((a) => JSON.stringify(a.rows))).size).toBe(1);
    // the retry works (on the other process while this one restarts, or on the new one)
    expect((await victim.query("SELECT count(*) > 0 FROM logs")).rows).toEqual([[true]]);
    await pool.ready();
    await expect.poll(() => pool.endpoints()[0]).toMatchObject({ up: true, restarts: restartsBefore + 1 });
    expect((await victim.query("SELECT count(*) > 0 FROM logs")).rows).toEqual([[true]]);
  });
});

describe("the slow lane", () => {
  it("serves a learner whose queries ran heavy from the low-priority process, and no one else", async () => {
    const heavy = new RemoteDataset(spec(seedOn(0, "heavy")), pool);
    const light = new RemoteDataset(spec(seedOn(0, "light")), pool);
    await Promise.all([heavy.ready(), light.ready()]);
    const slow = pool.endpoints().find((e) => e.lane === "slow")!;
    expect(slow).toBeDefined();
    const openOnSlow = async () => (await pool.health())[slow.index]!.datasetsOpen;
    expect(await openOnSlow()).toBe(0);
    await light.query("SELECT count(*) FROM logs");
    expect(await openOnSlow()).toBe(0);
    const err = await rejection(heavy.query("SELECT count(*) FROM logs a, logs b, logs c", { timeoutMs: 500 }));
    expect(err.kind).toBe("timeout");
    expect((await heavy.query("SELECT count(*) > 0 FROM logs")).rows).toEqual([[true]]);
    expect(await openOnSlow()).toBe(1);
    await light.query("SELECT count(*) FROM logs");
    expect(await openOnSlow()).toBe(1);
  });
});

describe("a class arriving at once", () => {
  it("answers ten new learners' first queries sent together, with no error", async () => {
    const learners = Array.from({ length: 10 }, (_, i) => new RemoteDataset(spec(deriveSeed(SLUG, `class-${i}`)), pool));
    const results = await Promise.allSettled(learners.map((l) => l.query("SELECT service, count(*) AS n FROM logs GROUP BY ALL ORDER BY n DESC")));
    const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    for (const r of results) expect((r as PromiseFulfilledResult<{ rowCount: number }>).value.rowCount).toBeGreaterThan(3);
    // every learner has their own data: ten different totals of ids over their own rows
    const sums = await Promise.all(learners.map(async (l) => (await l.query("SELECT count(*), max(host) FROM logs")).rows[0].join()));
    expect(new Set(sums).size).toBeGreaterThan(1);
  });
});

describe("the disk budget", () => {
  it("removes the least recently opened data files past LAB_DATA_MAX_MB, keeps every truth, and rebuilds on demand", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-budget-"));
    const store = new DatasetStore(root);
    const specs = ["a", "b", "c"].map((s) => ({ slug: SLUG, seed: deriveSeed(SLUG, `budget-${s}`), targetEvents: 10_000 }));
    const dir = path.join(root, SLUG, `v${GENERATOR_VERSION}`);
    const dataFiles = () =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".duckdb"))
        .sort();
    const previous = process.env.LAB_DATA_MAX_MB;
    try {
      await store.prepare(specs[0], "dataset");
      const oneFile = fs.statSync(path.join(dir, dataFiles()[0])).size;
      // room for two files, not three
      process.env.LAB_DATA_MAX_MB = String((2.8 * oneFile) / 2 ** 20);
      await store.prepare(specs[1], "dataset");
      await store.use(specs[0], async (ds) => ds.query("SELECT 1")); // a is now the more recent
      await store.prepare(specs[2], "dataset");
      expect(dataFiles()).toEqual([`${specs[0].seed}-10000.duckdb`, `${specs[2].seed}-10000.duckdb`].sort());
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".truth.json"))).toHaveLength(3);
      // b's truth is still there without a rebuild, and its data comes back when asked for
      expect((await store.prepare(specs[1], "truth")).truth.masters).toHaveLength(3);
      expect(dataFiles()).toHaveLength(2);
      expect((await store.use(specs[1], (ds) => ds.query("SELECT count(*) > 0 FROM logs"))).rows).toEqual([[true]]);
    } finally {
      if (previous === undefined) delete process.env.LAB_DATA_MAX_MB;
      else process.env.LAB_DATA_MAX_MB = previous;
      await evictAll();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("exports", () => {
  const limits = { maxRows: 100_000, maxBytes: 20 * 2 ** 20 };

  it("streams a whole result from the low-priority process: a header once it fits, every row, refusals before any row", async () => {
    const ds = new RemoteDataset(spec(seedOn(0, "export")), pool);
    const {
      rows: [[count]],
    } = await ds.query("SELECT count(*) FROM logs");
    const { header, rows } = await ds.exportRows("SELECT id, host FROM logs ORDER BY id", limits);
    expect(header).toMatchObject({
      columns: [
        { name: "id", type: "BIGINT" },
        { name: "host", type: "VARCHAR" },
      ],
      totalCount: count,
    });
    const ids: number[] = [];
    for await (const row of rows) ids.push(row[0] as number);
    const {
      rows: [[first]],
    } = await ds.query("SELECT min(id) FROM logs");
    expect(ids).toEqual(Array.from({ length: Number(count) }, (_, i) => Number(first) + i));
    const slow = pool.endpoints().find((e) => e.lane === "slow")!;
    expect((await pool.health())[slow.index]!.datasetsOpen).toBe(1);
    const tooMany = await rejection(ds.exportRows("SELECT id FROM logs", { ...limits, maxRows: 100 }));
    expect(tooMany).toMatchObject({
      kind: "too_large",
      message: `This result has ${Number(count).toLocaleString("en-US")} rows; an export is limited to 100. Narrow the query.`,
    });
    expect(await rejection(ds.exportRows("SELECT * FROM read_text('/etc/hostname')", limits))).toMatchObject({ kind: "forbidden" });
  });

  it("fails an export whose process is killed mid-stream instead of ending it as a shorter result", async () => {
    const ds = new RemoteDataset(spec(seedOn(1, "export-killed")), pool);
    // large enough (several MB) that the engine is still writing when the reader pauses
    const { header, rows } = await ds.exportRows("SELECT raw, message FROM logs, range(3) WHERE id % 2 = 0", limits);
    expect(header.textBytes).toBeGreaterThan(8 * 2 ** 20);
    const slow = pool.endpoints().find((e) => e.lane === "slow")!;
    let read = 0;
    for await (const row of rows) {
      expect(row).toHaveLength(2);
      if (++read === 10) break;
    }
    // a reader that stops early frees the learner's connection (the next export starts at once) and
    // costs the process nothing
    const started = performance.now();
    const { header: h2, rows: again } = await ds.exportRows("SELECT raw, message FROM logs, range(3) WHERE id % 2 = 0", limits);
    expect(h2.totalCount).toBe(header.totalCount);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(pool.endpoints()[slow.index]).toMatchObject({ pid: slow.pid, restarts: slow.restarts });
    await again.next();
    pool.kill(slow.index);
    const err = await rejection(
      (async () => {
        for await (const row of again) void row;
      })(),
    );
    expect(err).toMatchObject({ kind: "engine", message: ENGINE_GONE });
    await pool.ready();
  });
});
