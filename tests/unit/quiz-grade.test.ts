import { describe, expect, it } from "vitest";
import { quizSchema, type QuizInput } from "@/lib/schemas/quiz";
import { gradeQuiz } from "@/lib/quiz/grade";

const options = ["a", "b", "c", "d", "e"].map((id) => ({ id, text: id.toUpperCase() }));

function quizWith(questions: QuizInput["questions"], passMark = 0.8) {
  return quizSchema.parse({ kind: "quiz", slug: "g", title: "G", summary: "G", lesson: "g", passMark, questions });
}

const partial = quizWith([{ id: "p", type: "multiple", scoring: "partial", points: 3, prompt: "?", explanation: "!", options, answers: ["a", "b", "c"] }]);

function earned(quiz: ReturnType<typeof quizWith>, answers: Record<string, unknown>) {
  return gradeQuiz(quiz, answers).questions[0];
}

describe("multiple choice scoring", () => {
  it("gives partial credit of max(0, (right - wrong) / totalCorrect) * points", () => {
    expect(earned(partial, { p: ["a", "b", "c"] })).toMatchObject({ earned: 3, correct: true });
    expect(earned(partial, { p: ["a", "b"] })).toMatchObject({ earned: 2, correct: false });
    expect(earned(partial, { p: ["a", "b", "d"] })).toMatchObject({ earned: 1, correct: false });
    expect(earned(partial, { p: ["a", "d", "e"] })).toMatchObject({ earned: 0, correct: false });
    expect(earned(partial, { p: ["a", "b", "c", "d", "e"] }).earned).toBe(1);
  });

  it("rounds awkward fractions instead of leaking float noise", () => {
    const thirds = quizWith([{ id: "p", type: "multiple", scoring: "partial", prompt: "?", explanation: "!", options, answers: ["a", "b", "c"] }]);
    expect(earned(thirds, { p: ["a"] }).earned).toBe(0.333333);
  });

  it("all_or_nothing needs exactly the correct set", () => {
    const strict = quizWith([{ id: "s", type: "multiple", scoring: "all_or_nothing", prompt: "?", explanation: "!", options, answers: ["a", "b"] }]);
    expect(earned(strict, { s: ["b", "a"] })).toMatchObject({ earned: 1, correct: true });
    expect(earned(strict, { s: ["a"] })).toMatchObject({ earned: 0, correct: false });
    expect(earned(strict, { s: ["a", "b", "c"] })).toMatchObject({ earned: 0, correct: false });
  });
});

describe("other question types", () => {
  const quiz = quizWith([
    { id: "one", type: "single", prompt: "?", explanation: "!", options, answer: "c" },
    { id: "word", type: "short_text", prompt: "?", explanation: "!", accept: ["Marathon", "Mesosphere Marathon"], maxLength: 40 },
    { id: "pi", type: "number", prompt: "?", explanation: "!", answer: 3.14, tolerance: 0.01 },
    { id: "exact", type: "number", prompt: "?", explanation: "!", answer: 0.3 },
    { id: "month", type: "date", prompt: "?", explanation: "!", answer: "2025-10" },
  ]);
  const grade = (answers: Record<string, unknown>) => Object.fromEntries(gradeQuiz(quiz, answers).questions.map((q) => [q.id, q.correct]));

  it("marks single choice, short text alternatives, numbers and dates", () => {
    expect(grade({ one: "c", word: " mesosphere  MARATHON. ", pi: "3.15", exact: 0.1 + 0.2, month: "October 2025" })).toEqual({
      one: true,
      word: true,
      pi: true,
      exact: true,
      month: true,
    });
    expect(grade({ one: "a", word: "Chronos", pi: 3.16, exact: "0.31", month: "2025" })).toEqual({
      one: false,
      word: false,
      pi: false,
      exact: false,
      month: false,
    });
  });

  it("applies number tolerance inclusively", () => {
    expect(grade({ pi: 3.13 }).pi).toBe(true);
    expect(grade({ pi: 3.1 }).pi).toBe(false);
  });

  it("never throws on missing or mistyped answers; they earn nothing", () => {
    const result = gradeQuiz(quiz, { one: 7, word: ["x"], pi: {}, month: null });
    expect(result.score).toBe(0);
    expect(result.questions.every((q) => !q.correct && q.earned === 0)).toBe(true);
  });
});

describe("gradeQuiz totals", () => {
  const quiz = quizWith(
    [
      { id: "q1", type: "single", points: 2, prompt: "?", explanation: "one", options, answer: "a" },
      { id: "q2", type: "single", points: 2, prompt: "?", explanation: "two", options, answer: "a" },
      { id: "q3", type: "multiple", scoring: "partial", prompt: "?", explanation: "three", options, answers: ["a", "b"] },
    ],
    0.8,
  );

  it("sums earned points, computes the fraction and applies the pass mark", () => {
    const result = gradeQuiz(quiz, { q1: "a", q2: "a", q3: ["a"] });
    expect(result).toMatchObject({ score: 4.5, maxScore: 5, fraction: 0.9, passed: true });
    expect(result.questions[2]).toEqual({ id: "q3", correct: false, earned: 0.5, points: 1, explanation: "three" });
    expect(gradeQuiz(quiz, { q1: "a", q2: "b", q3: ["a", "b"] })).toMatchObject({ score: 3, fraction: 0.6, passed: false });
  });

  it("passes at exactly the pass mark and is deterministic", () => {
    const answers = { q1: "a", q2: "a", q3: ["c"] };
    expect(gradeQuiz(quiz, answers)).toMatchObject({ fraction: 0.8, passed: true });
    expect(gradeQuiz(quiz, answers)).toEqual(gradeQuiz(quiz, answers));
  });
});
