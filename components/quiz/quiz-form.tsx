"use client";
import { useState, useSyncExternalStore } from "react";
import { useRouter } from "next/navigation";
import type { Feedback, PublicQuiz } from "@/lib/quiz/public";
import { QuestionInput, type AnswerDraft } from "./question-input";
import { QuizResult } from "./quiz-result";

type Failure = { message: string; questionErrors?: Record<string, string[]> };
const noSubscription = () => () => undefined;

/** `preview`: the author's view of it in /author, exactly as a learner sees it but never submitted */
export function QuizForm({ quiz, disabledReason, preview = false }: { quiz: PublicQuiz; disabledReason?: string; preview?: boolean }) {
  const router = useRouter();
  const [answers, setAnswers] = useState<Record<string, AnswerDraft>>({});
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure>();
  const [feedback, setFeedback] = useState<Feedback>();
  // Until React has hydrated the form, a choice made in the server-rendered HTML would be reset by the
  // controlled inputs: the inputs stay disabled until then (a slow device shows them greyed briefly).
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setFailure(undefined);
    try {
      const response = await fetch(`/api/quizzes/${quiz.slug}/attempts`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answers }),
      });
      const body = await response.json().catch(() => ({ message: "The server sent an unexpected answer." }));
      if (response.status === 201) {
        setFeedback(body.feedback);
        window.scrollTo({ top: 0 });
        router.refresh();
      } else {
        setFailure({ message: body.message ?? `Submitting failed (${response.status}).`, questionErrors: body.questionErrors });
      }
    } catch {
      setFailure({ message: "Could not reach the server. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  if (feedback) return <QuizResult quiz={quiz} feedback={feedback} answers={answers} />;

  const locked = preview || Boolean(disabledReason) || pending || !hydrated;
  return (
    <form className="quiz stack" onSubmit={submit} noValidate>
      {quiz.questions.map((q, index) => {
        const errors = failure?.questionErrors?.[q.id];
        const errorId = `error-${q.id}`;
        return (
          <fieldset key={q.id} className="card question" aria-invalid={Boolean(errors)} data-question={q.id}>
            <legend>{q.prompt}</legend>
            <p className="hint">
              Question {index + 1} of {quiz.questions.length} · {q.points} point{q.points === 1 ? "" : "s"}
            </p>
            <QuestionInput
              question={q}
              value={answers[q.id]}
              disabled={locked}
              describedBy={errors ? errorId : undefined}
              onChange={(value) => setAnswers((a) => ({ ...a, [q.id]: value }))}
            />
            <p id={errorId} className="field-error" aria-live="polite">
              {errors?.[0]}
            </p>
          </fieldset>
        );
      })}
      <div aria-live="assertive">
        {(failure || disabledReason) && (
          <p className="form-error" role="alert">
            {failure?.message ?? disabledReason}
          </p>
        )}
      </div>
      <p>
        <button type="submit" disabled={locked}>
          {pending ? "Grading…" : "Submit answers"}
        </button>
        {preview && <span className="hint"> Preview: a learner answers and submits here.</span>}
      </p>
    </form>
  );
}
