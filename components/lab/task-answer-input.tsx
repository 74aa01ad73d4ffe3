"use client";
import dynamic from "next/dynamic";
import type { AnswerType, TaskState } from "@/lib/lab/types";
import { EditorLoading } from "./editor-loading";
import { InlineText } from "./inline-text";
import styles from "./lab.module.css";

// Monaco and the Sigma compiler load only where a Sigma task is shown
const SigmaRuleEditor = dynamic(() => import("./sigma-rule-editor"), { ssr: false, loading: () => <EditorLoading /> });

/** What a Sigma task's editor starts with: the parts every rule needs, for the learner to fill in. */
export const SIGMA_STARTER = `title: My detection
logsource:
  product: mesos
detection:
  selection:
    message|contains: ''
  condition: selection
`;

type Props = { task: TaskState; value: string; onChange: (value: string) => void; editorSql: string; disabled: boolean; errorId?: string };

/** What the answers route expects for each answer type; null when there is nothing to send. */
export function toAnswer(type: AnswerType, draft: string): string | string[] | null {
  if (type === "host_set" || type === "hostport_set") {
    const items = draft
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean);
    return items.length ? items : null;
  }
  if (type === "query" || type === "sigma") return draft.trim() ? draft : null;
  return draft.trim() ? draft.trim() : null;
}

/** The answer control for a task's answer type, with a visible label. */
export function TaskAnswerInput({ task, value, onChange, editorSql, disabled, errorId }: Props) {
  const id = `task-${task.id}-answer`;
  const hintId = `${id}-hint`;
  const describedBy = (extra?: string) => [extra, errorId].filter(Boolean).join(" ") || undefined;
  const invalid = errorId ? true : undefined;

  switch (task.answerType) {
    case "choice":
      return (
        <fieldset className={styles.choices} disabled={disabled} aria-describedby={describedBy()} aria-invalid={invalid}>
          <legend className={styles.prompt}>
            <InlineText text={task.prompt} />
          </legend>
          {(task.choices ?? []).map((choice) => (
            <label key={choice.id} className="option">
              <input type="radio" name={id} value={choice.id} checked={value === choice.id} onChange={() => onChange(choice.id)} />
              <span>
                <InlineText text={choice.text} />
              </span>
            </label>
          ))}
        </fieldset>
      );
    case "host_set":
    case "hostport_set":
      return (
        <div className="field">
          <label htmlFor={id}>Answer</label>
          <textarea
            id={id}
            className={styles.textarea}
            rows={4}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            placeholder={task.placeholder}
            disabled={disabled}
            spellCheck={false}
            aria-describedby={describedBy(hintId)}
            aria-invalid={invalid}
          />
          <p id={hintId} className="hint">
            One per line or comma-separated
          </p>
        </div>
      );
    case "query":
      return (
        <div className="field">
          <label htmlFor={id}>Detection query</label>
          <textarea
            id={id}
            className={`${styles.textarea} ${styles.mono}`}
            rows={6}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            placeholder={task.placeholder ?? "SELECT … FROM logs WHERE …"}
            disabled={disabled}
            spellCheck={false}
            aria-describedby={describedBy()}
            aria-invalid={invalid}
          />
          <p>
            <button type="button" className="secondary" onClick={() => onChange(editorSql)} disabled={disabled}>
              Use query from editor
            </button>
          </p>
        </div>
      );
    case "sigma":
      return (
        <div className="field">
          <label htmlFor={id}>Detection rule (Sigma, YAML)</label>
          <p id={hintId} className="hint">
            Checked against the Sigma rule schema as you type; the SQL it compiles to is shown below the editor.
          </p>
          <SigmaRuleEditor
            id={id}
            path={`file:///labs/${task.id}.sigma.yml`}
            value={value}
            onChange={onChange}
            disabled={disabled}
            describedBy={describedBy(hintId)}
          />
        </div>
      );
    default:
      return (
        <div className="field">
          <label htmlFor={id}>Answer</label>
          <input
            id={id}
            type="text"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            placeholder={task.placeholder}
            disabled={disabled}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={describedBy()}
            aria-invalid={invalid}
          />
        </div>
      );
  }
}
