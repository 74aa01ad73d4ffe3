"use client";
import type { PublicLab } from "@/lib/lab/types";
import { isoToInput, type FilterDraft, type ListKey } from "./filters";
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
        <div className="field">
          <label htmlFor="lab-filter-from">From (UTC)</label>
          <input
            id="lab-filter-from"
            className={styles.input}
            type="datetime-local"
            step={1}
            min={min}
            max={max}
            value={draft.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="lab-filter-to">To (UTC)</label>
          <input
            id="lab-filter-to"
            className={styles.input}
            type="datetime-local"
            step={1}
            min={min}
            max={max}
            value={draft.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </div>
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
      <p className="hint">
        Data covers {min.replace("T", " ")} to {max.replace("T", " ")} UTC. Empty bounds mean the whole week.
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
