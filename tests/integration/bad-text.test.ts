import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { createAccount } from "@/lib/server/accounts";
import { getCurrentUser } from "@/lib/server/auth";
import { loadCatalog } from "@/lib/content/catalog";
import { learnerLab } from "@/lib/server/lab/context";
import type { Quiz } from "@/lib/schemas/quiz";
import { INVALID_TEXT } from "@/lib/schemas/text";
import { POST as queryRoute } from "@/app/api/labs/[slug]/query/route";
import { POST as answerRoute } from "@/app/api/labs/[slug]/answers/route";
import { POST as exploreRoute } from "@/app/api/labs/[slug]/explore/route";
import { POST as attemptRoute } from "@/app/api/quizzes/[slug]/attempts/route";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";
import { rightAnswers } from "../support/quiz-answers";

// The routes are called as Next calls them; only the session lookup is replaced, so the
// request goes through the real body reader, schemas, lib/server functions and database.
vi.mock("@/lib/server/auth", () => ({ getCurrentUser: vi.fn() }));
// Passes through to the real learnerLab, counting calls: a refused input must not reach it,
// so it never builds (or even looks up) the learner's lab dataset.
vi.mock("@/lib/server/lab/context", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/lab/context")>();
  return { ...real, learnerLab: vi.fn(real.learnerLab) };
});

const LAB = "unpatched-mesos-control-plane";
const QUIZ = "kubernetes-vs-mesos";
const MESSAGE = new RegExp(INVALID_TEXT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

// Each is refused: a lone high surrogate, a lone low surrogate, a NUL byte, and a reversed
// (so still broken) pair. JSON.stringify writes them as \ud800-style escapes, exactly what
// a client that sends such text puts on the wire.
const BAD: [string, string][] = [
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "\udc00"],
  ["a NUL byte", "\u0000"],
  ["a reversed surrogate pair", "\udc00\ud800"],
];

let n = 0;
async function signIn() {
  const email = `bad-text-${++n}-${Date.now()}@example.com`;
  const account = await createAccount(db, { name: "Analyst", email, password: "analyst password 1" });
  vi.mocked(getCurrentUser).mockResolvedValue({ id: account.userId, email, name: "Analyst", role: "learner" });
  return account.userId;
}

