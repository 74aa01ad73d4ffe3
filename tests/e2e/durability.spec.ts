// Concurrency and durability, over real HTTP against `npm start` on a PostgreSQL server of this
// file's own (so it can be stopped without touching the other tests' database):
// - 100 learners submit 1,000 answers at the same time (quiz attempts and lab answers, two at a time each): every acknowledged
//   one is stored exactly once, and each learner's progress equals a recount from the attempts;
// - PostgreSQL crashes (an immediate stop) in the middle of a run of answers and comes back:
//   /api/health answers 503 while it is down, the requests meanwhile get a clear 503, the app
//   recovers by itself (the same process), and nothing acknowledged is lost.
// Each test prints its figures.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { parse } from "yaml";
import { expect, test } from "./support/fixtures";
import { CLUSTER_POSSIBLE, createCluster, type Cluster } from "./support/cluster";
import { startInstance, type Instance } from "./support/instance";
import { E2E_PORT } from "./support/env";
import { sql as query } from "./support/db";
import { cookiePairs, signInOver } from "./support/fetch-session";
import { loadQuiz } from "./support/quiz";
import { wrongAnswers } from "../support/quiz-answers";

test.describe.configure({ mode: "serial" });
test.skip(!CLUSTER_POSSIBLE, "needs the PostgreSQL server binaries (Debian's postgresql package, as in CI)");

const LAB = "cryptominer-via-marathon";
const QUIZ = "kubernetes-vs-mesos";
const PG_PORT = 55433;

let cluster: Cluster;
let app: Instance;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = createCluster(PG_PORT);
  app = await startInstance(
    { DATABASE_URL: cluster.url, SIGNUP_LIMIT_PER_HOUR: "100000", NEXTAUTH_SECRET: randomBytes(32).toString("base64url") },
    E2E_PORT + 3,
    { prepare: true },
  );
});
test.afterAll(async () => {
  await app?.stop();
  cluster?.destroy();
});

/** a query on this file's own database */
const sql = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => query<T>(text, values, cluster.url);

type Learner = { email: string; cookie: string };

/** a learner signed up and signed in over HTTP: their session (and device) cookies */
async function signedIn(stamp: string, n: number): Promise<Learner> {
  const email = `load-${stamp}-${n}@example.com`;
  const password = "a load test password";
  const made = await fetch(`${app.url}/api/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: `Load ${n}`, email, password }),
  });
  expect(made.status).toBe(201);
  const signIn = await signInOver(app.url, email, password);
  expect(signIn.status).toBe(200);
  return { email, cookie: cookiePairs(signIn).join("; ") };
}

async function learners(count: number): Promise<Learner[]> {
  const stamp = randomBytes(3).toString("hex");
  const out: Learner[] = [];
  // ten at a time: sign-up hashes a password, which is meant to be slow
  for (let i = 0; i < count; i += 10) out.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, j) => signedIn(stamp, i + j)))));
  return out;
}

type Sent = { email: string; part: string; item: string; answer: unknown; status: number; body: string };

async function submit(who: Learner, item: string, part: string, answer: unknown): Promise<Sent> {
  const [url, body] = item === QUIZ ? [`/api/quizzes/${QUIZ}/attempts`, { answers: answer }] : [`/api/labs/${LAB}/answers`, { taskId: part, answer }];
  try {
    const r = await fetch(`${app.url}${url}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: who.cookie },
      body: JSON.stringify(body),
    });
    return { email: who.email, part, item, answer, status: r.status, body: await r.text() };
  } catch (err) {
    // no answer at all (the connection failed): not acknowledged
    return { email: who.email, part, item, answer, status: 0, body: String(err) };
  }
}

const tally = (sent: Sent[]) => sent.reduce<Record<string, number>>((m, s) => ({ ...m, [s.status]: (m[s.status] ?? 0) + 1 }), {});
const acknowledged = (s: Sent) => s.status === 201;

