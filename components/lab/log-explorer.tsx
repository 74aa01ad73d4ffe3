"use client";
import { useCallback, useEffect, useState } from "react";
import type { ExploreFilters, ExploreResult, PublicLab } from "@/lib/lab/types";
import { describeFailure, postLab } from "./api";
import { MAX_EXCLUDED_TEXTS } from "@/lib/lab/limits";
import { EMPTY_DRAFT, excludeValue, filterFor, isoToInput, toExploreFilters, toggle, type FilterDraft, type ListKey } from "./filters";
import { EventDetail } from "./event-detail";
import { ExplorerFilters } from "./explorer-filters";
import { EventHistogram } from "./event-histogram";
import { FacetLists } from "./facet-lists";
import { EventTable } from "./event-table";
import { PAGE_SIZE } from "./use-log-pages";
import styles from "./lab.module.css";

type Props = { slug: string; dataset: PublicLab["dataset"]; onOpenInEditor: (sql: string) => void };
type Applied = { draft: FilterDraft; generation: number };
type Shown = { data: ExploreResult; generation: number; filters: ExploreFilters };

/** Point-and-click search over the lab's events, showing the SQL each search stands for. */
export function LogExplorer({ slug, dataset, onOpenInEditor }: Props) {
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_DRAFT);
  const [applied, setApplied] = useState<Applied>({ draft: EMPTY_DRAFT, generation: 0 });
  const [result, setResult] = useState<Shown>();
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string>();
  const [openEvent, setOpenEvent] = useState<number | null>(null);

  // a new search starts here, where the filters change (busy starts true for the first one)
  const apply = useCallback((next: FilterDraft) => {
    setDraft(next);
    setBusy(true);
    setError(undefined);
    setApplied((prev) => ({ draft: next, generation: prev.generation + 1 }));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const filters = toExploreFilters(applied.draft);
    postLab<ExploreResult>(slug, "explore", { filters, offset: 0, limit: PAGE_SIZE, facets: true, histogram: true }, controller.signal)
      .then((res) => {
        if (res.ok) setResult({ data: res.data, generation: applied.generation, filters });
        else setError(describeFailure(res.error));
        setBusy(false);
      })
      .catch(() => undefined); // aborted: a newer search is on its way
    return () => controller.abort();
  }, [slug, applied]);

  // Bound to the filters of the result on screen, so a table (keyed by generation) only asks for its own rows.
  const shownFilters = result?.filters;
  const fetchPage = useCallback(
    async (offset: number, signal: AbortSignal) => {
      const filters = shownFilters ?? {};
      const res = await postLab<ExploreResult>(slug, "explore", { filters, offset, limit: PAGE_SIZE, facets: false, histogram: false }, signal);
      if (!res.ok) throw new Error(describeFailure(res.error));
      return res.data.rows;
    },
    [slug, shownFilters],
  );

  const toggleValue = (key: ListKey, value: string) => apply({ ...applied.draft, [key]: toggle(applied.draft[key], value) });
  const data = result?.data;
  const stale = busy || result?.generation !== applied.generation;

  return (
    <section aria-label="Log explorer" className={`card ${styles.panel}`}>
      <h2 className={styles.panelTitle}>Log explorer</h2>
      <ExplorerFilters
        dataset={dataset}
        draft={draft}
        onChange={setDraft}
        onApply={() => apply(draft)}
        onReset={() => apply(EMPTY_DRAFT)}
        onRemoveExclude={(key, value) => apply({ ...applied.draft, [key]: applied.draft[key].filter((v) => v !== value) })}
        busy={busy}
      />
      <div id="lab-explore-status" className={styles.summary} aria-live="polite" aria-busy={busy}>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : data ? (
          <p>
            <strong>{data.total.toLocaleString("en-US")} events</strong>
            {stale && <span className="hint"> · updating…</span>}
          </p>
        ) : (
          <p className="hint">Loading events…</p>
        )}
      </div>
      {data && (
        <div className={stale ? styles.stale : undefined}>
          {data.histogram && (
            <EventHistogram
              buckets={data.histogram}
              bucketSeconds={data.bucketSeconds ?? 3600}
              onSelect={(from, to) => apply({ ...applied.draft, from: isoToInput(from), to: isoToInput(to) })}
            />
          )}
          {data.facets && <FacetLists facets={data.facets} selected={applied.draft} onToggle={toggleValue} />}
          <div className={styles.sqlBox}>
            <div className={styles.sqlHead}>
              <span id="lab-filter-sql-label" className={styles.label}>
                Query for these filters
              </span>
              <button type="button" className="secondary" onClick={() => onOpenInEditor(data.sql)}>
                Open in query editor
              </button>
            </div>
            <pre aria-labelledby="lab-filter-sql-label" className={styles.sql}>
              {data.sql}
            </pre>
          </div>
          <EventTable key={result.generation} total={data.total} firstPage={data.rows} fetchPage={fetchPage} onOpen={(row) => setOpenEvent(row.id)} />
        </div>
      )}
      <EventDetail
        slug={slug}
        eventId={openEvent}
        onOpen={setOpenEvent}
        onClose={() => setOpenEvent(null)}
        canExcludeText={applied.draft.excludeText.length < MAX_EXCLUDED_TEXTS}
        onFilter={(field, value, mode) => {
          // the dialog closes on the new search, so the learner sees what it selects
          setOpenEvent(null);
          apply((mode === "for" ? filterFor : excludeValue)(applied.draft, field, value));
        }}
      />
    </section>
  );
}
