// Brute force over real HTTP, 50 requests at once from the learner's own browser, each with a
// different forged X-Forwarded-For (no proxy is trusted here, so none of it counts): the lab's
// wrong-answer limit, a choice task's tries, a solved task, and the quiz's attempt limit hold exactly,
// and each refusal says why (429 with Retry-After where waiting helps). Sign-in is in
// sign-in-limits.spec.ts; sign-up, through a trusted proxy, in production.spec.ts.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { sql } from "./support/db";
import { loadQuiz } from "./support/quiz";
import { rightAnswers, wrongAnswers } from "../support/quiz-answers";

const LAB = "cryptominer-via-marathon";
const QUIZ = "kubernetes-vs-mesos";
const PARALLEL = 50;

type Answered = { status: number; retryAfter: number; body: string };

/** PARALLEL posts of one JSON body (or one per index) from the page, all at once */
function burst(page: Page, url: string, body: (i: number) => unknown): Promise<Answered[]> {
  const bodies = Array.from({ length: PARALLEL }, (_, i) => JSON.stringify(body(i)));
  return page.evaluate(
    ({ url, bodies }) =>
      Promise.all(
        bodies.map(async (b, i) => {
          const r = await fetch(url, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Forwarded-For": `10.${i}.0.1`, "X-Real-IP": `10.${i}.0.2`, Forwarded: `for=10.${i}.0.3` },
            body: b,
          });
          return { status: r.status, retryAfter: Number(r.headers.get("Retry-After")), body: await r.text() };
        }),
      ),
    { url, bodies },
  );
}

const counts = (rs: Answered[]) => rs.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});

async function attempts(email: string, slug: string, part: string) {
  return sql<{ passed: boolean; score: number }>(
    `SELECT a.passed, a.score FROM "Attempt" a JOIN "User" u ON u.id = a."userId" JOIN "Item" i ON i.id = a."itemId"
     WHERE u.email = $1 AND i.slug = $2 AND a.part = $3`,
    [email, slug, part],
  );
}

test("lab answers: 50 parallel guesses get 10 graded and 40 × 429; a choice task grades its 2 tries; 50 right answers score once", async ({
  page,
  signedInLearner,
}) => {
  test.setTimeout(120_000);
  const table: string[] = [];
  await page.goto(`/labs/${LAB}`);
  const url = `/api/labs/${LAB}/answers`;

  // a text task: 10 wrong answers a minute, then a wait
  const guesses = await burst(page, url, (i) => ({ taskId: "client", answer: `198.18.0.${i}` }));
  table.push(`text task, ${PARALLEL} guesses: ${JSON.stringify(counts(guesses))}`);
  expect(guesses.filter((r) => r.status === 201)).toHaveLength(10);
  const throttled = guesses.filter((r) => r.status === 429);
  expect(throttled).toHaveLength(40);
  for (const r of throttled) {
    expect(r.retryAfter).toBeGreaterThan(0);
    expect(r.retryAfter).toBeLessThanOrEqual(60);
    expect(JSON.parse(r.body).message).toMatch(/^Too many wrong answers for this task\. Wait \d+ s/);
  }
  expect(await attempts(signedInLearner.email, LAB, "client")).toHaveLength(10);

  // a choice task of four options: two tries, then no more (trying every option does not pay)
  const tries = await burst(page, url, (i) => ({ taskId: "cause", answer: ["stolen-token", "agent-bug", "zookeeper"][i % 3] }));
  table.push(`choice task, ${PARALLEL} tries: ${JSON.stringify(counts(tries))}`);
  expect(tries.filter((r) => r.status === 201)).toHaveLength(2);
  const refused = tries.filter((r) => r.status !== 201);
  expect(refused).toHaveLength(48);
  for (const r of refused) {
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).message).toBe("No attempts left for this task (the limit is 2).");
  }
  expect(await attempts(signedInLearner.email, LAB, "cause")).toHaveLength(2);

  // the right answer 50 times at once: one graded pass, its points counted once
  const right = await burst(page, url, () => ({ taskId: "app", answer: "/ops/kube-metrics" }));
  table.push(`right answer ×${PARALLEL}: ${JSON.stringify(counts(right))}`);
  expect(right.filter((r) => r.status === 201)).toHaveLength(1);
  for (const r of right.filter((r) => r.status !== 201)) expect(JSON.parse(r.body).message).toBe("You have already solved this task.");
  const passes = await attempts(signedInLearner.email, LAB, "app");
  expect(passes.map((a) => a.passed)).toEqual([true]);
  // progress equals a recount from the attempts: each task's best score, over the lab's points
  const { lab } = JSON.parse(right.find((r) => r.status === 201)!.body) as { lab: { score: number; maxScore: number } };
  const [{ total }] = await sql<{ total: number }>(
    `SELECT sum(best)::float AS total FROM (SELECT max(a.score) AS best FROM "Attempt" a JOIN "User" u ON u.id = a."userId" JOIN "Item" i ON i.id = a."itemId"
     WHERE u.email = $1 AND i.slug = $2 GROUP BY a.part) s`,
    [signedInLearner.email, LAB],
  );
  const [progress] = await sql<{ score: number }>(
    `SELECT p.score FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId" JOIN "Item" i ON i.id = p."itemId" WHERE u.email = $1 AND i.slug = $2`,
    [signedInLearner.email, LAB],
  );
  expect(lab.score).toBeCloseTo(total, 6);
  expect(progress.score).toBeCloseTo(total / lab.maxScore, 6);
  console.log(`\n${table.join("\n")}\n`);
});

test("quiz: 50 parallel attempts grade exactly 3, the rest are refused as closed; the key comes only with the last", async ({ page, signedInLearner }) => {
  test.setTimeout(120_000);
  const quiz = loadQuiz(QUIZ);
  await page.goto(`/quizzes/${QUIZ}`);
  const wrong = wrongAnswers(quiz);
  const results = await burst(page, `/api/quizzes/${QUIZ}/attempts`, () => ({ answers: wrong }));
  console.log(`\nquiz, ${PARALLEL} attempts: ${JSON.stringify(counts(results))}\n`);
  const graded = results.filter((r) => r.status === 201);
  expect(graded).toHaveLength(quiz.maxAttempts);
  const closed = results.filter((r) => r.status !== 201);
  expect(closed).toHaveLength(PARALLEL - quiz.maxAttempts);
  for (const r of closed) {
    expect(r.status).toBe(409);
    expect(JSON.parse(r.body).message).toBe(`You have used all ${quiz.maxAttempts} attempts of this quiz.`);
  }
  // of the graded ones only the last reveals the key (and closes the quiz)
  const feedback = graded.map((r) => JSON.parse(r.body).feedback as { answersRevealed: boolean; closed: boolean });
  expect(feedback.filter((f) => f.answersRevealed)).toHaveLength(1);
  expect(feedback.filter((f) => f.closed)).toHaveLength(1);
  expect(await attempts(signedInLearner.email, QUIZ, "quiz")).toHaveLength(quiz.maxAttempts);
  // a right answer now changes nothing either
  const late = await page.request.post(`/api/quizzes/${QUIZ}/attempts`, { data: { answers: rightAnswers(quiz) } });
  expect(late.status()).toBe(409);
  expect(await attempts(signedInLearner.email, QUIZ, "quiz")).toHaveLength(quiz.maxAttempts);
  await page.reload();
  await expect(page.getByText(`You have used all ${quiz.maxAttempts} attempts of this quiz.`).first()).toBeVisible();
});
