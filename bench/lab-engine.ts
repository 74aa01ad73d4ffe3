/**
 * The engine's dataset costs, through its real processes and protocol:
 *  1. build: generating + writing one learner's dataset (what a first open used to cost every time);
 *  2. reopen: the first query on a dataset that was closed (evicted), against the same query on an
 *     open one and against rebuilding it;
 *  3. memory: engine RSS per open dataset after a typical investigation on each, against an
 *     in-memory copy of the same table (how the landed main held each learner's data).
 *   npx tsx bench/lab-engine.ts [--datasets 10] [--events 200000]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { deriveSeed } from "@/lib/labgen";
import { RemoteDataset } from "@/lib/server/lab-engine/client";
import { LocalEnginePool } from "@/lib/server/lab-engine/supervisor";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DATASETS = arg("datasets", 10);
const EVENTS = arg("events", 200_000);
const SLUG = "unpatched-mesos-control-plane";
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const MB = (b: number) => (b / 2 ** 20).toFixed(1);

// What an analyst runs early on: shape of the data, the masters' lines, versions, a timeline.
const INVESTIGATION = [
  "SELECT service, count(*) FROM logs GROUP BY ALL ORDER BY 2 DESC",
  "SELECT host, count(*) FROM logs WHERE message LIKE '%Elected as the leading master%' GROUP BY ALL",
  "SELECT host, regexp_extract(message, 'Version: (\\S+)', 1) AS v FROM logs WHERE message LIKE 'Version:%' GROUP BY ALL",
  "SELECT date_trunc('hour', ts) AS h, count(*) FROM logs GROUP BY ALL ORDER BY 1",
  "SELECT id, ts, host, raw FROM logs WHERE raw ILIKE '%mesos%' AND level = 'ERROR' ORDER BY ts LIMIT 100",
];
const SIMPLE = "SELECT count(*) FROM logs WHERE level = 'ERROR'";

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function rssOf(pool: LocalEnginePool): Promise<number> {
  const [h] = await pool.health();
  return h!.memory.rssBytes;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-bench-engine-"));
  const specs = Array.from({ length: DATASETS }, (_, i) => ({ slug: SLUG, seed: deriveSeed(SLUG, `bench-${i}`), targetEvents: EVENTS }));
  try {
    // 1. build every dataset once (one process, one build at a time, as one engine does)
    const builder = new LocalEnginePool({ processes: 1, dataDir });
    await builder.ready();
    const builds: number[] = [];
    for (const spec of specs) builds.push(await timed(() => new RemoteDataset(spec, builder).prepare("dataset")));
    await builder.stop();
    const fileBytes = fs
      .readdirSync(path.join(dataDir, SLUG), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".duckdb"))
      .map((f) => fs.statSync(path.join(dataDir, SLUG, f)).size);

    // 2. reopen: with one open dataset per process, every switch of learner closes and reopens
    const reopener = new LocalEnginePool({ processes: 1, dataDir, env: { LAB_MAX_DATASETS: "1" } });
    await reopener.ready();
    const warm: number[] = [];
    const reopen: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const spec of specs) {
        const ds = new RemoteDataset(spec, reopener);
        reopen.push(await timed(() => ds.query(SIMPLE)));
        warm.push(await timed(() => ds.query(SIMPLE)));
      }
    }
    await reopener.stop();

    // 3. memory: a fresh process (no generator heap) opens every dataset and investigates each
    const server = new LocalEnginePool({ processes: 1, dataDir });
    await server.ready();
    const before = await rssOf(server);
    for (const spec of specs) for (const sql of INVESTIGATION) await new RemoteDataset(spec, server).query(sql);
    const after = await rssOf(server);
    const [health] = await server.health();
    await server.stop();

    // the reference: the same table held in memory, as the landed main held it
    const reference = await DuckDBInstance.create(":memory:", { threads: "1" });
    const conn = await reference.connect();
    const first = fs
      .readdirSync(path.join(dataDir, SLUG), { recursive: true })
      .map(String)
      .find((f) => f.endsWith(".duckdb"))!;
    await conn.run(`ATTACH '${path.join(dataDir, SLUG, first)}' AS f (READ_ONLY)`);
    await conn.run("CREATE TABLE logs AS SELECT * FROM f.logs");
    await conn.run("DETACH f");
    const inMemory = Number((await conn.runAndReadAll("SELECT sum(memory_usage_bytes) FROM duckdb_memory()")).getRows()[0][0]);
    conn.closeSync();
    reference.closeSync();

    const perDataset = (after - before) / DATASETS;
    console.log(`\n${DATASETS} datasets of ${EVENTS.toLocaleString("en")} events, one engine process\n`);
    console.log("| what | median | reference | ratio |\n|---|---:|---:|---:|");
    console.log(
      `| reopen a closed dataset + simple query | ${median(reopen).toFixed(0)} ms | rebuild it: ${median(builds).toFixed(0)} ms | ${(median(builds) / median(reopen)).toFixed(0)}x faster |`,
    );
    console.log(
      `| same query on an open dataset | ${median(warm).toFixed(0)} ms | reopen: ${median(reopen).toFixed(0)} ms | reopen costs ${(median(reopen) - median(warm)).toFixed(0)} ms |`,
    );
    console.log(
      `| engine RSS per open dataset after ${INVESTIGATION.length} analyst queries | ${MB(perDataset)} MB | in-memory table: ${MB(inMemory)} MB | ${(inMemory / perDataset).toFixed(1)}x smaller |`,
    );
    console.log(`| dataset file | ${MB(median(fileBytes))} MB | | |`);
    console.log(
      `\nbuild (generate + write), median of ${builds.length}: ${median(builds).toFixed(0)} ms; RSS ${MB(before)} MB before opening, ${MB(after)} MB with ${health?.datasetsOpen} open`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}

main();
