"use client";
import type { TaskState } from "@/lib/lab/types";
import { TaskCard } from "./task-card";
import styles from "./lab.module.css";

export type LabScore = { score: number; maxScore: number; completed: boolean };
export type OnTaskUpdate = (task: TaskState, lab: LabScore) => void;

type Props = { slug: string; tasks: TaskState[]; editorSql: string; onTaskUpdate: OnTaskUpdate; preview?: boolean };

/** The graded questions, in order. */
export function TasksPanel({ slug, tasks, editorSql, onTaskUpdate, preview }: Props) {
  const passed = tasks.filter((t) => t.passed).length;
  return (
    <section aria-label="Tasks" className={styles.tasks}>
      <h2 className={styles.panelTitle}>Tasks</h2>
      <p className="hint" aria-live="polite">
        {passed} of {tasks.length} passed
      </p>
      {tasks.map((task, i) => (
        <TaskCard key={task.id} number={i + 1} slug={slug} task={task} editorSql={editorSql} onTaskUpdate={onTaskUpdate} preview={preview} />
      ))}
    </section>
  );
}
