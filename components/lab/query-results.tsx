"use client";
import { useState } from "react";
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
                      aria-label={`Open row ${r + 1}`}
                      aria-expanded={open === r}
                      onClick={() => setOpen(open === r ? null : r)}
                    >
                      {r + 1}
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
        <section className={`card ${styles.rowDetail}`} aria-label={`Row ${open + 1} in full`}>
          <header className={styles.rowDetailHead}>
            <h3>Row {open + 1}</h3>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              Close
            </button>
          </header>
          <dl>
            {result.columns.map((c, i) => (
              <div key={i} className={styles.rowDetailItem}>
                <dt>
                  {c.name} <span className={styles.colType}>{c.type}</span>
                </dt>
                <dd>
                  <pre className={row[i] === null ? styles.nullCell : undefined}>{formatCell(row[i])}</pre>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}

function formatCell(cell: Cell): string {
  if (cell === null) return "NULL";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  return String(cell);
}
