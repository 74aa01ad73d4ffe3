/**
 * A noisy neighbour: what one learner's simple queries cost while others run the heaviest
 * queries the limits allow. Measured from outside over HTTP against a running server.
 *   DATABASE_URL=<the app's database> npx tsx bench/lab-neighbour.ts --url http://127.0.0.1:3000
 * Options: --queries N (victim queries per phase, default 40), --heavy K (heavy learners,
 *          default 4), --interval-ms M (at least this long between the starts of one learner's
 *          queries, default 1100: under the 60 queries a minute a learner may run).
 * The victim's queries are sequential and paced; quiet first, then with the heavy learners
 * looping. Target from the issue: loaded p95 / quiet p95 <= 2.
 */
import {
  LAB_SLUG,
  argNumber,
  argValue,
  baseUrl,
  createLearners,
  errorGroups,
  fmtMs,
  health,
  printErrors,
  printServerState,
  processMemory,
  rssSampler,
  runBench,
  serverPid,
  sleep,
  stats,
  table,
  type Learner,
  type Sample,
} from "./support/learners";

const SIMPLE = "SELECT count(*) FROM logs WHERE level = 'ERROR'";
const HEAVY: { label: string; sql: string }[] = [
  // runs into the 3 s limit: 200k^3 rows, a predicate that cannot be pushed down
  { label: "3-way cross join", sql: "SELECT count(*) FROM logs a, logs b, logs c WHERE a.message < b.message AND b.raw <> c.raw" },
  // every row and column, capped at 1,000 rows but counted to the end
  { label: "SELECT * (row cap)", sql: "SELECT * FROM logs" },
  // wide strings built over a big join (about 700M row pairs): runs into the 3 s limit
  { label: "raw || raw over a join", sql: "SELECT max(length(a.raw || b.raw || a.raw || b.raw)) FROM logs a JOIN logs b ON a.host = b.host" },
  // the same join aggregated into one string: stopped by the 256 MB memory limit (~0.4 s)
  { label: "string_agg over a join", sql: "SELECT string_agg(a.raw || b.raw || a.raw || b.raw, ',') FROM logs a JOIN logs b ON a.host = b.host" },
  // a sort of every event's tripled raw line
  { label: "sort of tripled raw lines", sql: "SELECT raw || raw || raw AS r, count(*) OVER () FROM logs ORDER BY r DESC" },
];

async function paced<T>(intervalMs: number, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const rest = intervalMs - (performance.now() - t0);
  if (rest > 0) await sleep(rest);
  return out;
}

function row(label: string, samples: Sample[]): (string | number)[] {
  const s = stats(samples.map((x) => x.ms));
  const errors = samples.filter((x) => !x.ok).length;
  return [label, samples.length, errors, fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.max)];
}

