"use client";
import { useState } from "react";
import type { SavedQuery } from "@/lib/lab/types";
import { describeFailure, postLab } from "./api";
import styles from "./lab.module.css";

type Props = { slug: string; initial: SavedQuery[]; sql: string; onPick: (sql: string) => void };

/** Name the query in the editor to keep it; open a saved one, copy its link, or delete it. Kept per learner. */
export function SavedQueries({ slug, initial, sql, onPick }: Props) {
  const [saved, setSaved] = useState(initial);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [pending, setPending] = useState(false);

  async function change(body: { op: "save"; name: string; sql: string } | { op: "delete"; id: string }, done: string) {
    setPending(true);
    setError(undefined);
    const res = await postLab<{ saved: SavedQuery[] }>(slug, "saved", body);
    setPending(false);
    if (!res.ok) return setError(describeFailure(res.error));
    setSaved(res.data.saved);
    setNotice(done);
    if (body.op === "save") setName("");
  }

  const linkOf = (id: string) => `${window.location.origin}/labs/${slug}?saved=${id}`;

  return (
    <div className={styles.saved}>
      <form
        className={styles.savedForm}
        onSubmit={(e) => {
          e.preventDefault();
          void change({ op: "save", name, sql }, `Saved as "${name.trim()}".`);
        }}
      >
        <label htmlFor="saved-query-name">Save the query as</label>
        <input id="saved-query-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} placeholder="e.g. masters by host" />
        <button type="submit" className="secondary" disabled={pending}>
          Save query
        </button>
      </form>
      <div aria-live="polite">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : (
          notice && <p className="hint">{notice}</p>
        )}
      </div>
      {saved.length > 0 && (
        <ul className={styles.savedList} aria-label="Saved queries">
          {saved.map((q) => (
            <li key={q.id}>
              <button type="button" className={styles.savedOpen} onClick={() => onPick(q.sql)} title={q.sql.slice(0, 300)}>
                {q.name}
              </button>
              <button
                type="button"
                className="secondary"
                aria-label={`Copy the link to ${q.name}`}
                onClick={async () => {
                  const link = linkOf(q.id);
                  await navigator.clipboard?.writeText(link).catch(() => undefined);
                  setNotice(`Link: ${link}`);
                }}
              >
                Link
              </button>
              <button
                type="button"
                className="secondary"
                aria-label={`Delete ${q.name}`}
                onClick={() => change({ op: "delete", id: q.id }, `Deleted "${q.name}".`)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
