"use client";
import type { PublicLab } from "@/lib/lab/types";
import { inputToIso, isoToInput, type ExcludeKey, type FilterDraft, type ListKey } from "./filters";
import { ChecklistFilter } from "./checklist-filter";
import styles from "./lab.module.css";
import own from "./event-detail.module.css";

type Props = {
  dataset: PublicLab["dataset"];
  draft: FilterDraft;
  onChange: (draft: FilterDraft) => void;
  onApply: () => void;
  onReset: () => void;
  /** takes one exclusion away and searches again */
  onRemoveExclude: (key: ExcludeKey, value: string) => void;
  busy: boolean;
};

const EXCLUDES: { key: ExcludeKey; what: string }[] = [
  { key: "excludeHosts", what: "host" },
  { key: "excludeServices", what: "service" },
  { key: "excludeLevels", what: "level" },
  { key: "excludeText", what: "message contains" },
];

/** The explorer's filter form; nothing is fetched until "Apply filters" (or Enter). */
export function ExplorerFilters({ dataset, draft, onChange, onApply, onReset, onRemoveExclude, busy }: Props) {
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
      {EXCLUDES.some(({ key }) => draft[key].length > 0) && (
        <ul className={own.chips} aria-label="Excluded">
          <li className="hint">Excluded:</li>
          {EXCLUDES.flatMap(({ key, what }) =>
            draft[key].map((value) => (
              <li key={`${key}:${value}`} className={own.chip}>
                <span title={value}>
                  NOT {what} {key === "excludeText" ? `"${value}"` : value}
                </span>
                <button type="button" aria-label={`Remove the exclusion of ${what} ${value}`} onClick={() => onRemoveExclude(key, value)}>
                  ×
                </button>
              </li>
            )),
          )}
        </ul>
      )}
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
