import styles from "./lab.module.css";

export type HistoryEntry = { sql: string; ok: boolean; createdAt: string };

const MAX_SHOWN = 25;

/** Earlier queries, newest first and each text once; a click puts one back into the editor. */
export function QueryHistory({ entries, onPick }: { entries: HistoryEntry[]; onPick: (sql: string) => void }) {
  const seen = new Set<string>();
  const shown = [...entries]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .filter((e) => {
      const key = e.sql.trim();
      if (!key || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_SHOWN);

  return (
    <details className={styles.history} open={shown.length > 0}>
      <summary>History</summary>
      {shown.length === 0 ? (
        <p className="hint">Queries you run appear here.</p>
      ) : (
        <ol className={styles.historyList} aria-label="History">
          {shown.map((e) => (
            <li key={`${e.createdAt}-${e.sql}`}>
              <button type="button" className={styles.historyItem} onClick={() => onPick(e.sql)} title="Load into the editor">
                <span className={e.ok ? styles.ok : styles.failed} aria-label={e.ok ? "succeeded" : "failed"}>
                  {e.ok ? "✓" : "✗"}
                </span>
                <code>{e.sql}</code>
                <time dateTime={e.createdAt}>{e.createdAt.slice(11, 16)}</time>
              </button>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
