// Lab engine bench: generate a lab, load it into DuckDB, time five analyst queries against
// ripgrep over the same lines as a flat file. Run: npx tsx bench/lab-query.ts [--events 1000000]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateLab, toRawLog } from "../lib/labgen";
import { QUERY_LIMITS } from "../lib/server/lab-engine";
import { openDataset } from "../lib/server/lab-engine/dataset";
import { buildDatasetFile } from "../lib/server/lab-engine/load";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg("events", 1_000_000);
const RUNS = 5;
const OUT = path.join(__dirname, "out");
const LOG = path.join(OUT, "cluster.log");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  await fn(); // warm-up
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

const hasRg = spawnSync("rg", ["--version"]).status === 0;
async function rg(args: string[]): Promise<{ ms: number; value: number } | null> {
  if (!hasRg) return null;
  // rg -c prints the number of matching lines (exit 1 when there are none)
  return timed(() => Number(execFileSync("rg", [...args, LOG], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || 0));
}

const DETECTION = `SELECT id FROM logs
WHERE host IN (SELECT DISTINCT host FROM logs WHERE fields['file'] = 'master.cpp')
  AND ((fields['file'] = 'main.cpp' AND regexp_matches(message, '^(Build|Version|Git tag|Git SHA):'))
    OR (fields['file'] = 'master.cpp' AND regexp_matches(message, ' started on |Elected as the leading master!|^Registered agent |^Re-registered agent ')))`;

type Case = { name: string; sql?: string; ids?: string; rg?: string[]; rgNote: string };
const CASES: Case[] = [
  {
    name: "1. events by service",
    sql: "SELECT service, count(*) AS n FROM logs GROUP BY service ORDER BY n DESC",
    rgNote: "cannot: glog, ZooKeeper and JSON lines name no service; needs a parser per format, then sort and uniq -c",
  },
  {
    name: "2. hosts elected leading master",
    sql: "SELECT host, count(*) AS n FROM logs WHERE contains(message, 'Elected as the leading master!') GROUP BY host ORDER BY host",
    rg: ["-c", "-F", "Elected as the leading master!"],
    rgNote: "finds the lines, not the hosts: glog lines carry no host name",
  },
  {
    name: "3. master versions",
    sql: `SELECT host, regexp_extract(message, 'Version: (\\S+)', 1) AS version, count(*) AS n FROM logs
      WHERE fields['file'] = 'main.cpp' AND starts_with(message, 'Version:')
        AND host IN (SELECT host FROM logs WHERE fields['file'] = 'master.cpp') GROUP BY ALL ORDER BY host`,
    rg: ["-c", "main\\.cpp:\\d+\\] Version: "],
    rgNote: "cannot keep master hosts only: agents log the same main.cpp line and no line names its host",
  },
  {
    name: "4. events per hour",
    sql: "SELECT date_trunc('hour', ts) AS hour, count(*) AS n FROM logs GROUP BY hour ORDER BY hour",
    rgNote: "cannot: several timestamp formats on local, skewed clocks; needs a parser per format plus each host's zone and skew, then sort and uniq -c",
  },
  {
    name: "5. detection (control-plane ids)",
    ids: DETECTION,
    rg: [
      "-c",
      "-e",
      "master\\.cpp:\\d+\\] (Master .* started on |Elected as the leading master!|Registered agent |Re-registered agent )",
      "-e",
      "main\\.cpp:\\d+\\] (Build|Version|Git tag|Git SHA):",
    ],
    rgNote: "over-matches: agents' and decommissioned masters' lines look the same; no ids to grade",
  },
];

async function main() {
  mkdirSync(OUT, { recursive: true });
  let t = performance.now();
  const { events, truth } = generateLab({ seed: "bench", targetEvents: EVENTS });
  const generateMs = performance.now() - t;
  t = performance.now();
  writeFileSync(LOG, toRawLog(events));
  const writeMs = performance.now() - t;
  const logMB = statSync(LOG).size / 1e6;
  // the engine's own path: a read-only, zstd-compressed file, opened in an instance of its own
  const file = path.join(OUT, "bench.duckdb");
  rmSync(file, { force: true });
  t = performance.now();
  await buildDatasetFile(file, events);
  const buildMs = performance.now() - t;
  const fileBytes = statSync(file).size;
  const ds = await openDataset("bench", file);

  const opts = { timeoutMs: 120_000 };
  const rows = [];
  for (const c of CASES) {
    const duck = c.ids ? await timed(() => ds.queryIds(c.ids!, opts)) : await timed(() => ds.query(c.sql!, opts));
    const result = Array.isArray(duck.value) ? `${duck.value.length} ids` : `${duck.value.totalCount} rows`;
    const grep = c.rg ? await rg(c.rg) : null;
    rows.push({ name: c.name, duckdbMs: duck.ms, result, rgMs: grep?.ms ?? null, rgLines: grep?.value ?? null, rgNote: c.rgNote });
  }
  const detected = new Set((await ds.queryIds(DETECTION, opts)) as number[]);
  const truthHits = truth.controlPlaneEventIds.filter((id) => detected.has(id)).length;
  await ds.close();
  rmSync(file, { force: true });

  const f = (ms: number | null) => (ms === null ? "—" : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
  console.log(
    `\n${events.length.toLocaleString("en")} events: generated in ${f(generateMs)} ms, ${logMB.toFixed(1)} MB log written in ${f(writeMs)} ms, ` +
      `written as a DuckDB file in ${f(buildMs)} ms (${(fileBytes / 2 ** 20).toFixed(0)} MiB, 1 thread), opened in ${f(ds.loadMs)} ms`,
  );
  console.log(
    `detection query: ${detected.size} ids, ${truthHits}/${truth.controlPlaneEventIds.length} of the ground truth; rg ${hasRg ? "available" : "missing (Debian package ripgrep): columns skipped"}\n`,
  );
  console.log("| query | DuckDB median ms | DuckDB result | rg median ms | rg matching lines | what rg cannot do |");
  console.log("|---|---:|---|---:|---:|---|");
  for (const r of rows) console.log(`| ${r.name} | ${f(r.duckdbMs)} | ${r.result} | ${f(r.rgMs)} | ${r.rgLines ?? "—"} | ${r.rgNote} |`);
  const report = {
    date: new Date().toISOString(),
    events: events.length,
    generateMs,
    logMB,
    writeMs,
    buildMs,
    openMs: ds.loadMs,
    fileBytes,
    queryTimeoutMs: QUERY_LIMITS.timeoutMs,
    runs: RUNS,
    rg: hasRg,
    truth: { controlPlane: truth.controlPlaneEventIds.length, detected: detected.size, hits: truthHits },
    rows,
  };
  writeFileSync(path.join(OUT, "lab-query.json"), JSON.stringify(report, null, 2) + "\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
