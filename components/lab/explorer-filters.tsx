"use client";
import type { PublicLab } from "@/lib/lab/types";
import { inputToIso, isoToInput, type FilterDraft, type ListKey } from "./filters";
import { ChecklistFilter } from "./checklist-filter";
import styles from "./lab.module.css";

type Props = {
  dataset: PublicLab["dataset"];
  draft: FilterDraft;
  onChange: (draft: FilterDraft) => void;
  onApply: () => void;
  onReset: () => void;
  busy: boolean;
};

/** The explorer's filter form; nothing is fetched until "Apply filters" (or Enter). */
export function ExplorerFilters({ dataset, draft, onChange, onApply, onReset, busy }: Props) {
  const set = (patch: Partial<FilterDraft>) => onChange({ ...draft, ...patch });
  const list = (key: ListKey) => (next: string[]) => set({ [key]: next });
  const min = isoToInput(dataset.from);
  const max = isoToInput(dataset.to);

  return (
    <form
      className={styles.filters}
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      <div className={styles.filterRow}>
        {(["from", "to"] as const).map((bound) => (
          <div className="field" key={bound}>
            <label htmlFor={`lab-filter-${bound}`}>{bound === "from" ? "From (UTC)" : "To (UTC)"}</label>
            <input
              id={`lab-filter-${bound}`}
              className={styles.input}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              spellCheck={false}
              placeholder="YYYY-MM-DD HH:MM:SS"
              aria-describedby="lab-filter-time-hint"
              aria-invalid={inputToIso(draft[bound]) === null}
              value={draft[bound]}
              onChange={(e) => set({ [bound]: e.target.value })}
            />
          </div>
        ))}
        <div className={`field ${styles.grow}`}>
          <label htmlFor="lab-filter-text">Message contains</label>
          <input
            id="lab-filter-text"
            className={styles.input}
            type="search"
            value={draft.text}
            onChange={(e) => set({ text: e.target.value })}
            placeholder="e.g. mesos-master"
          />
        </div>
      </div>
      <p className="hint" id="lab-filter-time-hint">
        UTC, 24-hour: YYYY-MM-DD HH:MM:SS. Data covers {min} to {max}. Empty bounds mean the whole week.
        {(inputToIso(draft.from) === null || inputToIso(draft.to) === null) && (
          <strong className="field-error" role="alert">
            {" "}
            Write the time as YYYY-MM-DD HH:MM:SS (UTC, 24-hour).
          </strong>
        )}
      </p>
      <div className={styles.filterRow}>
        <ChecklistFilter label="Hosts" options={dataset.hosts} selected={draft.hosts} onChange={list("hosts")} />
        <ChecklistFilter label="Services" options={dataset.services} selected={draft.services} onChange={list("services")} />
        <ChecklistFilter label="Levels" options={dataset.levels} selected={draft.levels} onChange={list("levels")} />
      </div>
      <div className={styles.actions}>
        <button type="submit" aria-describedby={busy ? "lab-explore-status" : undefined}>
          Apply filters
        </button>
        <button type="button" className="secondary" onClick={onReset}>
          Reset
        </button>
      </div>
    </form>
  );
}
