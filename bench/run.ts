/**
 * `npm run bench`: how fast Watchfloor is next to the limits of this machine, each figure beside its
 * reference in the same run, as a ratio (these machines are noisy).
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench
 * (a PostgreSQL server on this machine: the bench makes and uses its own database, watchfloor_bench)
 * Options: --seconds N (each load, default 8), --connections C (default 32), --skip-lab, --skip-reports.
 * It starts the app itself (`scripts/start.ts` on port 3210, production build) and installs what it
 * needs when missing: nginx and pgbench from Debian (as root), autocannon is a dev dependency.
 * Sections: the lesson page (a visitor and a signed-in learner) beside a plain Node server and nginx
 * serving the same bytes; the first-load JavaScript of each page type (gzip); answer submission
 * beside pgbench's single-row inserts into the same database; then the lab engine's and the
 * reports' own benches (bench/lab-query.ts, bench/reports.ts). Ends with one table.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { argFlag, argNumber, createLearners, fmtMs, pool, quantile, sleep, table, type Learner } from "./support/learners";

const PORT = 3210;
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = argNumber("seconds", 8);
const CONNECTIONS = argNumber("connections", 32);
const OUT = path.join("bench", "out");
type Row = { figure: string; app: string; reference: string; ratio: string; goal: string };
const rows: Row[] = [];
const children: ChildProcess[] = [];

/** a tool's path: on PATH, in PostgreSQL's or nginx's folders, or installed from Debian (as root) */
function need(command: string, debianPackage: string, install = true): string | null {
  const found = spawnSync("sh", ["-c", `command -v ${command} || ls /usr/lib/postgresql/*/bin/${command} /usr/sbin/${command} 2>/dev/null | tail -n 1`], {
    encoding: "utf8",
  }).stdout.trim();
  if (found) return found.split("\n").pop()!;
  if (!install || process.getuid?.() !== 0) return null;
  console.log(`installing ${debianPackage} (apt-get)…`);
  spawnSync("sh", ["-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${debianPackage} >/dev/null`], { stdio: "inherit" });
  return need(command, debianPackage, false);
}

/** a database of the bench's own on the server of DATABASE_URL (made if missing) */
async function benchDatabase(): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (!given) throw new Error("set DATABASE_URL to a PostgreSQL server on this machine (the bench makes its own database there)");
  if (!["127.0.0.1", "localhost"].includes(new URL(given).hostname)) throw new Error("the bench writes to its database: use a server on this machine");
  const url = new URL(given);
  url.pathname = "/watchfloor_bench";
  const admin = new pg.Client({ connectionString: given });
  await admin.connect();
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'watchfloor_bench'");
  if (!rowCount) await admin.query("CREATE DATABASE watchfloor_bench");
  await admin.end();
  return url.toString();
}

type Load = { rps: number; p99: number; errors: number };

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  // a warm-up, then the measured run
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

async function startApp(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", SIGNUP_LIMIT_PER_HOUR: "1000000" };
  env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/start.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  for (let i = 0; i < 240; i++) {
    if ((await fetch(`${BASE}/api/health`).catch(() => null))?.ok) return;
    await sleep(500);
  }
  throw new Error("the app did not start within 2 minutes");
}

/** the lesson's bytes from a plain Node server and from nginx, beside the app */
async function lessonPage(learner: Learner) {
  const html = await (await fetch(`${BASE}/lessons/kubernetes-vs-mesos`)).text();
  const bytes = Buffer.from(html);
  // the plain server in a process of its own, as the app is (a load generator beside it in one process would share its CPU)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-lesson-"));
  fs.writeFileSync(path.join(dir, "index.html"), bytes);
  const plainServer = `const b=require("fs").readFileSync(${JSON.stringify(path.join(dir, "index.html"))});require("http").createServer((q,r)=>r.writeHead(200,{"content-type":"text/html; charset=utf-8"}).end(b)).listen(3212,"127.0.0.1")`;
  const plain = spawn(process.execPath, ["-e", plainServer], { stdio: "ignore" });
  children.push(plain);
  await sleep(500);
  const node = await load("http://127.0.0.1:3212/");
  plain.kill("SIGTERM");
  const visitor = await load(`${BASE}/lessons/kubernetes-vs-mesos`);
  const cookie = learner.cookie();
  const signedIn = await load(`${BASE}/lessons/kubernetes-vs-mesos`, { cookie });
  let nginx: Load | null = null;
  const nginxBin = need("nginx", "nginx-light");
  if (nginxBin) {
    const conf = path.join(dir, "nginx.conf");
    fs.writeFileSync(
      conf,
      `worker_processes 2; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:3211; root ${dir}; location / { try_files /index.html =404; } } }`,
    );
    const child = spawn(nginxBin, ["-c", conf, "-p", dir], { stdio: "ignore" });
    children.push(child);
    await sleep(500);
    nginx = await load("http://127.0.0.1:3211/");
    child.kill("SIGTERM");
  }
  const kb = (bytes.length / 1024).toFixed(0);
  /** requests/s and p99 of one of the app's loads beside a reference's */
  const beside = (who: string, app: Load, ref: Load, refName: string, goals: [string, string]) =>
    rows.push(
      {
        figure: `lesson page (${kb} KB), ${who}: req/s`,
        app: app.rps.toFixed(0),
        reference: `${ref.rps.toFixed(0)} (${refName})`,
        ratio: pct(app.rps / ref.rps),
        goal: goals[0],
      },
      { figure: `lesson page, ${who}: p99`, app: `${app.p99} ms`, reference: `${ref.p99} ms (${refName})`, ratio: "", goal: goals[1] },
    );
  beside("visitor", visitor, node, "Node", ["≥ 30% of Node", "< 50 ms"]);
  beside("signed-in learner", signedIn, node, "Node", ["reported", "< 50 ms"]);
  if (nginx) beside("visitor", visitor, nginx, "nginx from disk", ["reported", "reported"]);
  // where the time goes: what Next itself reaches on this machine, under the same load, for a file
  // it serves from its build (no rendering, no proxy), a dynamic page with one query and no content
  // (an unknown certificate), and a route handler that answers from memory (the sign-in providers)
  const floor = [
    ["Next's floor: a built file (/icon.svg)", "/icon.svg"],
    ["Next's floor: a small dynamic page (/certificates/unknown)", "/certificates/unknown"],
    ["Next's floor: a route handler (/api/auth/providers)", "/api/auth/providers"],
  ] as const;
  for (const [figure, url] of floor) {
    const r = await load(`${BASE}${url}`);
    rows.push({
      figure: `${figure}: req/s`,
      app: r.rps.toFixed(0),
      reference: `${node.rps.toFixed(0)} (Node)`,
      ratio: pct(r.rps / node.rps),
      goal: "reported",
    });
  }
  if (visitor.errors + signedIn.errors) console.log(`lesson page: ${visitor.errors + signedIn.errors} errors or non-2xx answers under load`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** the JavaScript a first visit downloads, gzip, per page type */
async function firstLoadJs(learner: Learner) {
  const cookie = learner.cookie();
  for (const [label, url, goal] of [
    ["lesson", "/lessons/kubernetes-vs-mesos", "≤ 120 KB"],
    ["dashboard", "/dashboard", "reported"],
    ["quiz", "/quizzes/kubernetes-vs-mesos", "reported"],
    ["lab (Monaco loads when its editor shows)", "/labs/cryptominer-via-marathon", "reported"],
  ] as const) {
    const html = await (await fetch(`${BASE}${url}`, { headers: { cookie } })).text();
    // what a current browser fetches: every script tag's src, but not the legacy polyfills that
    // only a browser without ES modules loads (`noModule`)
    const tags = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) =>
      Object.fromEntries([...m[1].matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((a) => [a[1].toLowerCase(), a[2] ?? ""])),
    );
    const scripts = [...new Set(tags.filter((t) => t.src?.endsWith(".js") && !("nomodule" in t)).map((t) => t.src))];
    let gz = 0;
    for (const s of scripts) gz += zlib.gzipSync(Buffer.from(await (await fetch(`${BASE}${s}`)).arrayBuffer())).length;
    rows.push({ figure: `first-load JS, ${label}`, app: `${(gz / 1024).toFixed(0)} KB gzip`, reference: `${scripts.length} scripts`, ratio: "", goal });
  }
}

/** graded, written answers from many learners (so the per-learner limits do not bind), beside pgbench inserts */
async function submissions(learners: Learner[]) {
  const tasks = ["client", "app", "download", "return", "agents"];
  const jobs = learners.flatMap((l, i) =>
    tasks.flatMap((taskId) =>
      Array.from({ length: 9 }, (_, k) => ({ l, body: { taskId, answer: taskId === "agents" ? [`nobody-${i}-${k}`] : `wrong-${i}-${k}` } })),
    ),
  );
  const times: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  await pool(jobs, CONNECTIONS, async ({ l, body }) => {
    const r = await l.send("answer", "POST", "/api/labs/cryptominer-via-marathon/answers", { json: body, record: false });
    times.push(r.ms);
    if (r.status !== 201) failed++;
  });
  const seconds = (performance.now() - t0) / 1000;
  const rps = jobs.length / seconds;
  times.sort((a, b) => a - b);
  let pg: { tps: number; p99: number } | null = null;
  const pgbench = need("pgbench", "postgresql-client");
  if (pgbench && process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    spawnSync("psql", [
      url,
      "-qc",
      "CREATE TABLE IF NOT EXISTS bench_inserts (id bigserial PRIMARY KEY, user_id uuid, part text, answer jsonb, at timestamptz DEFAULT now())",
    ]);
    const script = path.join(os.tmpdir(), "watchfloor-bench-insert.sql");
    fs.writeFileSync(script, "INSERT INTO bench_inserts (user_id, part, answer) VALUES (gen_random_uuid(), 'client', '{\"answer\":\"wrong\"}');\n");
    const r = spawnSync(pgbench, ["-n", "-c", String(CONNECTIONS), "-j", "2", "-T", String(SECONDS), "-f", script, url], { encoding: "utf8" });
    if (r.status !== 0) console.log(`pgbench failed: ${r.stderr.slice(0, 400)}`);
    const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1] ?? NaN);
    spawnSync("psql", [url, "-qc", "DROP TABLE IF EXISTS bench_inserts"]);
    pg = { tps, p99: latency };
  }
  rows.push({
    figure: `answer submission, ${learners.length} learners: answers/s`,
    app: rps.toFixed(0),
    reference: pg ? `${pg.tps.toFixed(0)} (pgbench inserts)` : "pgbench: no local server",
    ratio: pg ? pct(rps / pg.tps) : "",
    goal: "≥ 30% of pgbench",
  });
  rows.push({
    figure: "answer submission: p99",
    app: fmtMs(quantile(times, 0.99)),
    reference: pg ? `${pg.p99.toFixed(1)} ms (pgbench average)` : "",
    ratio: "",
    goal: "< 100 ms",
  });
  if (failed) console.log(`answer submission: ${failed} of ${jobs.length} were not 201`);
}

