import { describe, expect, it } from "vitest";
import { quizSchema, type QuizInput } from "@/lib/schemas/quiz";
import { gradeQuiz } from "@/lib/quiz/grade";
import { revealFor, toPublicQuiz } from "@/lib/quiz/public";

// Every piece of key material carries a distinctive sentinel so the leak check
// can search the serialised view for it.
function sentinelQuiz(overrides: Partial<QuizInput> = {}) {
  return quizSchema.parse({
    kind: "quiz",
    slug: "leaky",
    title: "Leak check",
    summary: "Sentinels everywhere.",
    lesson: "leaky",
    ...overrides,
    questions: [
      {
        id: "one",
        type: "single",
        prompt: "Pick",
        explanation: "EXPLAIN-SINGLE",
        options: [
          { id: "a", text: "Alpha" },
          { id: "b", text: "Beta" },
        ],
        answer: "a",
      },
      {
        id: "many",
        type: "multiple",
        scoring: "partial",
        prompt: "Pick some",
        explanation: "EXPLAIN-MULTIPLE",
        options: [
          { id: "a", text: "Alpha" },
          { id: "b", text: "Beta" },
          { id: "c", text: "Gamma" },
        ],
        answers: ["a", "c"],
      },
      { id: "word", type: "short_text", prompt: "Say", explanation: "EXPLAIN-TEXT", accept: ["ACCEPT-ONE", "ACCEPT-TWO"], pattern: "PATTERN-X|px" },
      { id: "num", type: "number", prompt: "How many", explanation: "EXPLAIN-NUMBER", answer: 987654.321, tolerance: 0.0123 },
      { id: "when", type: "date", prompt: "When", explanation: "EXPLAIN-DATE", answer: "1987-06-05" },
    ],
  });
}

const FORBIDDEN_KEYS = ["answer", "answers", "accept", "pattern", "tolerance", "explanation", "scoring", "precision", "correct", "revealPolicy"];

function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, found));
  else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      found.add(key);
      keysOf(child, found);
    }
  }
  return found;
}

describe("toPublicQuiz", () => {
  const quiz = sentinelQuiz();
  const view = toPublicQuiz(quiz, "attempt-1");
  const json = JSON.stringify(view);

  it("contains no key material, by key or by value", () => {
    const keys = keysOf(JSON.parse(json));
    for (const key of FORBIDDEN_KEYS) expect(keys.has(key), `key "${key}"`).toBe(false);
    for (const secret of ["EXPLAIN-", "ACCEPT-", "PATTERN-X", "987654", "0.0123", "1987"]) expect(json).not.toContain(secret);
  });

  it("keeps what the learner needs to answer", () => {
    expect(view).toMatchObject({ slug: "leaky", title: "Leak check", summary: "Sentinels everywhere.", passMark: 0.8, maxScore: 5 });
    expect(view.questions.map((q) => Object.keys(q).sort())).toEqual([
      ["id", "options", "points", "prompt", "type"],
      ["id", "options", "points", "prompt", "type"],
      ["id", "maxLength", "points", "prompt", "type"],
      ["id", "inputHint", "points", "prompt", "type"],
      ["id", "inputHint", "points", "prompt", "type"],
    ]);
    expect(view.questions[4]).toMatchObject({ inputHint: 'A full date, e.g. YYYY-MM-DD or "DD Month YYYY"' });
  });

  it("shuffles options with the seed and keeps {id, text} pairs intact", () => {
    const many = (seed: string) => {
      const q = toPublicQuiz(quiz, seed).questions[1];
      return q.type === "multiple" ? q.options : [];
    };
    expect(many("s1")).toEqual(many("s1"));
    expect([...many("s1")].sort((x, y) => x.id.localeCompare(y.id))).toEqual(quiz.questions[1].type === "multiple" ? quiz.questions[1].options : []);
  });
});

describe("revealFor", () => {
  const wrong = { one: "b", many: ["a"], word: "nope", num: 1, when: "1990" };

  it("before a pass or the limit: flags, explanations of right answers only, no keys", () => {
    const quiz = sentinelQuiz();
    const feedback = revealFor(quiz, gradeQuiz(quiz, wrong), { passed: false, attemptsUsed: 2 });
    expect(feedback.answersRevealed).toBe(false);
    expect(feedback.questions.map((q) => q.explanation)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(feedback.questions.every((q) => q.correctAnswer === undefined && !q.correct)).toBe(true);
    const oneRight = revealFor(quiz, gradeQuiz(quiz, { ...wrong, one: "a" }), { passed: false, attemptsUsed: 1 });
    expect(oneRight.questions.map((q) => q.explanation)).toEqual(["EXPLAIN-SINGLE", undefined, undefined, undefined, undefined]);
  });

  it("at the attempt limit: answers for wrong questions only", () => {
    const quiz = sentinelQuiz();
    const feedback = revealFor(quiz, gradeQuiz(quiz, { ...wrong, one: "a" }), { passed: false, attemptsUsed: 3 });
    expect(feedback.answersRevealed).toBe(true);
    expect(feedback.questions.map((q) => q.correctAnswer)).toEqual([undefined, ["Alpha", "Gamma"], "ACCEPT-ONE", 987654.321, "1987-06-05"]);
    expect(feedback.questions.map((q) => q.explanation)).toEqual(["EXPLAIN-SINGLE", "EXPLAIN-MULTIPLE", "EXPLAIN-TEXT", "EXPLAIN-NUMBER", "EXPLAIN-DATE"]);
  });

  it("after a pass, on this attempt or an earlier one", () => {
    const quiz = sentinelQuiz();
    const thisAttempt = gradeQuiz(quiz, { one: "a", many: ["a", "c"], word: "px", num: 987654.33, when: "5 June 1987" });
    expect(thisAttempt.passed).toBe(true);
    expect(revealFor(quiz, thisAttempt, { passed: false, attemptsUsed: 1 }).answersRevealed).toBe(true);
    expect(revealFor(quiz, gradeQuiz(quiz, wrong), { passed: true, attemptsUsed: 1 }).questions[0].correctAnswer).toBe("Alpha");
  });

  it("honours the after_pass and never policies", () => {
    const afterPass = sentinelQuiz({ revealPolicy: "after_pass" });
    expect(revealFor(afterPass, gradeQuiz(afterPass, wrong), { passed: false, attemptsUsed: 99 }).answersRevealed).toBe(false);
    expect(revealFor(afterPass, gradeQuiz(afterPass, wrong), { passed: true, attemptsUsed: 1 }).answersRevealed).toBe(true);
    const never = sentinelQuiz({ revealPolicy: "never" });
    const feedback = revealFor(never, gradeQuiz(never, wrong), { passed: true, attemptsUsed: 99 });
    expect(feedback.answersRevealed).toBe(false);
    expect(JSON.stringify(feedback)).not.toContain("correctAnswer");
  });
});
