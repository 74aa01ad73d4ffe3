"use client";
import type { CorrectAnswer, Feedback, PublicQuiz } from "@/lib/quiz/public";

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

function formatAnswer(answer: CorrectAnswer): string {
  return Array.isArray(answer) ? answer.join("; ") : String(answer);
}

export function QuizResult({ quiz, feedback }: { quiz: PublicQuiz; feedback: Feedback }) {
  const prompts = new Map(quiz.questions.map((q) => [q.id, q.prompt]));
  return (
    <section className="stack" aria-labelledby="quiz-result">
      <div className={`card result ${feedback.passed ? "result-pass" : "result-fail"}`} role="status">
        <h2 id="quiz-result" style={{ margin: 0 }}>
          {feedback.passed ? "Passed" : "Not passed yet"}: {percent(feedback.fraction)}
        </h2>
        <p style={{ margin: 0 }}>
          You scored {feedback.score} of {feedback.maxScore} points; the pass mark is {percent(quiz.passMark)}.
          {!feedback.answersRevealed &&
            !feedback.passed &&
            " Explanations for the questions you missed, and the right answers, appear once you pass or have used your attempts."}
        </p>
      </div>
      <ol className="stack results">
        {feedback.questions.map((q) => (
          <li key={q.id} className="card" data-result={q.correct ? "correct" : "wrong"}>
            <p style={{ marginTop: 0 }}>
              <strong>{q.correct ? "✓ Correct" : q.earned > 0 ? "◐ Partly right" : "✗ Wrong"}</strong> · {q.earned} / {q.points} · {prompts.get(q.id)}
            </p>
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
        <a className="button" href={`/quizzes/${quiz.slug}`}>
          Take the quiz again
        </a>{" "}
        <a className="button secondary" href="/dashboard">
          Back to the dashboard
        </a>
      </p>
    </section>
  );
}
