"use client";
import { useState } from "react";
import type { TaskState } from "@/lib/lab/types";
import type { LabScore, OnTaskUpdate } from "./tasks-panel";
import { describeFailure, postLab } from "./api";
import { SIGMA_STARTER, TaskAnswerInput, toAnswer } from "./task-answer-input";
import { TaskFeedbackView } from "./task-feedback";
import { TaskHints } from "./task-hints";
import { InlineText } from "./inline-text";
import styles from "./lab.module.css";

/** `preview`: shown in /author as a learner sees it, with answering and hints switched off */
type Props = { number: number; slug: string; task: TaskState; editorSql: string; onTaskUpdate: OnTaskUpdate; preview?: boolean };
type Response = { task: TaskState; lab: LabScore };

/** One task: prompt, status, the answer form for its answer type, feedback and hints. */
export function TaskCard({ number, slug, task, editorSql, onTaskUpdate, preview = false }: Props) {
  const [draft, setDraft] = useState(task.solvedWith ?? (task.answerType === "sigma" ? SIGMA_STARTER : ""));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const headingId = `task-${task.id}-title`;
  const errorId = `task-${task.id}-error`;
  const outOfAttempts = task.attemptsLeft === 0;
  const locked = preview || task.passed || outOfAttempts;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (preview) return;
    const answer = toAnswer(task.answerType, draft);
    if (answer === null) {
      setError(task.answerType === "choice" ? "Choose an answer first." : "Enter an answer first.");
      return;
    }
    setPending(true);
    setError(undefined);
    const res = await postLab<Response>(slug, "answers", { taskId: task.id, answer });
    setPending(false);
    if (res.ok) onTaskUpdate(res.data.task, res.data.lab);
    else setError(describeFailure(res.error));
  }

  return (
    <article className={`card ${styles.task} ${task.passed ? styles.taskPassed : ""}`} aria-labelledby={headingId} data-task-id={task.id}>
      <header className={styles.taskHead}>
        <h3 id={headingId}>
          <span className={styles.taskNumber}>{number}.</span> {task.title}
        </h3>
        {task.passed && <span className="status status-completed">Passed</span>}
      </header>
      <p className="hint">
        {task.score} / {task.points} points · {task.attempts} attempt{task.attempts === 1 ? "" : "s"}
        {task.attemptsLeft !== null && ` · ${task.attemptsLeft} left`}
        {!task.passed && task.wrongTryCost !== undefined && ` · a wrong answer costs ${task.wrongTryCost} points`}
      </p>
      {task.answerType !== "choice" && (
        <p className={styles.prompt}>
          <InlineText text={task.prompt} />
        </p>
      )}
      <form className={styles.answerForm} onSubmit={submit} noValidate>
        <TaskAnswerInput task={task} value={draft} onChange={setDraft} editorSql={editorSql} disabled={locked} errorId={error ? errorId : undefined} />
        <div className={styles.actions}>
          <button type="submit" disabled={pending || locked}>
            Submit answer
          </button>
          {pending && <span className="hint">Checking…</span>}
          {outOfAttempts && !task.passed && <span className="hint">No attempts left.</span>}
        </div>
        <div aria-live="assertive">
          {error && (
            <p id={errorId} className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
      </form>
      <TaskFeedbackView feedback={task.lastFeedback} />
      <TaskHints slug={slug} task={task} onTaskUpdate={onTaskUpdate} preview={preview} />
    </article>
  );
}
