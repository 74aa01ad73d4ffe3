"use client";
import { useRef, useState, type Ref } from "react";
import dynamic from "next/dynamic";
import type { Column, PublicLab, QueryError, QueryResult } from "@/lib/lab/types";
import { describeFailure, postLab } from "./api";
import { EditorLoading } from "./editor-loading";
import { QueryResults, resultSummary } from "./query-results";
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

/** SQL over the lab's `logs` table: editor, results, errors and the learner's query history. */
export function QueryPanel({ ref, slug, schema, history, saved, sql, onSqlChange, focusRequest }: Props) {
  const [result, setResult] = useState<QueryResult>();
  const [failure, setFailure] = useState<Failure>();
  const [running, setRunning] = useState(false);
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
    if (res.ok) {
      setResult(res.data);
      setFailure(undefined);
    } else {
      setFailure({ ...res.error, kind: res.error.kind ?? (res.status === 429 ? "rate_limited" : "error"), message: describeFailure(res.error), sql: text });
    }
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
          {running ? "Running…" : result && !failure ? resultSummary(result) : ""}
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
      {result && !failure && <QueryResults result={result} />}
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