const labPoints = (parse(fs.readFileSync(path.join("labs", "labs", `${LAB}.yaml`), "utf8")) as { tasks: { points: number }[] }).tasks.reduce(
  (n, t) => n + t.points,
  0,
);

/** every acknowledged submission is an attempt, once; progress is what the attempts add up to */
async function checkStored(sent: Sent[], emails: string[]) {
  const rows = await sql<{ email: string; slug: string; part: string; answers: unknown }>(
    `SELECT u.email, i.slug, a.part, a.answers FROM "Attempt" a JOIN "User" u ON u.id = a."userId" JOIN "Item" i ON i.id = a."itemId" WHERE u.email = ANY($1)`,
    [emails],
  );
  // a lab attempt keeps its answer: each one is looked up; a learner's quiz attempts are counted
  const key = (email: string, item: string, part: string, answer: unknown) => `${email} ${item} ${part} ${item === QUIZ ? "" : JSON.stringify(answer)}`;
  const count = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  const stored = count(rows.map((r) => key(r.email, r.slug, r.part, (r.answers as { answer?: unknown }).answer)));
  const acked = sent.filter(acknowledged);
  const expected = count(acked.map((s) => key(s.email, s.item, s.part, s.answer)));
  const wrong = [...expected].filter(([k, n]) => stored.get(k) !== n).map(([k, n]) => `${k}: acknowledged ${n}, stored ${stored.get(k) ?? 0}`);
  expect(wrong, "acknowledged submissions not stored exactly once").toEqual([]);

  const progress = await sql<{
    email: string;
    slug: string;
    attempts: number;
    score: number | null;
    counted: number;
    quizBest: number | null;
    labSum: number | null;
  }>(
    `SELECT u.email, i.slug, p.attempts, p.score,
            (SELECT count(*) FROM "Attempt" a WHERE a."userId" = p."userId" AND a."itemId" = p."itemId")::int AS counted,
            (SELECT max(a.score / a."maxScore") FROM "Attempt" a WHERE a."userId" = p."userId" AND a."itemId" = p."itemId" AND a.part = 'quiz') AS "quizBest",
            (SELECT sum(best) FROM (SELECT max(a.score) AS best FROM "Attempt" a WHERE a."userId" = p."userId" AND a."itemId" = p."itemId" AND a.part <> 'quiz' GROUP BY a.part) s) AS "labSum"
     FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId" JOIN "Item" i ON i.id = p."itemId"
     WHERE u.email = ANY($1) AND i.slug = ANY($2) AND i.kind IN ('quiz', 'lab')`,
    [emails, [QUIZ, LAB]],
  );
  const off = progress.filter(
    (p) => p.attempts !== p.counted || (p.counted > 0 && Math.abs((p.score ?? 0) - (p.slug === QUIZ ? (p.quizBest ?? 0) : (p.labSum ?? 0) / labPoints)) > 1e-9),
  );
  expect(off, "progress that is not a recount of the attempts").toEqual([]);
  return { acknowledged: acked.length, stored: rows.length, progressRows: progress.length };
}

