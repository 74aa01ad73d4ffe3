import type { Cell, QueryResult } from "@/lib/lab/types";
import styles from "./lab.module.css";

/** "Showing 1,000 of 48,213 rows · 35 ms" when the server capped the rows, else "12 rows · 35 ms". */
export function resultSummary(result: QueryResult): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const total = `${n(result.totalCount)}${result.totalIsLowerBound ? "+" : ""}`;
  const rows = result.truncated ? `Showing ${n(result.rowCount)} of ${total} rows` : `${n(result.rowCount)} row${result.rowCount === 1 ? "" : "s"}`;
  const cut = result.byteLimited ? " (the rows shown are capped at 4 MB; select fewer or shorter columns)" : "";
  return `${rows}${cut} · ${n(Math.round(result.elapsedMs))} ms`;
}

/** The rows the server returned (it caps them); the summary line lives in the panel's status region. */
export function QueryResults({ result }: { result: QueryResult }) {
  return (
    <div className={styles.results}>
      {result.columns.length > 0 && (
        <div className={styles.resultScroll}>
          <table className={styles.resultTable} aria-label="Query results">
            <thead>
              <tr>
                {result.columns.map((c, i) => (
                  <th key={i} scope="col" title={c.type}>
                    {c.name}
                    <span className={styles.colType}>{c.type}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c} className={cell === null ? styles.nullCell : typeof cell === "number" ? styles.numCell : undefined}>
                      {formatCell(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function formatCell(cell: Cell): string {
  if (cell === null) return "NULL";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return String(cell);
}