function subBench(label: string, args: string[], json: string, read: (j: Record<string, unknown>) => Row[]) {
  console.log(`\n── ${label} ──`);
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", ...args], { stdio: "inherit", env: { ...process.env, LAB_QUERY_THREADS: "2" } });
  const file = path.join(OUT, json);
  if (r.status !== 0 || !fs.existsSync(file)) return console.log(`${label}: did not finish (${r.status})`);
  rows.push(...read(JSON.parse(fs.readFileSync(file, "utf8"))));
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  // the app, its learners and pgbench all use the bench's own database
  process.env.DATABASE_URL = await benchDatabase();
  console.log(`# npm run bench: ${CONNECTIONS} connections, ${SECONDS} s a load, ${os.cpus().length} CPUs\n`);
  await startApp();
  const learners = await createLearners(BASE, 40, { tag: "bench" });
  await lessonPage(learners[0]);
  await firstLoadJs(learners[0]);
  await submissions(learners);
  if (!argFlag("skip-lab"))
    subBench(
      "a class of 30 opens the lab (bench/lab-class.ts)",
      ["bench/lab-class.ts", "--url", BASE, "--learners", "30", "--tag", "bench-class"],
      "lab-class.json",
      (j) =>
        (j.phases as { name: string; p50: number; p95: number; errors: number; n: number }[]).map((p) => ({
          figure: `lab, ${j.learners} learners: ${p.name}, p50 / p95`,
          app: `${fmtMs(p.p50)} / ${fmtMs(p.p95)}`,
          reference: `${p.errors} of ${p.n} failed`,
          ratio: "",
          goal: "reported",
        })),
    );
  for (const c of children) c.kill("SIGTERM");
  need("rg", "ripgrep");
  if (!argFlag("skip-lab"))
    subBench("lab engine beside ripgrep (bench/lab-query.ts, 200,000 events)", ["bench/lab-query.ts", "--events", "200000"], "lab-query.json", (j) =>
      (j.rows as { name: string; duckdbMs: number; rgMs: number | null }[]).map((q) => ({
        figure: `lab query: ${q.name}`,
        app: fmtMs(q.duckdbMs),
        reference: q.rgMs === null ? "—" : `${fmtMs(q.rgMs)} (rg)`,
        ratio: q.rgMs ? `${(q.duckdbMs / q.rgMs).toFixed(2)}x` : "",
        goal: "reported",
      })),
    );
  if (!argFlag("skip-reports"))
    subBench(
      "reports beside hand-written SQL (bench/reports.ts, 2,000 learners)",
      ["--conditions=react-server", "bench/reports.ts", "--learners", "2000", "--runs", "3"],
      "reports.json",
      (j) =>
        (j.results as { view: string; appMs: number; psqlMs: number }[]).map((v) => ({
          figure: `report: ${v.view === "csv" ? "CSV export, every learner × item" : v.view}`,
          app: fmtMs(v.appMs),
          reference: `${fmtMs(v.psqlMs)} (psql)`,
          ratio: v.psqlMs > 0 ? `${(v.appMs / v.psqlMs).toFixed(2)}x` : "",
          goal: v.view === "csv" ? "< 5 s" : "< 1.5x and < 500 ms",
        })),
    );
  console.log(
    `\n${table(
      ["figure", "Watchfloor", "reference", "ratio", "goal"],
      rows.map((r) => [r.figure, r.app, r.reference, r.ratio, r.goal]),
      [false, true, true, true, false],
    )}`,
  );
  fs.writeFileSync(path.join(OUT, "bench.json"), JSON.stringify({ date: new Date().toISOString(), connections: CONNECTIONS, seconds: SECONDS, rows }, null, 2));
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill("SIGTERM");
  });
