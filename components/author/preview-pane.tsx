"use client";
import type { Preview } from "@/lib/author/types";

/** The learner's view of the text being edited: no keys, no truth, hint texts locked. */
export function PreviewPane({ preview }: { preview: Preview | null }) {
  if (!preview) return <p className="muted">The preview appears once the text is read.</p>;
  if (!preview.ok) return <p className="muted">The preview shows the last valid text; fix the problems listed to update it.</p>;
  if (preview.kind === "quiz") {
    const { quiz } = preview;
    return (
      <div className="stack author-preview" aria-label="Learner preview">
        <span className="kind">Quiz</span>
        <h2>{quiz.title}</h2>
        <p className="lede">{quiz.summary}</p>
        <p className="muted">
          {quiz.questions.length} questions · pass mark {Math.round(quiz.passMark * 100)}% · {quiz.attemptsPerHour} attempts an hour
        </p>
        <ol>
          {quiz.questions.map((q) => (
            <li key={q.id} className="card">
              <p>{q.prompt}</p>
              {q.type === "single" || q.type === "multiple" ? (
                <ul className="plain">
                  {q.options.map((o) => (
                    <li key={o.id}>
                      <label>
                        <input type={q.type === "single" ? "radio" : "checkbox"} disabled name={q.id} /> {o.text}
                      </label>
                    </li>
                  ))}
                </ul>
              ) : (
                <input disabled aria-label="Answer" placeholder={"inputHint" in q ? q.inputHint : ""} />
              )}
              <span className="muted">{q.points} pt</span>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  const { lab } = preview;
  return (
    <div className="stack author-preview" aria-label="Learner preview">
      <span className="kind">Lab · {lab.maxScore} points</span>
      <h2>{lab.title}</h2>
      <p className="lede">{lab.summary}</p>
      <div className="card lesson-body" dangerouslySetInnerHTML={{ __html: lab.briefingHtml }} />
      <ol>
        {lab.tasks.map((t) => (
          <li key={t.id} className="card">
            <h3>
              {t.title} <span className="muted">· {t.points} pt</span>
            </h3>
            <p>{t.prompt}</p>
            {t.choices ? (
              <ul className="plain">
                {t.choices.map((c) => (
                  <li key={c.id}>
                    <label>
                      <input type="radio" disabled name={t.id} /> {c.text}
                    </label>
                  </li>
                ))}
              </ul>
            ) : (
              <textarea disabled aria-label="Answer" placeholder={t.placeholder ?? ""} rows={t.answerType === "query" ? 3 : 1} />
            )}
            {t.hints.length > 0 && (
              <p className="muted">
                Hints: {t.hints.map((h) => `${h.title} (−${h.cost})`).join(" · ")}
                {t.attemptsLeft !== null && ` · ${t.attemptsLeft} attempts`}
              </p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