test("100 learners submit 1,000 answers at the same time: each acknowledged one is stored once, progress equals a recount", async () => {
  test.setTimeout(240_000);
  const people = await learners(100);
  const quiz = loadQuiz(QUIZ);
  const wrong = wrongAnswers(quiz);
  // the quiz page opens the attempt the submissions answer
  await Promise.all(people.map((p) => fetch(`${app.url}/quizzes/${QUIZ}`, { headers: { Cookie: p.cookie } })));
  // each learner submits their ten as a browser would, two at a time; the hundred learners all at once
  const plans = people.map((p, n) => [
    ...[0, 1, 2].map(() => () => submit(p, QUIZ, "quiz", wrong)),
    ...[0, 1, 2].map((i) => () => submit(p, LAB, "client", `198.18.${n}.${i}`)),
    // a right answer, to a task nothing else here answers (after it, a task takes no more)
    () => submit(p, LAB, "app", "/ops/kube-metrics"),
    ...[0, 1].map((i) => () => submit(p, LAB, "download", `http://example.invalid/${n}/${i}`)),
    () => submit(p, LAB, "return", `nobody-${n}`),
  ]);
  expect(plans.flat()).toHaveLength(1000);
  const started = performance.now();
  const sent = (
    await Promise.all(
      plans.map(async (plan) => {
        const out: Sent[] = [];
        const lane = async (k: number) => {
          for (let i = k; i < plan.length; i += 2) out.push(await plan[i]());
        };
        await Promise.all([lane(0), lane(1)]);
        return out;
      }),
    )
  ).flat();
  const seconds = (performance.now() - started) / 1000;
  const figures = await checkStored(
    sent,
    people.map((p) => p.email),
  );
  console.log(`\n1,000 answers from 100 learners in ${seconds.toFixed(1)} s: ${JSON.stringify(tally(sent))}; ${JSON.stringify(figures)}\n`);
  // nothing failed on our side, and nothing was refused that the limits allow
  expect(sent.filter((s) => s.status !== 201).map((s) => `${s.status} ${s.body.slice(0, 120)}`)).toEqual([]);
});

test("PostgreSQL crashes mid-run: /api/health says 503, requests get a clear 503, the app recovers by itself, nothing acknowledged is lost", async () => {
  test.setTimeout(240_000);
  const people = await learners(20);
  const pid = app.pid;
  const sent: Sent[] = [];
  let stop = false;
  let n = 0;
  // each learner answers every 300 ms, round the three text tasks (at most 10 wrong a minute each)
  const writers = people.map(async (p) => {
    for (let i = 0; !stop; i++) {
      const part = ["client", "app", "download"][i % 3];
      sent.push(await submit(p, LAB, part, `${part}-${n++}`));
      await new Promise((r) => setTimeout(r, 300));
    }
  });
  const health = async () => {
    try {
      return (await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      return 0;
    }
  };
  const until = async (want: number, limitMs: number) => {
    const t0 = performance.now();
    while ((await health()) !== want) {
      if (performance.now() - t0 > limitMs) throw new Error(`/api/health did not answer ${want} within ${limitMs} ms:\n${app.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return performance.now() - t0;
  };

  await new Promise((r) => setTimeout(r, 2000));
  const before = sent.length;
  cluster.stop("immediate");
  const downAt = sent.length;
  const sawDown = await until(503, 10_000);
  await new Promise((r) => setTimeout(r, 3000));
  cluster.start();
  const upAt = sent.length;
  const recovered = await until(200, 30_000);
  await new Promise((r) => setTimeout(r, 3000));
  stop = true;
  await Promise.all(writers);

  const during = sent.slice(downAt, upAt);
  const figures = await checkStored(
    sent,
    people.map((p) => p.email),
  );
  console.log(
    `\n${sent.length} answers from 20 learners, ${before} before the crash: ${JSON.stringify(tally(sent))}; while down ${JSON.stringify(tally(during))}; ` +
      `health 503 after ${Math.round(sawDown)} ms, 200 again ${Math.round(recovered)} ms after the restart; ${JSON.stringify(figures)}\n`,
  );
  // the same process served before, during and after
  expect(app.running()).toBe(true);
  expect(app.pid).toBe(pid);
  // while the database was away, each request was told so (503), none failed obscurely
  expect(during.filter((s) => s.status !== 201 && s.status !== 503 && s.status !== 429).map((s) => `${s.status} ${s.body.slice(0, 160)}`)).toEqual([]);
  for (const s of sent.filter((s) => s.status === 503))
    expect(JSON.parse(s.body).message).toBe("The database is not answering right now; try again in a moment.");
  expect(sent.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
  // answers went through after the restart
  expect(sent.slice(upAt).filter(acknowledged).length).toBeGreaterThan(0);
});
