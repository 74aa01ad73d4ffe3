// Nothing assumes one process: two `npm start` servers on different ports against one PostgreSQL
// (the e2e database), sharing their NEXTAUTH_SECRET as replicas behind a load balancer would, and
// every request of one learner alternating between them. Sign-in limits, quiz attempts, the lab's
// wrong-answer limit, lab progress and session revocation hold across both as on one.
import { randomBytes } from "node:crypto";
import { expect, test } from "./support/fixtures";
import { sql } from "./support/db";
import { E2E_PORT } from "./support/env";
import { SECOND_INSTANCE_POSSIBLE, startInstance, type Instance } from "./support/instance";
import { cookiePairs, signInOver } from "./support/fetch-session";
import { loadQuiz } from "./support/quiz";
import { wrongAnswers } from "../support/quiz-answers";

test.describe.configure({ mode: "serial" });
test.skip(!SECOND_INSTANCE_POSSIBLE, "two instances need the PostgreSQL server (DATABASE_URL), as in CI");

const LAB = "cryptominer-via-marathon";
const QUIZ = "kubernetes-vs-mesos";

let a: Instance;
let b: Instance;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const shared = { NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), SIGNUP_LIMIT_PER_HOUR: "100000" };
  [a, b] = await Promise.all([startInstance(shared, E2E_PORT + 4), startInstance(shared, E2E_PORT + 5)]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

/** the n-th request goes to A, then B, then A… */
const nth = (n: number) => (n % 2 === 0 ? a : b);
/** `cookies`: what the browser already holds (its device cookie) */
const signIn = (on: Instance, email: string, password: string, cookies: string[] = []) => signInOver(on.url, email, password, { cookies });

const post = (on: Instance, path: string, cookie: string, body: unknown) =>
  fetch(`${on.url}${path}`, { method: "POST", headers: { "Content-Type": "application/json", Cookie: cookie }, body: JSON.stringify(body) });

test("one learner's requests alternate between two instances: limits, attempts, progress and sign-out hold as on one", async () => {
  test.setTimeout(180_000);
  const email = `two-${Date.now()}@example.com`;
  const password = "two instances password";
  const made = await post(a, "/api/signup", "", { name: "Twin", email, password });
  expect(made.status).toBe(201);

  // the owner's browser signs in once on A: it now holds a device cookie
  const first = await signIn(a, email, password);
  expect(first.status).toBe(200);
  const device = cookiePairs(first).filter((c) => c.startsWith("wf-device="));
  expect(device).toHaveLength(1);
  // a stranger's 7 wrong guesses, spread over both instances: 5 checked, then 429 on either
  const guesses: number[] = [];
  for (let i = 0; i < 7; i++) guesses.push((await signIn(nth(i), email, `wrong guess ${i}`)).status);
  expect(guesses.map((s) => (s === 429 ? 429 : "checked"))).toEqual([...Array(5).fill("checked"), 429, 429]);
  // the right password from this address without the device is held too, on both
  expect((await signIn(a, email, password)).status).toBe(429);
  expect((await signIn(b, email, password)).status).toBe(429);
  // the owner's own browser signs in on B
  const signedIn = await signIn(b, email, password, device);
  expect(signedIn.status).toBe(200);
  const cookie = cookiePairs(signedIn)
    .filter((c) => c.includes("session-token"))
    .join("; ");

  // the quiz: its page opened on A, three attempts alternating, the fourth refused on either
  expect((await fetch(`${a.url}/quizzes/${QUIZ}`, { headers: { Cookie: cookie } })).status).toBe(200);
  const quiz = loadQuiz(QUIZ);
  const attempts: number[] = [];
  for (let i = 0; i < quiz.maxAttempts + 2; i++)
    attempts.push((await post(nth(i + 1), `/api/quizzes/${QUIZ}/attempts`, cookie, { answers: wrongAnswers(quiz) })).status);
  expect(attempts).toEqual([...Array(quiz.maxAttempts).fill(201), 409, 409]);

  // the lab: 12 wrong answers alternating, 10 graded, then 429 on both
  const wrong: number[] = [];
  for (let i = 0; i < 12; i++) wrong.push((await post(nth(i), `/api/labs/${LAB}/answers`, cookie, { taskId: "client", answer: `198.18.1.${i}` })).status);
  expect(wrong).toEqual([...Array(10).fill(201), 429, 429]);
  // solved on B, already solved on A; the score is the same read from either
  const solved = await post(b, `/api/labs/${LAB}/answers`, cookie, { taskId: "app", answer: "/ops/kube-metrics" });
  expect(solved.status).toBe(201);
  const again = await post(a, `/api/labs/${LAB}/answers`, cookie, { taskId: "app", answer: "/ops/kube-metrics" });
  expect((await again.json()).message).toBe("You have already solved this task.");
  const score = (await solved.json()).lab.score as number;
  const [{ attempts: counted, best }] = await sql<{ attempts: number; best: number }>(
    `SELECT p.attempts, (SELECT sum(m) FROM (SELECT max(t.score) AS m FROM "Attempt" t WHERE t."userId" = p."userId" AND t."itemId" = p."itemId" GROUP BY t.part) s)::float AS best
     FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId" JOIN "Item" i ON i.id = p."itemId" WHERE u.email = $1 AND i.slug = $2`,
    [email, LAB],
  );
  expect(counted).toBe(11);
  expect(best).toBeCloseTo(score, 6);

  // signed out on A: the same cookie opens nothing on B
  const csrf = await fetch(`${a.url}/api/auth/csrf`, { headers: { Cookie: cookie } });
  const { csrfToken } = await csrf.json();
  await fetch(`${a.url}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: [cookie, ...cookiePairs(csrf)].join("; ") },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  expect((await post(b, `/api/labs/${LAB}/query`, cookie, { sql: "SELECT 1" })).status).toBe(401);
  expect((await fetch(`${b.url}/dashboard`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(307);
});
