import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createAccount } from "@/lib/server/accounts";
import { loadCatalog } from "@/lib/content/catalog";
import { openQuiz, submitQuizAttempt } from "@/lib/server/quiz";
import { submissionEnvelopeSchema } from "@/lib/schemas/quiz";
import { asInput, settle } from "../support/settle";
import type { Quiz } from "@/lib/schemas/quiz";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";
import { rightAnswers, wrongAnswers } from "../support/quiz-answers";

const SLUG = "kubernetes-vs-mesos";
const quiz = () => loadCatalog().items.get(`quiz/${SLUG}`)!.data as Quiz;
let n = 0;

async function learner() {
  const account = await createAccount(db, { name: "Quiz Taker", email: `quiz-${++n}-${Date.now()}@example.com`, password: "quiz taker password" });
  return account.userId;
}

// as the attempts route: its envelope schema first, then the quiz's own checks in the service
const submit = (userId: string, body: unknown, slug = SLUG) =>
  settle(() => submitQuizAttempt({ userId, slug, input: asInput(submissionEnvelopeSchema, body), ip: "127.0.0.1" }));

describe.each(backends)("quiz attempts on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("keeps the option order within an attempt and reshuffles for the next", async () => {
    const userId = await learner();
    const first = await openQuiz({ userId, slug: SLUG });
    const again = await openQuiz({ userId, slug: SLUG });
    expect(again!.quiz).toEqual(first!.quiz);
    await submit(userId, { answers: wrongAnswers(quiz()) });
    const orders = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const view = await openQuiz({ userId, slug: SLUG });
      orders.add(JSON.stringify(view!.quiz.questions.map((q) => ("options" in q ? q.options.map((o) => o.id) : []))));
      await submit(userId, { answers: wrongAnswers(quiz()) });
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it("records every attempt, keeps the best score and completes on a pass", async () => {
    const userId = await learner();
    await openQuiz({ userId, slug: SLUG });
    const failed = await submit(userId, { answers: wrongAnswers(quiz()) });
    expect(failed).toMatchObject({ ok: true, attemptNumber: 1, feedback: { passed: false, answersRevealed: false } });
    if (!failed.ok) return;
    expect(failed.feedback.questions.every((q: Record<string, unknown>) => q.correctAnswer === undefined && q.explanation === undefined)).toBe(true);

    const passed = await submit(userId, { answers: rightAnswers(quiz()) });
    expect(passed).toMatchObject({ ok: true, attemptNumber: 2, bestScore: 1, feedback: { passed: true, fraction: 1, answersRevealed: true } });
    // the key has been shown: the quiz takes no more attempts
    expect(await submit(userId, { answers: wrongAnswers(quiz()) })).toMatchObject({ ok: false, status: 409, message: /passed this quiz/ });
    expect((await openQuiz({ userId, slug: SLUG }))!.closedReason).toMatch(/passed this quiz/);

    const itemId = (await db.item.findUniqueOrThrow({ where: { kind_slug: { kind: "quiz", slug: SLUG } } })).id;
    const progress = await db.itemProgress.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } } });
    expect(progress).toMatchObject({ status: "completed", score: 1, attempts: 2 });
    expect(progress.completedAt).toBeInstanceOf(Date);
    const attempts = await db.attempt.findMany({ where: { userId }, orderBy: { submittedAt: "asc" } });
    expect(attempts.map((a) => a.passed)).toEqual([false, true]);
    expect(attempts[0].startedAt).toBeInstanceOf(Date);
    // Stored as validated: numeric answers arrive as text and are kept as numbers.
    const numeric = new Set(
      quiz()
        .questions.filter((q) => q.type === "number")
        .map((q) => q.id),
    );
    const expected = Object.fromEntries(Object.entries(wrongAnswers(quiz())).map(([id, v]) => [id, numeric.has(id) ? Number(v) : v]));
    expect(attempts[0].answers).toEqual(expected);
    expect((attempts[1].result as { questions: unknown[] }).questions).toHaveLength(quiz().questions.length);
    expect(attempts[1].ip).toBe("127.0.0.1");
  });

  it("grades exactly maxAttempts of 20 parallel throwaway submissions; the key shows on the last, and nothing after it is graded", async () => {
    const userId = await learner();
    await openQuiz({ userId, slug: SLUG });
    const results = await Promise.all(Array.from({ length: 20 }, () => submit(userId, { answers: wrongAnswers(quiz()) })));
    const allowed = quiz().maxAttempts;
    const graded = results.filter((r) => r.ok);
    expect(graded).toHaveLength(allowed);
    expect(graded.filter((r) => r.ok && r.feedback.answersRevealed)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok))
      expect(r).toMatchObject({ ok: false, status: 409, message: `You have used all ${allowed} attempts of this quiz.` });
    // the right answers, now known, earn nothing
    expect(await submit(userId, { answers: rightAnswers(quiz()) })).toMatchObject({ ok: false, status: 409 });
    expect(await db.attempt.count({ where: { userId } })).toBe(allowed);
    expect(await openQuiz({ userId, slug: SLUG })).toMatchObject({ attemptsLeft: 0, attemptsAllowed: allowed, passed: false });
  });

  it("lets exactly attemptsPerHour of 20 parallel submissions through and answers the rest with 429", async () => {
    // a quiz with more attempts than an hour allows (the published definition, as an author would set it)
    // (a new published version, current for learners who start now)
    const item = await db.item.findUniqueOrThrow({ where: { kind_slug: { kind: "quiz", slug: SLUG } } });
    const current = await db.itemVersion.findUniqueOrThrow({ where: { id: item.currentVersionId! } });
    const { id: _id, createdAt: _c, updatedAt: _u, verification: _v, ...copy } = current;
    const roomy = await db.itemVersion.create({
      data: {
        ...copy,
        number: current.number + 100,
        definition: { ...(current.definition as object), maxAttempts: 50 },
        contentHash: `${current.contentHash}-roomy`,
      },
    });
    await db.item.update({ where: { id: item.id }, data: { currentVersionId: roomy.id } });
    const userId = await learner();
    await openQuiz({ userId, slug: SLUG });
    const results = await Promise.all(Array.from({ length: 20 }, () => submit(userId, { answers: wrongAnswers(quiz()) })));
    const limit = quiz().attemptsPerHour;
    expect(results.filter((r) => r.ok)).toHaveLength(limit);
    const limited = results.filter((r) => !r.ok);
    expect(limited).toHaveLength(20 - limit);
    for (const r of limited) {
      expect(r.ok === false && r.status).toBe(429);
      if (!r.ok && r.status === 429) expect(r.retryAfterSeconds).toBeGreaterThan(3500);
    }
    expect(await db.attempt.count({ where: { userId } })).toBe(limit);
    const view = await openQuiz({ userId, slug: SLUG });
    expect(view!.attemptsLeftThisHour).toBe(0);
    expect(view!.nextAttemptAt).toBeInstanceOf(Date);
    await db.item.update({ where: { id: item.id }, data: { currentVersionId: current.id } });
  });

  it("rejects bad submissions with a clear message and records nothing", async () => {
    const userId = await learner();
    const right = rightAnswers(quiz());
    const [firstId, secondId] = quiz().questions.map((q) => q.id);
    const shortText = quiz().questions.find((q) => q.type === "short_text")!;
    const cases: [unknown, RegExp][] = [
      [{ answers: { ...right, "no-such-question": "x" } }, /Unknown question id/],
      [{ answers: { ...right, [firstId]: undefined } }, /Answer this question/],
      [{ answers: { ...right, [secondId]: 42 } }, /expects/],
      [{ answers: { ...right, [shortText.id]: "x".repeat(5000) } }, /too long/],
      [{ answers: right, userId: "00000000-0000-0000-0000-000000000000" }, /./],
      ["not an object", /./],
    ];
    for (const [body, message] of cases) {
      const result = await submit(userId, body);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.status).toBe(400);
        const text = [result.message, ...Object.values("questionErrors" in result ? result.questionErrors : {}).flat()].join(" ");
        expect(text).toMatch(message);
      }
    }
    expect(await submit(userId, { answers: right }, "no-such-quiz")).toMatchObject({ ok: false, status: 404 });
    expect(await db.attempt.count({ where: { userId } })).toBe(0);
  });
});
