"use client";
import { useId, useState } from "react";
import styles from "./lab.module.css";

type Props = { label: string; options: string[]; selected: string[]; onChange: (next: string[]) => void };

/** A labelled group of checkboxes; long lists get a search box. Nothing ticked means "any". */
export function ChecklistFilter({ label, options, selected, onChange }: Props) {
  const id = useId();
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const visible = needle ? options.filter((o) => o.toLowerCase().includes(needle)) : options;
  // Keep ticked values visible even when the search hides them, so they can be unticked.
  const shown = [...selected.filter((s) => !visible.includes(s)), ...visible];

  return (
    <fieldset className={styles.checklist} aria-labelledby={`${id}-legend`} aria-describedby={`${id}-summary`}>
      <legend id={`${id}-legend`}>{label}</legend>
      {options.length > 8 && (
        <input
          type="search"
          className={styles.input}
          aria-label={`Search ${label.toLowerCase()}`}
          placeholder={`Search ${label.toLowerCase()}…`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      <div className={styles.checkboxes}>
        {shown.map((option) => (
          <label key={option} className={styles.checkbox}>
            <input
              type="checkbox"
              checked={selected.includes(option)}
              onChange={(e) => onChange(e.target.checked ? [...selected, option] : selected.filter((s) => s !== option))}
            />
            <span>{option}</span>
          </label>
        ))}
        {shown.length === 0 && <p className="hint">No match.</p>}
      </div>
      <p id={`${id}-summary`} className="hint">
        {selected.length ? `${selected.length} selected` : "Any"}
        {selected.length > 0 && (
          <>
            {" · "}
            <button type="button" className={styles.linkButton} aria-label={`Clear ${label.toLowerCase()}`} onClick={() => onChange([])}>
              Clear
            </button>
          </>
        )}
      </p>
    </fieldset>
  );
}
