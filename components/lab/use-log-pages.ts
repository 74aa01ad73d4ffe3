"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { LogRow } from "@/lib/lab/types";

export const PAGE_SIZE = 200;
// ~60 pages = 12,000 rows in memory at most, whatever the learner scrolls through.
const MAX_CACHED_PAGES = 60;
const MAX_IN_FLIGHT = 4;

export type FetchPage = (offset: number, signal: AbortSignal) => Promise<LogRow[]>;

/**
 * Rows of one explorer result, fetched a page at a time as they scroll into view.
 * Pages are cached by offset (least recently used dropped first); the owner remounts
 * the table (a new `key`) when the filters change, which starts a fresh cache.
 */
export function useLogPages(firstPage: LogRow[], fetchPage: FetchPage) {
  const pages = useRef(new Map<number, LogRow[]>([[0, firstPage]]));
  const inFlight = useRef(new Set<number>());
  const failed = useRef(new Set<number>());
  const wanted = useRef<[number, number]>([0, 0]);
  const abort = useRef<AbortController | null>(null);
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    return () => controller.abort();
  }, []);

  const rowAt = useCallback((index: number): LogRow | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE_SIZE));
    return page?.[index % PAGE_SIZE];
  }, []);

  // the pages skipped at the in-flight limit are asked for again through the latest `ensure`
  const ensureRef = useRef<(first: number, last: number) => void>(() => undefined);
  const ensure = useCallback(
    (firstIndex: number, lastIndex: number) => {
      const firstPageNo = Math.floor(firstIndex / PAGE_SIZE);
      const lastPageNo = Math.floor(lastIndex / PAGE_SIZE);
      wanted.current = [firstPageNo, lastPageNo];
      for (let p = firstPageNo; p <= lastPageNo; p++) {
        const cached = pages.current.get(p);
        if (cached) {
          // refresh its place in the LRU order
          pages.current.delete(p);
          pages.current.set(p, cached);
          continue;
        }
        if (inFlight.current.has(p) || failed.current.has(p) || inFlight.current.size >= MAX_IN_FLIGHT) continue;
        const signal = abort.current?.signal;
        if (!signal || signal.aborted) return;
        inFlight.current.add(p);
        fetchPage(p * PAGE_SIZE, signal)
          .then((rows) => {
            pages.current.set(p, rows);
            while (pages.current.size > MAX_CACHED_PAGES) {
              const oldest = pages.current.keys().next().value as number;
              pages.current.delete(oldest);
            }
          })
          .catch((err: unknown) => {
            if (signal.aborted) return;
            failed.current.add(p);
            setError(err instanceof Error ? err.message : "Could not load these events.");
          })
          .finally(() => {
            inFlight.current.delete(p);
            if (signal.aborted) return;
            setVersion((v) => v + 1);
            // Pages skipped while the in-flight limit was reached.
            const [a, b] = wanted.current;
            if (b >= a) queueMicrotask(() => ensureRef.current(a * PAGE_SIZE, b * PAGE_SIZE));
          });
      }
    },
    [fetchPage],
  );
  useEffect(() => {
    ensureRef.current = ensure;
  }, [ensure]);

  const retry = useCallback(() => {
    failed.current.clear();
    setError(undefined);
    const [a, b] = wanted.current;
    ensure(a * PAGE_SIZE, b * PAGE_SIZE);
  }, [ensure]);

  return { rowAt, ensure, error, retry };
}
