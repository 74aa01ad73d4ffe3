/**
 * A class starting the lab together, measured from outside over HTTP against a running server.
 *   DATABASE_URL=<the app's database> npx tsx bench/lab-class.ts --url http://127.0.0.1:3000 --learners 30
 * Options: --open-concurrency K (lab pages opened at once, default: all learners),
 *          --prepare-wait (after the pages, wait until /api/health says engine.preparing = 0),
 *          --prepare-timeout S (default 600), --tag NAME (part of the generated emails),
 *          --track-first (open the track page first, wait until the engine has prepared every
 *          learner's data, then the lab page: a class that reads the lesson before the lab).
 * Phases: N fresh learners open the lab page; all N send their first query in the same instant;
 * a second round of one query each, again together; then each submits four (wrong) answers.
 * Prints Markdown tables (medians, p95, max) and the server's /api/health and RSS at the end.
 */
import fs from "node:fs";
import path from "node:path";
import {
  LAB_SLUG,
  argFlag,
  argNumber,
  argValue,
  baseUrl,
  createLearners,
  fmtMs,
  health,
  preparingOf,
  printErrors,
  printServerState,
  pool,
  runBench,
  processMemory,
  rssSampler,
  serverPid,
  sleep,
  stats,
  table,
  type Learner,
  type Sample,
} from "./support/learners";

const FIRST_QUERY = "SELECT service, count(*) AS events FROM logs GROUP BY 1 ORDER BY 2 DESC";
const SECOND_QUERY = "SELECT host, count(*) AS errors FROM logs WHERE level IN ('ERROR', 'FATAL') GROUP BY 1 ORDER BY 2 DESC LIMIT 20";
// Wrong on purpose (the measure is latency): four answers stay under the 10 wrong answers a minute.
const ANSWERS: { taskId: string; answer: string | string[] }[] = [
  { taskId: "remedy", answer: "nothing" },
  { taskId: "version", answer: "0.0.1" },
  { taskId: "masters", answer: ["host-that-is-not-there", "another-host"] },
  { taskId: "detection", answer: "SELECT id FROM logs WHERE service LIKE 'mesos%' AND level = 'ERROR'" },
];

function statRow(label: string, samples: Sample[], okOnly = false): (string | number)[] {
  const ok = samples.filter((s) => s.ok);
  const s = stats((okOnly ? ok : samples).map((x) => x.ms));
  return [label, samples.length, samples.length - ok.length, fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.max)];
}
const HEAD = ["phase", "requests", "errors", "p50", "p95", "max"];

/** All learners fire at the same instant (launched in one synchronous loop). */
async function together(learners: Learner[], fn: (l: Learner) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await Promise.all(learners.map((l) => fn(l)));
  return performance.now() - t0;
}

const lastSample = (l: Learner) => l.samples[l.samples.length - 1];

