"use client";
import type { Preview } from "@/lib/author/types";
import { LabHeader } from "@/components/lab/lab-header";
import { TasksPanel } from "@/components/lab/tasks-panel";
import { QuizForm } from "@/components/quiz/quiz-form";

const noUpdate = () => undefined;

/**
 * The learner's view of the text being edited, drawn by the learner pages' own components (quiz
 * form, lab header, task cards with their answer inputs and hints) with answering switched off. The
 * data comes from the functions the learner pages use, so no key, no truth and no locked hint text
 * reaches it. The lab's data panes (log explorer, SQL editor) are not part of it.
 */
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
        <QuizForm quiz={quiz} preview />
      </div>
    );
  }
  const { lab } = preview;
  return (
    <div className="stack author-preview" aria-label="Learner preview">
      <LabHeader lab={lab} score={{ score: 0, maxScore: lab.maxScore, completed: false }} titleLevel="h2" />
      <TasksPanel slug="" tasks={lab.tasks} editorSql="" onTaskUpdate={noUpdate} preview />
    </div>
  );
}
