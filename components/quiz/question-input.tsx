"use client";
import type { PublicQuestion } from "@/lib/quiz/public";

export type AnswerDraft = string | string[];

type Props = { question: PublicQuestion; value: AnswerDraft | undefined; onChange: (value: AnswerDraft) => void; disabled: boolean; describedBy?: string };

/** The input for one question; the fieldset and its legend are the caller's. */
export function QuestionInput({ question: q, value, onChange, disabled, describedBy }: Props) {
  if (q.type === "single" || q.type === "multiple") {
    const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
    return (
      <div className="options">
        {q.options.map((option) => (
          <label key={option.id} className="option">
            <input
              type={q.type === "single" ? "radio" : "checkbox"}
              name={q.id}
              value={option.id}
              checked={chosen.has(option.id)}
              disabled={disabled}
              aria-describedby={describedBy}
              onChange={(e) => {
                if (q.type === "single") return onChange(option.id);
                const next = new Set(chosen);
                if (e.target.checked) next.add(option.id);
                else next.delete(option.id);
                onChange([...next]);
              }}
            />
            <span>{option.text}</span>
          </label>
        ))}
        {q.type === "multiple" && <p className="hint">Select all that apply.</p>}
      </div>
    );
  }
  const label = q.type === "number" || q.type === "date" ? q.inputHint : "Your answer";
  return (
    <div className="field">
      <label htmlFor={`answer-${q.id}`}>{label}</label>
      <input
        id={`answer-${q.id}`}
        name={q.id}
        type="text"
        inputMode={q.type === "number" ? "decimal" : undefined}
        maxLength={q.type === "short_text" ? q.maxLength : 40}
        value={typeof value === "string" ? value : ""}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
      />
    </div>
  );
}