function post(body: unknown): Request {
  return new Request("http://localhost/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

/** Rows in every table a learner's request can write to. */
async function rowCounts() {
  const [users, labQueries, attempts, events, progress, hints, fingerprints, audits] = await Promise.all([
    db.user.count(),
    db.labQuery.count(),
    db.attempt.count(),
    db.activityEvent.count(),
    db.itemProgress.count(),
    db.hintUnlock.count(),
    db.answerFingerprint.count(),
    db.auditLog.count(),
  ]);
  return { users, labQueries, attempts, events, progress, hints, fingerprints, audits };
}

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { message: string; questionErrors?: Record<string, string[]> };
  expect([body.message, ...Object.values(body.questionErrors ?? {}).flat()].join("\n")).toMatch(MESSAGE);
  return body;
}

describe.each(backends)("text PostgreSQL cannot store, on $label", ({ create }) => {
  usePreparedDatabase(create);

  // a block, not an expression: a function returned from beforeEach is run as its cleanup
  beforeEach(() => {
    vi.mocked(learnerLab).mockClear();
  });

  it("the spy sees learnerLab when a query does get past the schema", async () => {
    await signIn();
    const response = await queryRoute(post({ sql: "SELECT 1" }), params("no-such-lab"));
    expect(response.status).toBe(404);
    expect(learnerLab).toHaveBeenCalledTimes(1);
  });

  it.each(BAD)("refuses a lab query with %s, before any dataset is built, and stores no history", async (_, bad) => {
    await signIn();
    const before = await rowCounts();
    for (const sql of [`SELECT count(*) FROM logs WHERE message LIKE '%${bad}%'`, bad, `${bad}SELECT 1`]) {
      const body = await expectRefused(await queryRoute(post({ sql }), params(LAB)));
      expect(body.message).toMatch(/sql/);
    }
    expect(learnerLab).not.toHaveBeenCalled();
    expect(await rowCounts()).toEqual(before);
  });

  it.each(BAD)("refuses a lab answer with %s, as text or as a list entry, and records no attempt", async (_, bad) => {
    await signIn();
    const before = await rowCounts();
    const bodies = [
      { taskId: "version", answer: `1.4.0${bad}` },
      { taskId: "version", answer: `${bad}\n1.4.0` },
      { taskId: "detection", answer: `SELECT id FROM logs WHERE message = '${bad}'` },
      { taskId: "masters", answer: ["master-01", `master-02${bad}`] },
      { taskId: "remedy", answer: `patch${bad}` },
    ];
    for (const body of bodies) await expectRefused(await answerRoute(post(body), params(LAB)));
    expect(learnerLab).not.toHaveBeenCalled();
    expect(await rowCounts()).toEqual(before);
  });

  it.each(BAD)("refuses explorer filters with %s before the dataset is touched", async (_, bad) => {
    await signIn();
    for (const filters of [{ text: `error${bad}` }, { hosts: [`mesos-master-01${bad}`] }, { services: [bad] }]) {
      await expectRefused(await exploreRoute(post({ filters }), params(LAB)));
    }
    expect(learnerLab).not.toHaveBeenCalled();
  });

  it.each(BAD)("refuses a quiz attempt with %s in any kind of answer and records nothing", async (_, bad) => {
    const userId = await signIn();
    const quiz = loadCatalog().items.get(`quiz/${QUIZ}`)!.data as Quiz;
    const right = rightAnswers(quiz);
    const byType = (type: Quiz["questions"][number]["type"]) => quiz.questions.find((q) => q.type === type)!;
    const cases: [string, unknown][] = [
      [byType("short_text").id, `${right[byType("short_text").id]}${bad}`],
      [byType("date").id, `${right[byType("date").id]}${bad}`],
      [byType("number").id, `2014${bad}`],
      [byType("single").id, `${right[byType("single").id]}${bad}`],
      [byType("multiple").id, [...(right[byType("multiple").id] as string[]), bad]],
    ];
    const before = await rowCounts();
    for (const [questionId, value] of cases) {
      const body = await expectRefused(await attemptRoute(post({ answers: { ...right, [questionId]: value } }), params(QUIZ)));
      // The message sits next to the question it is about, and the broken text is not echoed back.
      expect(body.questionErrors?.[questionId]?.join("\n")).toMatch(MESSAGE);
      expect(JSON.stringify(body)).not.toMatch(/\\u0000|\\ud[89ab]|\\ud[c-f]/i);
    }
    expect(await rowCounts()).toEqual(before);
    expect(await db.attempt.count({ where: { userId } })).toBe(0);
    // The same learner's clean attempt still goes through.
    expect((await attemptRoute(post({ answers: right }), params(QUIZ))).status).toBe(201);
    expect(await db.attempt.count({ where: { userId } })).toBe(1);
  });

  it("refuses a sign-up whose name or email holds a NUL byte or a broken surrogate and creates no account", async () => {
    const before = await rowCounts();
    const signUp = async (body: unknown) => {
      const response = await signUpRoute(
        new Request("http://localhost/api/signup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
        { params: Promise.resolve({}) },
      );
      return { status: response.status, body: await response.json() };
    };
    const good = { name: "Ada Lovelace", email: `ada-${Date.now()}@example.com`, password: "a long enough password" };
    for (const [label, bad] of BAD) {
      const named = await signUp({ ...good, name: `Ada${bad}Lovelace` });
      expect(named, label).toMatchObject({ status: 400, body: { fieldErrors: { name: [expect.stringMatching(MESSAGE)] } } });
      const mailed = await signUp({ ...good, email: `ada${bad}${good.email}` });
      expect(mailed.status, label).toBe(400);
    }
    expect(await rowCounts()).toEqual(before);
  });
});
