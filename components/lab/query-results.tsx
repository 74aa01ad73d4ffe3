"use client";
import { useState } from "react";
import type { QueryResult } from "@/lib/lab/types";
import { formatCell, RowDetail } from "./row-detail";
import styles from "./lab.module.css";

const n = (v: number) => v.toLocaleString("en-US");

/** "rows 1,001–2,000 of 48,213" (a "+" when the total is a lower bound): where a page sits in its result. */
export function pageRange(result: QueryResult): string {
  const total = `${n(result.totalCount)}${result.totalIsLowerBound ? "+" : ""}`;
  if (result.rowCount === 0) return `no rows from ${n(result.offset + 1)} on, of ${total}`;
  return `rows ${n(result.offset + 1)}–${n(result.offset + result.rowCount)} of ${total}`;
}

/** "Showing rows 1–1,000 of 48,213 · 35 ms" when the result has more rows than this answer, else "12 rows · 35 ms". */
export function resultSummary(result: QueryResult): string {
  const rows = result.truncated ? `Showing ${pageRange(result)}` : `${n(result.rowCount)} row${result.rowCount === 1 ? "" : "s"}`;
  const cut = result.byteLimited ? " (this page stops at 4 MB of rows; select fewer or shorter columns)" : "";
  return `${rows}${cut} · ${n(Math.round(result.elapsedMs))} ms`;
}

/**
 * The rows the server returned (it caps them); the summary line lives in the panel's status region.
 * Columns are as wide as their content up to a cap (long text ends in "…"), and a row's number
 * opens it in full below the table: every column, the whole message, raw line and fields.
 */
export function QueryResults({ result }: { result: QueryResult }) {
  const [open, setOpen] = useState<number | null>(null);
  const row = open === null ? null : result.rows[open];
  return (
    <div className={styles.results}>
      {result.columns.length > 0 && (
        <div className={styles.resultScroll}>
          <table className={styles.resultTable} aria-label="Query results">
            <thead>
              <tr>
                <th scope="col" className={styles.rowNumber}>
                  <span className="sr-only">Row</span>
                </th>
                {result.columns.map((c, i) => (
                  <th key={i} scope="col" title={c.type}>
                    {c.name}
                    <span className={styles.colType}>{c.type}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((cells, r) => (
                <tr key={r} className={open === r ? styles.rowOpen : undefined}>
                  <td className={styles.rowNumber}>
                    <button
                      type="button"
                      className={styles.rowButton}
                      aria-label={`Open row ${result.offset + r + 1}`}
                      aria-expanded={open === r}
                      onClick={() => setOpen(open === r ? null : r)}
                    >
                      {result.offset + r + 1}
                    </button>
                  </td>
                  {cells.map((cell, c) => (
                    <td
                      key={c}
                      className={cell === null ? styles.nullCell : typeof cell === "number" ? styles.numCell : undefined}
                      title={typeof cell === "string" && cell.length > 40 ? cell.slice(0, 500) : undefined}
                    >
                      {formatCell(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {row && open !== null && (
        <section className={`card ${styles.rowDetail}`} aria-label={`Row ${result.offset + open + 1} in full`}>
          <header className={styles.rowDetailHead}>
            <h3>Row {result.offset + open + 1}</h3>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              Close
            </button>
          </header>
          <RowDetail items={result.columns.map((c, i) => ({ name: c.name, type: c.type, value: row[i] }))} />
        </section>
      )}
    </div>
  );
}
