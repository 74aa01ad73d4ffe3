"use client";
import type { CorrectAnswer, Feedback, PublicQuiz } from "@/lib/quiz/public";
import type { AnswerDraft } from "./question-input";

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
/** points as a person writes them: 11.33, not 11.333333 */
const points = (n: number) => String(Math.round(n * 100) / 100);

function formatAnswer(answer: CorrectAnswer): string {
  return Array.isArray(answer) ? answer.join("; ") : String(answer);
}

/** what the learner answered, in the words of the options they picked */
function givenText(question: PublicQuiz["questions"][number] | undefined, given: AnswerDraft | undefined): string | null {
  if (given === undefined || given === "" || (Array.isArray(given) && given.length === 0)) return null;
  const ids = Array.isArray(given) ? given : [given];
  if (question && (question.type === "single" || question.type === "multiple"))
    return ids.map((id) => question.options.find((o) => o.id === id)?.text ?? id).join("; ");
  return ids.join("; ");
}

export function QuizResult({ quiz, feedback, answers = {} }: { quiz: PublicQuiz; feedback: Feedback; answers?: Record<string, AnswerDraft> }) {
  const prompts = new Map(quiz.questions.map((q) => [q.id, q.prompt]));
  const questions = new Map(quiz.questions.map((q) => [q.id, q]));
  return (
    <section className="stack" aria-labelledby="quiz-result">
      <div className={`card result ${feedback.passed ? "result-pass" : "result-fail"}`} role="status">
        <h2 id="quiz-result" style={{ margin: 0 }}>
          {feedback.passed ? "Passed" : "Not passed yet"}: {percent(feedback.fraction)}
        </h2>
        <p style={{ margin: 0 }}>
          You scored {points(feedback.score)} of {points(feedback.maxScore)} points; the pass mark is {percent(quiz.passMark)}.
          {!feedback.answersRevealed &&
            !feedback.passed &&
            !feedback.closed &&
            " Explanations for the questions you missed, and the right answers, appear once you pass or have used your attempts."}
        </p>
      </div>
      <ol className="stack results">
        {feedback.questions.map((q) => (
          <li key={q.id} className="card" data-result={q.correct ? "correct" : "wrong"}>
            <p style={{ marginTop: 0 }}>
              <strong>{q.correct ? "✓ Correct" : q.earned > 0 ? "◐ Partly right" : "✗ Wrong"}</strong> · {points(q.earned)} / {points(q.points)} ·{" "}
              {prompts.get(q.id)}
            </p>
            {givenText(questions.get(q.id), answers[q.id]) !== null && (
              <p data-testid="given-answer">Your answer: {givenText(questions.get(q.id), answers[q.id])}</p>
            )}
            {q.correctAnswer !== undefined && <p>Correct answer: {formatAnswer(q.correctAnswer)}</p>}
            {q.explanation && (
              <p className="muted" style={{ marginBottom: 0 }}>
                {q.explanation}
              </p>
            )}
          </li>
        ))}
      </ol>
      <p>
        {feedback.closed ? (
          <span className="muted">{feedback.passed ? "You have passed this quiz." : "That was your last attempt at this quiz."} </span>
        ) : (
          <a className="button" href={`/quizzes/${quiz.slug}`}>
            Take the quiz again
          </a>
        )}{" "}
        <a className="button secondary" href="/dashboard">
          Back to the dashboard
        </a>
      </p>
    </section>
  );
}
