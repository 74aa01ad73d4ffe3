"use client";
import { useState } from "react";
import type { TaskState } from "@/lib/lab/types";
import type { LabScore, OnTaskUpdate } from "./tasks-panel";
import { describeFailure, postLab } from "./api";
import { InlineText } from "./inline-text";
import styles from "./lab.module.css";

type Props = { slug: string; task: TaskState; onTaskUpdate: OnTaskUpdate; preview?: boolean };

/** Hints cost points and unlock in order: only the first locked one can be opened. */
export function TaskHints({ slug, task, onTaskUpdate, preview = false }: Props) {
  const [pending, setPending] = useState<number | null>(null);
  // a hint costs points: the first click asks, the second (Confirm) unlocks
  const [asking, setAsking] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  if (task.hints.length === 0) return null;
  const nextLocked = task.hints.find((h) => !h.unlocked)?.index;

  async function unlock(hintIndex: number) {
    setAsking(null);
    setPending(hintIndex);
    setError(undefined);
    const res = await postLab<{ task: TaskState; lab: LabScore }>(slug, "hints", { taskId: task.id, hintIndex });
    setPending(null);
    if (res.ok) onTaskUpdate(res.data.task, res.data.lab);
    else setError(describeFailure(res.error));
  }

  return (
    <div className={styles.hints}>
      <h4>Hints</h4>
      <ol>
        {task.hints.map((hint) => {
          const titleId = `task-${task.id}-hint-${hint.index}`;
          return (
            <li key={hint.index} className={styles.hint}>
              <div className={styles.hintHead}>
                <span id={titleId}>{hint.title}</span>
                <span className={styles.cost}>−{hint.cost} points</span>
                {!hint.unlocked && asking !== hint.index && (
                  <button
                    type="button"
                    className="secondary"
                    aria-describedby={titleId}
                    disabled={preview || hint.index !== nextLocked || pending !== null}
                    onClick={() => setAsking(hint.index)}
                  >
                    Unlock hint
                  </button>
                )}
                {!hint.unlocked && asking === hint.index && (
                  <span className={styles.hintConfirm} role="group" aria-label={`Unlock "${hint.title}"?`}>
                    <span>Costs {hint.cost} points of this task.</span>
                    <button type="button" onClick={() => unlock(hint.index)} disabled={pending !== null}>
                      Unlock for −{hint.cost}
                    </button>
                    <button type="button" className="secondary" onClick={() => setAsking(null)}>
                      Keep it locked
                    </button>
                  </span>
                )}
              </div>
              {!hint.unlocked && !preview && hint.index !== nextLocked && <p className="hint">Unlock the hints above it first.</p>}
              <div aria-live="polite">
                {hint.unlocked && hint.content && (
                  <p className={styles.hintContent}>
                    <InlineText text={hint.content} />
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
