import type { Question, QuestionOf, Quiz } from "@/lib/schemas/quiz";
import { matchesDate, matchesShortText, parseDateAnswer, parseNumberAnswer } from "@/lib/quiz/normalise";

export interface QuestionResult {
  id: string;
  correct: boolean;
  earned: number;
  points: number;
  explanation: string;
}

export interface GradeResult {
  score: number;
  maxScore: number;
  fraction: number;
  passed: boolean;
  questions: QuestionResult[];
}

// Partial credit produces thirds and sevenths; rounding keeps stored scores
// stable and stops 0.7999999 from failing a 0.8 pass mark.
const round = (value: number) => Math.round(value * 1e6) / 1e6;

// Returns the fraction (0..1) of the question's points earned. Answers are
// typed `unknown` because grading must never throw, even on input that skipped
// the submission schema: anything unexpected simply earns nothing.
function credit(q: Question, value: unknown): number {
  switch (q.type) {
    case "single":
      return value === q.answer ? 1 : 0;
    case "multiple":
      return Array.isArray(value) ? multipleCredit(q, value) : 0;
    case "short_text":
      return typeof value === "string" && matchesShortText(q, value) ? 1 : 0;
    case "number": {
      const given = parseNumberAnswer(value);
      // A relative epsilon absorbs float noise such as 0.1 + 0.2.
      const slack = q.tolerance + 1e-9 * Math.max(1, Math.abs(q.answer));
      return given !== null && Math.abs(given - q.answer) <= slack ? 1 : 0;
    }
    case "date": {
      const key = parseDateAnswer(q.answer);
      return key !== null && typeof value === "string" && matchesDate(key, q.precision, value) ? 1 : 0;
    }
  }
}

// all_or_nothing: exactly the correct set. partial: each option is judged on
// its own, earned = max(0, (correctSelected - wrongSelected) / totalCorrect),
// so selecting everything scores no better than a careful partial answer.
function multipleCredit(q: QuestionOf<"multiple">, value: unknown[]): number {
  const chosen = new Set(value.filter((v): v is string => typeof v === "string"));
  const correct = new Set(q.answers);
  const correctSelected = [...chosen].filter((id) => correct.has(id)).length;
  const wrongSelected = chosen.size - correctSelected;
  if (q.scoring === "all_or_nothing") return correctSelected === correct.size && wrongSelected === 0 ? 1 : 0;
  return Math.max(0, (correctSelected - wrongSelected) / correct.size);
}

export function gradeQuiz(quiz: Quiz, answers: Readonly<Record<string, unknown>>): GradeResult {
  const questions = quiz.questions.map((q): QuestionResult => {
    const value = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    const fraction = credit(q, value);
    return { id: q.id, correct: fraction === 1, earned: round(fraction * q.points), points: q.points, explanation: q.explanation };
  });
  const score = round(questions.reduce((sum, q) => sum + q.earned, 0));
  const maxScore = round(quiz.questions.reduce((sum, q) => sum + q.points, 0));
  const fraction = maxScore > 0 ? round(score / maxScore) : 0;
  return { score, maxScore, fraction, passed: fraction >= quiz.passMark, questions };
}
