import type { Question, Quiz } from "@/lib/schemas/quiz";
import type { GradeResult } from "@/lib/quiz/grade";
import { shuffleOptions } from "@/lib/quiz/shuffle";

// What a learner's browser may see before submitting. Every field is copied
// explicitly (an allow-list, never a spread of the question) so that a key
// field added to the schema later cannot leak by default.

export interface PublicOption {
  id: string;
  text: string;
}

interface PublicBase {
  id: string;
  prompt: string;
  points: number;
}

export type PublicQuestion =
  | (PublicBase & { type: "single" | "multiple"; options: PublicOption[] })
  | (PublicBase & { type: "short_text"; maxLength: number })
  | (PublicBase & { type: "number" | "date"; inputHint: string });

export interface PublicQuiz {
  slug: string;
  title: string;
  summary: string;
  /** slug of the lesson this quiz checks (the quiz file says which) */
  lesson: string;
  passMark: number;
  attemptsPerHour: number;
  maxScore: number;
  questions: PublicQuestion[];
}

// Hints describe the format only; a concrete example could coincide with the key.
const DATE_HINTS = {
  year: "A year, as YYYY",
  month: 'A month and year, e.g. YYYY-MM or "Month YYYY"',
  day: 'A full date, e.g. YYYY-MM-DD or "DD Month YYYY"',
} as const;

function toPublicQuestion(q: Question, order: Record<string, string[]>): PublicQuestion {
  const base = { id: q.id, prompt: q.prompt, points: q.points };
  switch (q.type) {
    case "single":
    case "multiple": {
      const byId = new Map(q.options.map((option) => [option.id, option.text]));
      const options = (order[q.id] ?? [...byId.keys()]).map((id) => ({ id, text: byId.get(id) ?? "" }));
      return { ...base, type: q.type, options };
    }
    case "short_text":
      return { ...base, type: q.type, maxLength: q.maxLength };
    case "number":
      return { ...base, type: q.type, inputHint: "A number, using digits (decimals with a point)" };
    case "date":
      return { ...base, type: q.type, inputHint: DATE_HINTS[q.precision] };
  }
}

export function toPublicQuiz(quiz: Quiz, seed: string): PublicQuiz {
  const order = shuffleOptions(quiz, seed);
  return {
    slug: quiz.slug,
    title: quiz.title,
    summary: quiz.summary,
    lesson: quiz.lesson,
    passMark: quiz.passMark,
    attemptsPerHour: quiz.attemptsPerHour,
    maxScore: quiz.questions.reduce((sum, q) => sum + q.points, 0),
    questions: quiz.questions.map((q) => toPublicQuestion(q, order)),
  };
}

export type CorrectAnswer = string | string[] | number;

export interface QuestionFeedback {
  id: string;
  correct: boolean;
  earned: number;
  points: number;
  /** Absent for a wrong answer until answers are revealed: explanations name the key. */
  explanation?: string;
  correctAnswer?: CorrectAnswer;
}

export interface Feedback {
  score: number;
  maxScore: number;
  fraction: number;
  passed: boolean;
  answersRevealed: boolean;
  /** no more attempts: this one passed, or was the last */
  closed: boolean;
  questions: QuestionFeedback[];
}

export interface RevealContext {
  /** The learner has passed this quiz, on this attempt or an earlier one. */
  passed: boolean;
  /** Submitted attempts so far, including the one being reported. */
  attemptsUsed: number;
}

function correctAnswerOf(q: Question): CorrectAnswer {
  switch (q.type) {
    case "single":
      return q.options.find((option) => option.id === q.answer)?.text ?? "";
    case "multiple":
      return q.options.filter((option) => q.answers.includes(option.id)).map((option) => option.text);
    case "short_text":
      return q.accept[0];
    case "number":
    case "date":
      return q.answer;
  }
}

// Feedback policy after a submission:
// - every question always gets its correct flag;
// - a correctly answered question always gets its explanation; a wrong one
//   gets it only once answers are revealed, because a good explanation names
//   the answer and would otherwise leak the key to random guessing;
// - the correct answer is added only for questions answered wrongly (partial
//   credit counts as wrong), and only once the quiz's revealPolicy allows it:
//   after_pass_or_limit = passed, or used all maxAttempts attempts;
//   after_pass = passed; never = not at all.
// The key is shown only when no graded attempt can follow (lib/server/quiz.ts
// closes the quiz on a pass or on the last attempt), so throwaway submissions
// cannot harvest it; and because attempts are few, neither can elimination
// through the per-question right/wrong marks.
export function revealFor(quiz: Quiz, result: GradeResult, context: RevealContext): Feedback {
  const passed = context.passed || result.passed;
  const reachedLimit = context.attemptsUsed >= quiz.maxAttempts;
  const answersRevealed = quiz.revealPolicy === "after_pass_or_limit" ? passed || reachedLimit : quiz.revealPolicy === "after_pass" && passed;
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const questions = result.questions.map((r): QuestionFeedback => {
    const feedback: QuestionFeedback = { id: r.id, correct: r.correct, earned: r.earned, points: r.points };
    if (r.correct || answersRevealed) feedback.explanation = r.explanation;
    const question = byId.get(r.id);
    if (answersRevealed && !r.correct && question) feedback.correctAnswer = correctAnswerOf(question);
    return feedback;
  });
  return {
    score: result.score,
    maxScore: result.maxScore,
    fraction: result.fraction,
    passed: result.passed,
    answersRevealed,
    closed: passed || reachedLimit,
    questions,
  };
}
