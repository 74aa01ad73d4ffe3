/**
 * Progress reports at 10,000 learners: each report view and the CSV export as the app computes them
 * (the same functions the pages call, through Prisma) next to the same aggregate written by hand in
 * SQL and run with psql, side by side in one run.
 *   NODE_OPTIONS=--expose-gc npx tsx --conditions=react-server bench/reports.ts [--learners 10000] [--runs 7]
 * It creates the database `watchfloor_bench_reports` on the server of DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/test), migrates it, imports labs/, and seeds learners with
 * realistic attempts (SQL generate_series with a fixed random seed). Prints a Markdown table and
 * writes bench/out/reports.json.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { prepareDatabase } from "@/scripts/lib/prepare";
import { argNumber, fmtMs, table } from "./support/learners";

const N = argNumber("learners", 10_000);
const RUNS = argNumber("runs", 7);
const server = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
const DB = "watchfloor_bench_reports";
const url = new URL(server);
url.pathname = `/${DB}`;
const BENCH_URL = url.toString();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function sql(connection: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: connection });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** the hand-written query run RUNS+1 times in one psql session (\timing); median of all but the first */
function psqlMs(query: string): number {
  const script = `\\timing on\n${Array.from({ length: RUNS + 1 }, () => `${query.trim().replace(/;?\s*$/, ";")}\n`).join("")}`;
  const out = spawnSync("psql", ["-X", "-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", BENCH_URL], { input: script, encoding: "utf8", maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`psql failed: ${out.stderr}`);
  const times = [...out.stdout.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  // a view of several statements prints one time per statement: a run is their sum
  const per = times.length / (RUNS + 1);
  if (!Number.isInteger(per) || per < 1) throw new Error(`psql printed ${times.length} timings: ${out.stdout.slice(0, 300)}`);
  const runs = Array.from({ length: RUNS + 1 }, (_, r) => times.slice(r * per, (r + 1) * per).reduce((a, b) => a + b, 0));
  return median(runs.slice(1));
}

async function appMs(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function seed(ids: { lesson: string; quiz: string; lab1: string; lab2: string }) {
  const t = performance.now();
  // quiz questions (the file's ids) and lab tasks, for realistic JSON
  const qids = [
    "what-mesos-is",
    "two-level-scheduling",
    "mesos-container-framework",
    "mesos-leader-election",
    "high-availability",
    "scaling-and-healing",
    "pod-networking",
  ];
  const lab1 = ["masters", "version", "remedy", "leader", "zookeeper", "detection"];
  const lab2 = ["client", "app", "cause", "agents", "download", "return", "detection"];
  const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;
  await sql(
    BENCH_URL,
    `
    SELECT setseed(0.42);
    INSERT INTO "User" (id, email, name, "passwordHash", role, active, "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'bench-' || i || '@bench.example', 'Bench Learner ' || i, 'x', 'learner', i % 97 <> 0,
      now() - (random() * interval '90 days'), now()
    FROM generate_series(1, ${N}) i;
    CREATE TEMP TABLE b AS SELECT id, row_number() OVER (ORDER BY email) AS i, random() AS skill, "createdAt" AS t0 FROM "User" WHERE email LIKE 'bench-%';

    -- progress along the track: everyone opens the lesson, fewer get further (who reaches an item is
    -- decided by a hash of the pair: a volatile random() in a join condition is evaluated once)
    INSERT INTO "ItemProgress" (id, "userId", "itemId", status, score, attempts, "timeSpentSeconds", "firstActivityAt", "lastActivityAt", "completedAt")
    SELECT gen_random_uuid(), b.id, s.item, CASE WHEN random() < s.done THEN 'completed' ELSE 'in_progress' END::"ProgressStatus",
      least(1, b.skill * 0.6 + random() * 0.5), (1 + random() * 5)::int, (60 + random() * s.secs)::int,
      b.t0 + s.off, b.t0 + s.off + random() * interval '3 days', NULL
    FROM b JOIN (VALUES ('${ids.lesson}'::uuid, 1.0, 0.92, 900, interval '0 days'), ('${ids.quiz}'::uuid, 0.85, 0.7, 1500, interval '1 day'),
                        ('${ids.lab1}'::uuid, 0.75, 0.45, 7200, interval '3 days'), ('${ids.lab2}'::uuid, 0.6, 0.5, 5400, interval '8 days'))
      AS s(item, reach, done, secs, off) ON abs(hashtext(b.i::text || s.item::text)) / 2147483648.0 < s.reach;
    UPDATE "ItemProgress" SET "completedAt" = "lastActivityAt" WHERE status = 'completed';

    -- quiz attempts: 1 to 5 per learner who reached it, each question right with the learner's skill
    INSERT INTO "Attempt" (id, "userId", "itemId", part, "submittedAt", score, "maxScore", passed, answers, result)
    SELECT gen_random_uuid(), p."userId", p."itemId", 'quiz', p."firstActivityAt" + k * interval '20 minutes', 0, 7, false,
      jsonb_build_object('what-mesos-is', (ARRAY['cluster-manager','container-orchestrator','image-registry','service-mesh'])[1 + (random() * 3.4)::int]),
      jsonb_build_object('questions', (SELECT jsonb_agg(jsonb_build_object('id', q, 'earned', CASE WHEN random() < 0.3 + b.skill * 0.6 THEN 1 ELSE 0 END, 'points', 1)) FROM unnest(${arr(qids)}) q))
    FROM "ItemProgress" p JOIN b ON b.id = p."userId" CROSS JOIN generate_series(1, 5) k
    WHERE p."itemId" = '${ids.quiz}' AND k <= 1 + (random() * 4.4)::int;

    -- lab attempts: per task 1 to 12 tries, the last one right more often for stronger learners
    INSERT INTO "Attempt" (id, "userId", "itemId", part, "submittedAt", score, "maxScore", passed, answers, result)
    SELECT gen_random_uuid(), p."userId", p."itemId", task, p."firstActivityAt" + (k * 7 + random() * 5) * interval '1 minute',
      0, 10, k = tries AND random() < 0.4 + b.skill * 0.6,
      jsonb_build_object('answer', CASE WHEN task = 'detection' THEN 'SELECT id FROM logs WHERE message LIKE ''%' || k || '%''' ELSE (ARRAY['mesos-a3','1.10','v1.10.0','mesos-m5','zk1:2181','203.0.113.9'])[1 + (random() * 5)::int] END),
      CASE WHEN task = 'detection' THEN jsonb_build_object('message', 'graded', 'counts', jsonb_build_object('f1', random(), 'precision', random(), 'recall', random()))
           ELSE jsonb_build_object('message', 'graded', 'normalised', (ARRAY['mesos-a3','1.10','1.10.0','mesos-m5','zk1:2181','203.0.113.9'])[1 + (random() * 5)::int]) END
    FROM "ItemProgress" p JOIN b ON b.id = p."userId"
      CROSS JOIN LATERAL unnest(CASE WHEN p."itemId" = '${ids.lab1}' THEN ${arr(lab1)} ELSE ${arr(lab2)} END) task
      CROSS JOIN LATERAL (SELECT 1 + (random() * 11 * (1 - b.skill))::int AS tries) tr
      CROSS JOIN generate_series(1, 12) k
    WHERE p."itemId" IN ('${ids.lab1}', '${ids.lab2}') AND k <= tr.tries;
    UPDATE "Attempt" SET score = "maxScore" WHERE passed;

    INSERT INTO "HintUnlock" ("userId", "itemId", "taskId", "hintIndex", cost, "createdAt")
    SELECT p."userId", p."itemId", task, 0, 3, p."firstActivityAt" + interval '5 minutes'
    FROM "ItemProgress" p CROSS JOIN LATERAL unnest(CASE WHEN p."itemId" = '${ids.lab1}' THEN ${arr(lab1)} ELSE ${arr(lab2)} END) task
    WHERE p."itemId" IN ('${ids.lab1}', '${ids.lab2}') AND random() < 0.35;

    -- the query history: 5 to 30 queries per learner in a lab
    INSERT INTO "LabQuery" ("userId", "itemId", sql, ok, "rowCount", "totalCount", "elapsedMs", "createdAt")
    SELECT p."userId", p."itemId", 'SELECT host, count(*) FROM logs WHERE service = ''mesos-master'' GROUP BY host -- ' || k, random() < 0.9, 10, 10, 20,
      p."firstActivityAt" + k * interval '3 minutes'
    FROM "ItemProgress" p CROSS JOIN generate_series(1, 30) k
    WHERE p."itemId" IN ('${ids.lab1}', '${ids.lab2}') AND k <= 5 + (random() * 25)::int;
    ANALYZE;
  `,
  );
  return performance.now() - t;
}

async function main() {
  await sql(server.toString(), `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await sql(server.toString(), `CREATE DATABASE ${DB}`);
  await prepareDatabase(BENCH_URL, { quiet: true });
  process.env.DATABASE_URL = BENCH_URL;
  const { db } = await import("@/lib/server/db");
  const items = await db.item.findMany({ select: { id: true, kind: true, slug: true } });
  const id = (k: string, s: string) => items.find((i) => i.kind === k && i.slug === s)!.id;
  const ids = {
    lesson: id("lesson", "kubernetes-vs-mesos"),
    quiz: id("quiz", "kubernetes-vs-mesos"),
    lab1: id("lab", "unpatched-mesos-control-plane"),
    lab2: id("lab", "cryptominer-via-marathon"),
  };
  const seedMs = await seed(ids);
  const counts = Object.fromEntries(
    await Promise.all(
      (["itemProgress", "attempt", "hintUnlock", "labQuery"] as const).map(async (m) => [
        m,
        await (db[m] as unknown as { count: () => Promise<number> }).count(),
      ]),
    ),
  ) as Record<string, number>;

  const { reportFilterSchema } = await import("@/lib/schemas/reports");
  const { reportScope, scopedItem } = await import("@/lib/server/reports/scope");
  const { overview } = await import("@/lib/server/reports/overview");
  const { matrix, matrixCsv } = await import("@/lib/server/reports/matrix");
  const { quizReport, labReport } = await import("@/lib/server/reports/items");
  const { learnerReport } = await import("@/lib/server/reports/learner");
  const admin = { id: "00000000-0000-4000-8000-000000000000", email: "bench@admin", name: "Bench", role: "admin" as const };
  const f = reportFilterSchema.parse({});
  const scope = await reportScope(admin);
  const someone = (await db.itemProgress.findFirstOrThrow({ where: { itemId: ids.lab1 }, orderBy: { attempts: "desc" } })).userId;
  const itemList = `'${ids.lesson}','${ids.quiz}','${ids.lab1}','${ids.lab2}'`;

  const views: { view: string; app: () => Promise<unknown>; sql: string }[] = [
    {
      view: "overview (counts, funnel, medians, weekly)",
      app: () => overview(scope, f),
      sql: `SELECT (SELECT count(*) FROM "User" WHERE role = 'learner' AND active),
              count(DISTINCT p."userId") FILTER (WHERE p."lastActivityAt" >= now() - interval '7 days'),
              count(DISTINCT p."userId") FILTER (WHERE p."lastActivityAt" >= now() - interval '30 days')
            FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId" WHERE u.role = 'learner' AND u.active AND p."itemId" IN (${itemList});
            SELECT p."itemId", count(*) FILTER (WHERE p.status <> 'not_started'), count(*) FILTER (WHERE p.status = 'completed'),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY p."timeSpentSeconds") FILTER (WHERE p.status = 'completed')
            FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId" WHERE u.role = 'learner' AND p."itemId" IN (${itemList}) GROUP BY 1;
            SELECT date_trunc('week', p."completedAt"), count(*) FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId"
            WHERE u.role = 'learner' AND p.status = 'completed' AND p."itemId" IN (${itemList}) GROUP BY 1 ORDER BY 1`,
    },
    {
      view: "matrix, first page by score (50 learners × 4 items)",
      app: () => matrix(scope, { ...f, sort: "score" }),
      sql: `WITH a AS (SELECT "userId", count(*) FILTER (WHERE status = 'completed') AS completed, coalesce(sum(score), 0) AS score, max("lastActivityAt") AS last
                       FROM "ItemProgress" WHERE "itemId" IN (${itemList}) GROUP BY "userId"),
                 page AS (SELECT u.id, u.name, u.email, a.completed, a.score, a.last FROM "User" u LEFT JOIN a ON a."userId" = u.id
                          WHERE u.role = 'learner' AND u.active ORDER BY coalesce(a.score, 0) DESC, u.id LIMIT 50)
            SELECT page.*, p."itemId", p.status, p.score, p.attempts, p."timeSpentSeconds",
              (SELECT count(*) FROM "HintUnlock" h WHERE h."userId" = page.id AND h."itemId" = p."itemId") AS hints,
              (SELECT count(*) FROM "User" u WHERE u.role = 'learner' AND u.active) AS total
            FROM page LEFT JOIN "ItemProgress" p ON p."userId" = page.id AND p."itemId" IN (${itemList})`,
    },
    {
      view: "quiz item analysis (first attempts, facility, discrimination)",
      app: async () => quizReport(await scopedItem(admin, ids.quiz), f),
      sql: `WITH first AS (SELECT DISTINCT ON (a."userId") a.result, a.answers FROM "Attempt" a JOIN "User" u ON u.id = a."userId"
                           WHERE a."itemId" = '${ids.quiz}' AND a.part = 'quiz' AND u.role = 'learner' ORDER BY a."userId", a."submittedAt"),
                 q AS (SELECT e->>'id' AS id, (e->>'earned')::float AS earned, (e->>'points')::float AS points,
                         (SELECT sum((x->>'earned')::float) FROM jsonb_array_elements(first.result->'questions') x) AS total
                       FROM first, jsonb_array_elements(first.result->'questions') e)
            SELECT id, count(*), avg(earned) / max(points), corr(earned, total - earned) FROM q GROUP BY id;
            SELECT answers->>'what-mesos-is', count(*) FROM (SELECT DISTINCT ON (a."userId") a.answers FROM "Attempt" a JOIN "User" u ON u.id = a."userId"
              WHERE a."itemId" = '${ids.quiz}' AND a.part = 'quiz' AND u.role = 'learner' ORDER BY a."userId", a."submittedAt") f GROUP BY 1`,
    },
    {
      view: "lab item analysis (6 tasks: rates, tries, time, hints, wrong answers, F1)",
      app: async () => labReport(await scopedItem(admin, ids.lab1), f),
      sql: `WITH t AS (SELECT a."userId", a.part, a.passed, a."submittedAt", row_number() OVER (PARTITION BY a."userId", a.part ORDER BY a."submittedAt", a.id) AS n
                       FROM "Attempt" a JOIN "User" u ON u.id = a."userId" WHERE a."itemId" = '${ids.lab1}' AND u.role = 'learner')
            SELECT t.part, count(DISTINCT t."userId"), count(DISTINCT t."userId") FILTER (WHERE t.passed),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY t.n) FILTER (WHERE t.passed),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t."submittedAt" - p."firstActivityAt")) FILTER (WHERE t.passed)
            FROM t LEFT JOIN "ItemProgress" p ON p."userId" = t."userId" AND p."itemId" = '${ids.lab1}' GROUP BY GROUPING SETS ((t.part), ());
            SELECT h."taskId", count(DISTINCT h."userId"), count(*) FROM "HintUnlock" h JOIN "User" u ON u.id = h."userId"
            WHERE h."itemId" = '${ids.lab1}' AND u.role = 'learner' GROUP BY 1;
            SELECT part, value, c FROM (SELECT a.part, a.result->>'normalised' AS value, count(*) AS c, row_number() OVER (PARTITION BY a.part ORDER BY count(*) DESC) AS r
              FROM "Attempt" a JOIN "User" u ON u.id = a."userId" WHERE a."itemId" = '${ids.lab1}' AND u.role = 'learner' AND NOT a.passed AND a.result->'counts' IS NULL
              GROUP BY 1, 2) w WHERE r <= 5;
            SELECT DISTINCT ON (a."userId", a.part) a.part, (a.result->'counts'->>'f1')::float FROM "Attempt" a JOIN "User" u ON u.id = a."userId"
            WHERE a."itemId" = '${ids.lab1}' AND u.role = 'learner' AND a.result->'counts' IS NOT NULL ORDER BY a."userId", a.part, 2 DESC`,
    },
    {
      view: "a learner's timeline (attempts, hints, queries)",
      app: () => learnerReport(scope, someone),
      sql: `SELECT * FROM "Attempt" WHERE "userId" = '${someone}' AND "itemId" IN (${itemList}) ORDER BY "submittedAt" DESC LIMIT 501;
            SELECT * FROM "HintUnlock" WHERE "userId" = '${someone}' AND "itemId" IN (${itemList}) ORDER BY "createdAt" DESC LIMIT 501;
            SELECT * FROM "LabQuery" WHERE "userId" = '${someone}' AND "itemId" IN (${itemList}) ORDER BY "createdAt" DESC LIMIT 501`,
    },
  ];

  const rows: (string | number)[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const v of views) {
    const app = await appMs(v.app);
    const ref = psqlMs(v.sql);
    rows.push([v.view, fmtMs(app), fmtMs(ref), `${(app / ref).toFixed(2)}x`, app <= 500 && app <= ref * 1.5 ? "met" : "missed"]);
    results.push({ view: v.view, appMs: app, psqlMs: ref });
  }

  // the CSV of every learner: streamed to nowhere, heap sampled while it runs
  const csvRun = async () => {
    const reader = matrixCsv(scope, f).getReader();
    let bytes = 0;
    let peak = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      // what the export holds on to (with --expose-gc: live heap after each batch, not garbage)
      global.gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    return { bytes, peak };
  };
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const csv = await csvRun();
  const csvMs = performance.now() - t0;
  const csvRef = psqlMs(
    `COPY (SELECT u.id, u.name, u.email, u.role, i.kind, i.slug, i.title, coalesce(p.status::text, 'not_started'), p.score, coalesce(p.attempts, 0), coalesce(p."timeSpentSeconds", 0),
       (SELECT count(*) FROM "HintUnlock" h WHERE h."userId" = u.id AND h."itemId" = i.id)
     FROM "User" u CROSS JOIN "Item" i LEFT JOIN "ItemProgress" p ON p."userId" = u.id AND p."itemId" = i.id
     WHERE u.role = 'learner' AND u.active AND i.id IN (${itemList}) ORDER BY u.id) TO STDOUT WITH (FORMAT csv, HEADER)`,
  );
  rows.push([
    `CSV export, every learner × item (${(csv.bytes / 2 ** 20).toFixed(1)} MiB)`,
    fmtMs(csvMs),
    fmtMs(csvRef),
    `${(csvMs / csvRef).toFixed(2)}x`,
    csvMs < 5000 ? "met (< 5 s)" : "missed",
  ]);
  const heapGrowthMiB = (csv.peak - heap0) / 2 ** 20;
  results.push({ view: "csv", appMs: csvMs, psqlMs: csvRef, bytes: csv.bytes, heapGrowthMiB });

  console.log(
    `\n${N} learners seeded in ${fmtMs(seedMs)}: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}.`,
  );
  console.log(`Median of ${RUNS} runs after one warm-up, app and psql alternating per view; the CSV once.\n`);
  console.log(table(["view", "app (Prisma + JS)", "hand-written SQL (psql)", "ratio", "target (< 500 ms and < 1.5x)"], rows));
  console.log(
    `\nCSV: the live heap grew by at most ${heapGrowthMiB.toFixed(1)} MiB while streaming ${(csv.bytes / 2 ** 20).toFixed(1)} MiB${global.gc ? "" : " (without --expose-gc this counts garbage too)"}.`,
  );
  fs.mkdirSync(path.join("bench", "out"), { recursive: true });
  fs.writeFileSync(path.join("bench", "out", "reports.json"), JSON.stringify({ learners: N, runs: RUNS, counts, seedMs, results }, null, 2));
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