async function main() {
  const base = baseUrl();
  const queries = argNumber("queries", 40);
  const heavyCount = argNumber("heavy", 4);
  const intervalMs = argNumber("interval-ms", 1100);
  const pid = serverPid(base);
  if (!(await health(base))) throw new Error(`${base}/api/health does not answer: start the app first (npm start)`);
  const rss = rssSampler(pid);
  console.log(`# lab-neighbour: 1 learner, ${queries} paced queries quiet then beside ${heavyCount} heavy learners (${base})\n`);
  console.log(
    `server pid ${pid ?? "not visible"}, RSS at start ${processMemory(pid)?.rssMiB ?? "—"} MiB; load average ${(await import("node:os"))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );

  const [victim, ...heavy] = await createLearners(base, 1 + heavyCount, { tag: argValue("tag") ?? "neighbour" });
  // Everyone opens the lab first, one after the other, so no dataset build falls in a measurement.
  for (const l of [victim, ...heavy]) {
    const r = await l.page(`/labs/${LAB_SLUG}`);
    if (!r.ok) throw new Error(`${l.email}: lab page answered ${r.status} ${r.message ?? ""}`);
  }
  console.log(
    `lab opened by all ${1 + heavyCount} learners: ${victim.samples
      .concat(...heavy.map((h) => h.samples))
      .filter((s) => s.kind === "page")
      .map((s) => fmtMs(s.ms))
      .join(", ")}`,
  );
  await paced(intervalMs, () => victim.query(SIMPLE, { label: "warm-up" }));

  // Quiet: the victim alone.
  for (let i = 0; i < queries; i++) await paced(intervalMs, () => victim.query(SIMPLE, { label: "quiet", timeoutMs: 60_000 }));
  const rssQuiet = rss.take();

  // Loaded: heavy learners loop until the victim is done (bounded by a deadline too).
  let done = false;
  const deadline = performance.now() + queries * intervalMs * 3 + 120_000;
  const loops = heavy.map(async (l, k) => {
    for (let i = k; !done && performance.now() < deadline; i++) {
      const q = HEAVY[i % HEAVY.length];
      await paced(intervalMs, () => l.query(q.sql, { label: q.label, timeoutMs: 60_000 }));
    }
  });
  await sleep(3000); // let every heavy learner get a query in flight
  for (let i = 0; i < queries && performance.now() < deadline; i++) await paced(intervalMs, () => victim.query(SIMPLE, { label: "loaded", timeoutMs: 60_000 }));
  done = true;
  await Promise.all(loops);
  const rssLoaded = rss.take();
  rss.stop();

  const quiet = victim.samples.filter((s) => s.label === "quiet");
  const loaded = victim.samples.filter((s) => s.label === "loaded");
  const q = stats(quiet.map((s) => s.ms));
  const l = stats(loaded.map((s) => s.ms));
  console.log(`\n## The victim: \`${SIMPLE}\`, sequential, one every ${intervalMs} ms at most\n`);
  console.log(
    table(
      ["phase", "queries", "errors", "p50", "p95", "max", "peak RSS"],
      [
        [...row("quiet", quiet), `${rssQuiet} MiB`],
        [...row(`beside ${heavyCount} heavy learners`, loaded), `${rssLoaded} MiB`],
      ],
    ),
  );
  const ratio95 = l.p95 / q.p95;
  console.log(
    `\nratio loaded/quiet: p50 ${(l.p50 / q.p50).toFixed(1)}x, p95 ${ratio95.toFixed(1)}x (target: p95 ratio <= 2: ${ratio95 <= 2 ? "met" : "NOT met"})`,
  );

  console.log(`\n### Errors: victim\n`);
  printErrors([...quiet, ...loaded]);

  const heavySamples = heavy.flatMap((h: Learner) => h.samples.filter((s) => s.kind === "query"));
  console.log(`\n## The heavy learners' queries\n`);
  console.log(
    table(
      ["query", "runs", "200", "408 timeout", "422 memory", "other", "p50", "max"],
      HEAVY.map((hq) => {
        const s = heavySamples.filter((x) => x.label === hq.label);
        const st = stats(s.map((x) => x.ms));
        const by = (code: number) => s.filter((x) => x.status === code).length;
        return [hq.label, s.length, by(200), by(408), by(422), s.length - by(200) - by(408) - by(422), fmtMs(st.p50), fmtMs(st.max)];
      }),
    ),
  );
  const other = errorGroups(heavySamples).filter((g) => g.status !== 408 && g.status !== 422);
  if (other.length) {
    console.log(`\nother heavy-query replies:`);
    console.log(
      table(
        ["status", "count", "message"],
        other.map((g) => [g.status === 0 ? "no reply" : g.status, g.count, g.message || "—"]),
        [false, true, false],
      ),
    );
  }
  const msgs = errorGroups(heavySamples).filter((g) => g.status === 408 || g.status === 422);
  if (msgs.length) console.log(`\n408/422 messages: ${msgs.map((g) => `${g.status} ×${g.count} "${g.message}"`).join("; ")}`);

  await printServerState(base, pid);
  process.exit(0);
}

runBench("lab-neighbour", 20, main);
