"use client";
import { RESULT_PAGE_ROWS } from "@/lib/lab/limits";
import type { QueryResult } from "@/lib/lab/types";
import { pageRange } from "./query-results";
import styles from "./lab.module.css";

type Props = { result: QueryResult; busy: boolean; onPage: (offset: number) => void };

const n = (v: number) => v.toLocaleString("en-US");

/**
 * Pages of a result larger than one answer: each page runs the same SQL again from its first row,
 * so only the query's ORDER BY keeps rows from moving between pages.
 */
export function ResultPager({ result, busy, onPage }: Props) {
  const end = result.offset + result.rowCount;
  const more = result.totalIsLowerBound || end < result.totalCount;
  if (result.offset === 0 && !more) return null;
  const next = result.totalIsLowerBound ? RESULT_PAGE_ROWS : Math.min(RESULT_PAGE_ROWS, result.totalCount - end);
  return (
    <nav className={styles.actions} aria-label="Result pages">
      <button type="button" className="secondary" disabled={busy || result.offset === 0} onClick={() => onPage(Math.max(0, result.offset - RESULT_PAGE_ROWS))}>
        Previous {n(RESULT_PAGE_ROWS)} rows
      </button>
      <span className="hint" aria-live="polite">
        {pageRange(result).replace(/^./, (c) => c.toUpperCase())}
      </span>
      <button type="button" className="secondary" disabled={busy || !more} onClick={() => onPage(end)}>
        Next {n(next)} rows
      </button>
      <span className="hint">Each page runs the query again: add ORDER BY on unique columns to keep rows in a stable order.</span>
    </nav>
  );
}
