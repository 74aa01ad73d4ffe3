"use client";
import { useEffect, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { LogRow } from "@/lib/lab/types";
import { formatTs } from "./filters";
import { useLogPages, type FetchPage } from "./use-log-pages";
import styles from "./lab.module.css";

const ROW_HEIGHT = 28;
const COLUMNS = ["ts", "host", "service", "level", "message"] as const;

type Props = { total: number; firstPage: LogRow[]; fetchPage: FetchPage; onOpen: (row: LogRow) => void };

/**
 * All `total` events in one scrollable table: only the rows in view are in the DOM, and their
 * pages are fetched on demand. Arrow keys move between rows; a click, Enter or Space opens a row's
 * event in full (`onOpen`).
 */
export function EventTable({ total, firstPage, fetchPage, onOpen }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const { rowAt, ensure, error, retry } = useLogPages(firstPage, fetchPage);
  const [active, setActive] = useState(0);
  // Key presses can outrun rendering (the next row may not exist yet): count from the ref, not the DOM.
  const activeRef = useRef(0);
  const focusPending = useRef(false);

  // TanStack Virtual returns functions the React Compiler cannot memoise; they stay inside this component
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The sticky header row sits above the first event inside the same scroller.
    scrollMargin: ROW_HEIGHT,
    scrollPaddingStart: ROW_HEIGHT,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Wait for scrolling to settle a little, so dragging the scrollbar across 1,000 pages fetches only the last.
  useEffect(() => {
    if (!total) return;
    const timer = window.setTimeout(() => ensure(firstIndex, lastIndex), 60);
    return () => window.clearTimeout(timer);
  }, [firstIndex, lastIndex, total, ensure]);

  useEffect(() => {
    if (!focusPending.current) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (row) {
      focusPending.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    activeRef.current = next;
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: "auto" });
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!(e.target instanceof HTMLElement) || e.target.getAttribute("role") !== "row") return;
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 15, PageUp: -15 };
    const at = activeRef.current;
    if (e.key in steps) moveTo(at + steps[e.key]);
    else if (e.key === "Home") moveTo(0);
    else if (e.key === "End") moveTo(total - 1);
    else if (e.key === "Enter" || e.key === " ") {
      const row = rowAt(at);
      if (row) onOpen(row);
    } else return;
    e.preventDefault();
  };

  if (!total) return <p className="hint">No events match these filters.</p>;
  const activeRendered = active >= firstIndex && active <= lastIndex;

  return (
    <div className={styles.tableWrap}>
      {error && (
        <p className="form-error" role="alert">
          {error}{" "}
          <button type="button" className="secondary" onClick={retry}>
            Retry
          </button>
        </p>
      )}
      <p id="lab-events-hint" className="hint">
        Click an event (or press Enter on it) to see it in full, with the events around it on its host.
      </p>
      <div
        ref={scroller}
        className={styles.tableScroll}
        role="table"
        aria-label="Events"
        aria-describedby="lab-events-hint"
        aria-rowcount={total + 1}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className={styles.tableHead}>
          <div role="row" aria-rowindex={1} className={styles.logRow}>
            {COLUMNS.map((c) => (
              <span key={c} role="columnheader">
                {c}
              </span>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const focusable = item.index === active || (!activeRendered && item.index === firstIndex);
            return (
              <div
                key={item.key}
                data-index={item.index}
                data-event-id={row?.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-busy={row ? undefined : true}
                tabIndex={focusable ? 0 : -1}
                className={`${styles.logRow} ${row ? "" : styles.placeholder}`}
                style={{ transform: `translateY(${item.start - ROW_HEIGHT}px)` }}
                onClick={() => {
                  activeRef.current = item.index;
                  setActive(item.index);
                  if (row) onOpen(row);
                }}
                onFocus={() => {
                  if (focusPending.current) return;
                  activeRef.current = item.index;
                  setActive(item.index);
                }}
              >
                {row ? (
                  <>
                    <span role="cell" className={styles.mono}>
                      {formatTs(row.ts)}
                    </span>
                    <span role="cell">{row.host}</span>
                    <span role="cell">{row.service}</span>
                    <span role="cell" className={styles[`level${row.level}`]}>
                      {row.level}
                    </span>
                    <span role="cell">{row.message}</span>
                  </>
                ) : (
                  <span role="cell" className={styles.loadingCell}>
                    Loading event {(item.index + 1).toLocaleString("en-US")}…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
