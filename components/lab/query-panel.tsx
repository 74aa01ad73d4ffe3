"use client";
import { useRef, useState, type Ref } from "react";
import dynamic from "next/dynamic";
import type { Column, PublicLab, QueryError, QueryResult } from "@/lib/lab/types";
import { describeFailure, postLab } from "./api";
import { EditorLoading } from "./editor-loading";
import { QueryResults, resultSummary } from "./query-results";
import { ResultExport } from "./result-export";
import { ResultPager } from "./result-pager";
import { QueryHistory, type HistoryEntry } from "./query-history";
import { SavedQueries } from "./saved-queries";
import styles from "./lab.module.css";

// Monaco is large: keep it out of the page's first bundle and off the server.
const SqlEditor = dynamic(() => import("./monaco-sql-editor"), { ssr: false, loading: () => <EditorLoading /> });

type Props = {
  ref?: Ref<HTMLElement>;
  slug: string;
  schema: Column[];
  history: PublicLab["history"];
  saved: PublicLab["saved"];
  sql: string;
  onSqlChange: (sql: string) => void;
  focusRequest: number;
};
type Failure = QueryError & { sql: string };
/** A result with the SQL that produced it: its pages and exports run that SQL, not the editor's current text. */
type Shown = { sql: string; result: QueryResult; run: number };

/** SQL over the lab's `logs` table: editor, results, errors and the learner's query history. */
export function QueryPanel({ ref, slug, schema, history, saved, sql, onSqlChange, focusRequest }: Props) {
  const [shown, setShown] = useState<Shown>();
  const result = shown?.result;
  const [failure, setFailure] = useState<Failure>();
  const [running, setRunning] = useState(false);
  const [paging, setPaging] = useState(false);
  const [pageError, setPageError] = useState<string>();
  const [session, setSession] = useState<HistoryEntry[]>([]);
  const [focus, setFocus] = useState(0);
  const inFlight = useRef(false); // a ref, not state: Ctrl+Enter twice in a row must not send two queries

  async function run(text: string) {
    if (inFlight.current) return;
    if (!text.trim()) {
      setFailure({ message: "Write a query first, e.g. SELECT count(*) FROM logs.", kind: "empty", sql: text });
      return;
    }
    inFlight.current = true;
    setRunning(true);
    const res = await postLab<QueryResult>(slug, "query", { sql: text }).finally(() => {
      inFlight.current = false;
      setRunning(false);
    });
    setSession((prev) => [{ sql: text, ok: res.ok, createdAt: new Date().toISOString() }, ...prev]);
    setPageError(undefined);
    if (res.ok) {
      setShown((prev) => ({ sql: text, result: res.data, run: (prev?.run ?? 0) + 1 }));
      setFailure(undefined);
    } else {
      setFailure({ ...res.error, kind: res.error.kind ?? (res.status === 429 ? "rate_limited" : "error"), message: describeFailure(res.error), sql: text });
    }
  }

  async function page(offset: number) {
    if (!shown || inFlight.current) return;
    inFlight.current = true;
    setPaging(true);
    const res = await postLab<QueryResult>(slug, "query", { sql: shown.sql, offset }).finally(() => {
      inFlight.current = false;
      setPaging(false);
    });
    if (res.ok) {
      setShown({ ...shown, result: res.data });
      setPageError(undefined);
    } else setPageError(describeFailure(res.error));
  }

  const where = failure?.position !== undefined ? lineAndColumn(failure.sql, failure.position) : undefined;

  return (
    <section ref={ref} aria-label="Query" className={`card ${styles.panel}`}>
      <h2 className={styles.panelTitle}>Query</h2>
      <p className="hint">
        One table, <code>logs</code>. DuckDB SQL, read-only. Ctrl+Enter (⌘+Enter) runs the query.
      </p>
      <SqlEditor
        value={sql}
        onChange={onSqlChange}
        onRun={run}
        schema={schema}
        error={failure ? { message: failure.message, position: failure.position } : null}
        focusRequest={focusRequest + focus}
      />
      <div className={styles.actions}>
        <button type="button" onClick={() => run(sql)} disabled={running}>
          Run query
        </button>
        <span className="hint" role="status">
          {running ? "Running…" : paging ? "Fetching the page…" : result && !failure ? resultSummary(result) : ""}
        </span>
      </div>
      <div aria-live="assertive">
        {failure && (
          <p className="form-error" role="alert">
            {failure.message}
            {where && ` (line ${where.line}, column ${where.column})`}
          </p>
        )}
      </div>
      {shown && result && !failure && (
        <>
          <ResultPager result={result} busy={paging || running} onPage={page} />
          {pageError && (
            <p className="form-error" role="alert">
              {pageError}
            </p>
          )}
          <ResultExport key={shown.run} slug={slug} sql={shown.sql} />
          <QueryResults key={`${shown.run}:${result.offset}`} result={result} />
        </>
      )}
      <SavedQueries
        slug={slug}
        initial={saved}
        sql={sql}
        onPick={(text) => {
          onSqlChange(text);
          setFocus((n) => n + 1);
        }}
      />
      <QueryHistory
        entries={[...session, ...history]}
        onPick={(text) => {
          onSqlChange(text);
          setFocus((n) => n + 1);
        }}
      />
    </section>
  );
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
