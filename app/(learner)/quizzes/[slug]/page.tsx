import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/schemas/content";
import { requireUser } from "@/lib/server/auth";
import { openQuiz } from "@/lib/server/quiz";
import { prepareTrackLabs } from "@/lib/server/lab/context";
import { QuizForm } from "@/components/quiz/quiz-form";
import { AttemptHistory } from "@/components/quiz/attempt-history";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Quiz" };

export default async function QuizPage({ params }: Props) {
  const raw = (await params).slug;
  const user = await requireUser(`/quizzes/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const view = slug.success ? await openQuiz({ userId: user.id, slug: slug.data }) : null;
  if (!view) notFound();
  prepareTrackLabs(user.id, "quiz", view.quiz.slug);
  const { quiz } = view;
  const waitMinutes = view.minutesToNextAttempt;

  return (
    <div className="stack">
      <span className="kind">Quiz</span>
      <h1>{quiz.title}</h1>
      <p className="lede">{quiz.summary}</p>
      <p className="muted">
        {quiz.questions.length} questions · pass mark {Math.round(quiz.passMark * 100)}% · {view.attemptsLeft} of {view.attemptsAllowed} attempts left
        {view.attemptsLeft > 0 && ` (at most ${quiz.attemptsPerHour} an hour)`}
        {view.bestScore !== null && ` · best score ${Math.round(view.bestScore * 100)}%`}
        {view.passed && " · passed"} · <Link href={`/lessons/${quiz.lesson}`}>review the lesson</Link>
      </p>
      <QuizForm
        quiz={quiz}
        disabledReason={
          view.closedReason ??
          (view.attemptsLeftThisHour === 0
            ? `You have used all ${quiz.attemptsPerHour} attempts for this hour. Try again in ${waitMinutes} minute${waitMinutes === 1 ? "" : "s"}.`
            : undefined)
        }
      />
      <AttemptHistory attempts={view.attempts} />
    </div>
  );
}