async function main() {
  const base = baseUrl();
  const n = argNumber("learners", 30);
  const openConcurrency = argNumber("open-concurrency", n);
  const prepareWait = argFlag("prepare-wait");
  const prepareTimeoutMs = argNumber("prepare-timeout", 600) * 1000;
  const pid = serverPid(base);
  const h0 = await health(base);
  if (!h0) throw new Error(`${base}/api/health does not answer: start the app first (npm start)`);
  const rss = rssSampler(pid);
  const mem0 = processMemory(pid);
  console.log(`# lab-class: ${n} learners against ${base} (lab ${LAB_SLUG})\n`);
  console.log(
    `server pid ${pid ?? "not visible"}, RSS at start ${mem0 ? `${mem0.rssMiB} MiB` : "—"}; load average ${(await import("node:os"))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );

  const t0 = performance.now();
  const learners = await createLearners(base, n, { tag: argValue("tag") ?? "class" });
  console.log(`${n} accounts created and signed in over HTTP in ${fmtMs(performance.now() - t0)}`);
  const signIns = learners.flatMap((l) => l.samples.filter((s) => s.kind === "signin"));

  // 0. Optionally, the class opens the track first (the app starts preparing each learner's lab
  //    data then) and the lab only once the engine has prepared them all.
  const trackFirst = argFlag("track-first");
  let trackNote = "not requested";
  if (trackFirst) {
    const tt = performance.now();
    await pool(learners, openConcurrency, (l) => l.page("/tracks/soc-analyst-tier-1"));
    const trackMs = performance.now() - tt;
    await sleep(1000);
    let preparing = preparingOf(await health(base));
    while (preparing !== 0 && performance.now() - tt < prepareTimeoutMs) {
      await sleep(500);
      preparing = preparingOf(await health(base));
    }
    trackNote = `track page opened by all in ${fmtMs(trackMs)}; every dataset prepared ${fmtMs(performance.now() - tt)} after the first track page was requested`;
  }

  // 1. Open the lab page, as a browser does on arrival (this is where the app builds the dataset today).
  const tOpen = performance.now();
  await pool(learners, openConcurrency, (l) => l.page(`/labs/${LAB_SLUG}`));
  const openWall = performance.now() - tOpen;
  const opens = learners.map(lastSample);
  const rssOpen = rss.take();

  // 1b. Optionally wait for the engine to finish preparing datasets ahead of the first query.
  let prepareNote = "not requested";
  if (prepareWait) {
    const tp = performance.now();
    const first = preparingOf(await health(base));
    if (first === undefined) prepareNote = "skipped: /api/health has no engine.preparing";
    else {
      let preparing: number | undefined = first;
      let polls = 0;
      while (preparing !== 0 && performance.now() - tp < prepareTimeoutMs) {
        await sleep(500);
        preparing = preparingOf(await health(base));
        polls++;
      }
      prepareNote =
        preparing === 0
          ? `engine.preparing reached 0 after ${fmtMs(performance.now() - tp)} (started at ${first}, ${polls} polls)`
          : `gave up after ${fmtMs(prepareTimeoutMs)} (engine.preparing = ${preparing})`;
    }
  }
  const rssPrepare = rss.take();

  // 2. First query: everybody in the same instant.
  await sleep(1000 - (Date.now() % 1000)); // start on a second boundary
  const firstWall = await together(learners, (l) => l.query(FIRST_QUERY, { label: "first query" }));
  const firsts = learners.map(lastSample);
  const rssFirst = rss.take();

  // 3. Second round: one more query each, together again.
  const secondWall = await together(learners, (l) => l.query(SECOND_QUERY, { label: "second query" }));
  const seconds = learners.map(lastSample);
  const rssSecond = rss.take();

  // 4. Grading: each learner submits its answers one after the other; learners in parallel.
  const tGrade = performance.now();
  await Promise.all(
    learners.map(async (l) => {
      for (const a of ANSWERS) await l.answer(a.taskId, a.answer);
    }),
  );
  const gradeWall = performance.now() - tGrade;
  const grades = learners.flatMap((l) => l.samples.filter((s) => s.kind === "answer"));
  const rssGrade = rss.take();

  // 5. The class comes back: the lab page again, everybody at once (their data exists now).
  const tReopen = performance.now();
  await pool(learners, openConcurrency, (l) => l.page(`/labs/${LAB_SLUG}`));
  const reopenWall = performance.now() - tReopen;
  const reopens = learners.map(lastSample);
  const rssReopen = rss.take();
  rss.stop();

  console.log(`\n## Latency (all replies, errors included)\n`);
  console.log(
    table(HEAD.concat(["wall", "peak RSS"]), [
      [...statRow("sign-in (POST callback)", signIns), "—", "—"],
      [...statRow(`open lab page (${openConcurrency} at a time)`, opens), fmtMs(openWall), `${rssOpen} MiB`],
      [...statRow("first query, all at once", firsts), fmtMs(firstWall), `${Math.max(rssPrepare, rssFirst)} MiB`],
      [...statRow("second query, all at once", seconds), fmtMs(secondWall), `${rssSecond} MiB`],
      [...statRow(`grading, ${ANSWERS.length} answers each`, grades), fmtMs(gradeWall), `${rssGrade} MiB`],
      [...statRow(`reopen lab page (${openConcurrency} at a time)`, reopens), fmtMs(reopenWall), `${rssReopen} MiB`],
    ]),
  );
  // for npm run bench's table
  const phase = (name: string, samples: Sample[], wallMs: number) => ({
    name,
    ...stats(samples.map((x) => x.ms)),
    errors: samples.filter((x) => !x.ok).length,
    wallMs,
  });
  fs.mkdirSync(path.join("bench", "out"), { recursive: true });
  fs.writeFileSync(
    path.join("bench", "out", "lab-class.json"),
    JSON.stringify(
      {
        learners: n,
        phases: [
          phase("open the lab page", opens, openWall),
          phase("first query, all at once", firsts, firstWall),
          phase("second query, all at once", seconds, secondWall),
          phase(`grading, ${ANSWERS.length} answers each`, grades, gradeWall),
          phase("reopen the lab page", reopens, reopenWall),
        ],
      },
      null,
      2,
    ),
  );
  console.log(`\npreparation wait: ${prepareNote}`);
  console.log(`track first: ${trackNote}`);

  const okFirst = firsts.filter((s) => s.ok).map((s) => s.ms);
  if (okFirst.length && okFirst.length < firsts.length) {
    const s = stats(okFirst);
    console.log(`first query, successful replies only: ${okFirst.length}, p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)}, max ${fmtMs(s.max)}`);
  }
  const s1 = stats(firsts.map((s) => s.ms));
  const s2 = stats(seconds.map((s) => s.ms));
  console.log(`ratio first/second query: p50 ${(s1.p50 / s2.p50).toFixed(1)}x, p95 ${(s1.p95 / s2.p95).toFixed(1)}x`);

  console.log(`\n## Grading by task\n`);
  console.log(
    table(
      HEAD,
      ANSWERS.map((a) =>
        statRow(
          a.taskId,
          grades.filter((g) => g.label === `answer ${a.taskId}`),
        ),
      ),
    ),
  );

  for (const [name, samples] of [
    ["open lab page", opens],
    ["first query", firsts],
    ["second query", seconds],
    ["grading", grades],
    ["reopen lab page", reopens],
  ] as const) {
    console.log(`\n### Errors: ${name}\n`);
    printErrors([...samples]);
  }

  // When the first-query replies came back, in order: shows whether they trickle out one by one.
  const sortedFirst = [...firsts].sort((a, b) => a.ms - b.ms);
  const deciles = [0.1, 0.25, 0.5, 0.75, 0.9, 1].map(
    (q) => `${Math.round(q * 100)}%: ${fmtMs(sortedFirst[Math.max(0, Math.ceil(q * sortedFirst.length) - 1)]?.ms ?? NaN)}`,
  );
  console.log(`\nfirst-query replies received by: ${deciles.join(", ")}`);

  await printServerState(base, pid);
  process.exit(0);
}

runBench("lab-class", 30, main);
