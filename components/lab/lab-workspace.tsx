"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { PublicLab, TaskState } from "@/lib/lab/types";
import { LabHeader } from "./lab-header";
import { LogExplorer } from "./log-explorer";
import { QueryPanel } from "./query-panel";
import { TasksPanel, type LabScore } from "./tasks-panel";
import { useHeartbeat } from "./use-heartbeat";
import styles from "./lab.module.css";

export const DEFAULT_SQL = "SELECT count(*) FROM logs";

type Pane = "query" | "explore";
const PANES: { id: Pane; label: string; key: string }[] = [
  { id: "query", label: "Query (SQL)", key: "1" },
  { id: "explore", label: "Explore logs", key: "2" },
];

/** The hands-on lab: briefing, log explorer, SQL editor and graded tasks. */
export function LabWorkspace({ lab }: { lab: PublicLab }) {
  const router = useRouter();
  const [tasks, setTasks] = useState<TaskState[]>(lab.tasks);
  const [score, setScore] = useState<LabScore>({ score: lab.score, maxScore: lab.maxScore, completed: lab.completed });
  // A router.refresh() hands us a fresh lab (e.g. with the write-up): take the server's word for it.
  const [seenLab, setSeenLab] = useState(lab);
  if (seenLab !== lab) {
    setSeenLab(lab);
    setTasks(lab.tasks);
    setScore({ score: lab.score, maxScore: lab.maxScore, completed: lab.completed });
  }

  // The editor text lives here so the detection task can submit it.
  const [sql, setSql] = useState(() => lab.saved.find((q) => q.id === lab.openSaved)?.sql ?? DEFAULT_SQL);
  const [focusRequest, setFocusRequest] = useState(0);
  const querySection = useRef<HTMLElement>(null);
  // The SQL editor and the explorer share one column as tabs (both stay mounted, so neither loses
  // its state), so an investigation never means scrolling past one to reach the other.
  const [pane, setPane] = useState<Pane>("query");
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = PANES.find((p) => p.key === e.key);
      if (!target) return;
      e.preventDefault();
      setPane(target.id);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useHeartbeat(lab.slug);

  const openInEditor = useCallback((text: string) => {
    setSql(text);
    setPane("query");
    setFocusRequest((n) => n + 1);
    querySection.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);

  const onTaskUpdate = useCallback(
    (task: TaskState, next: LabScore) => {
      setTasks((all) => all.map((t) => (t.id === task.id ? task : t)));
      setScore(next);
      // The write-up is only sent once the lab is complete: fetch the page again to get it.
      if (next.completed && !lab.writeupHtml) router.refresh();
    },
    [lab.writeupHtml, router],
  );

  return (
    <div className={styles.workspace}>
      <LabHeader lab={lab} score={score} />
      <div className={styles.columns}>
        <div className={styles.investigation}>
          <div className={styles.tabs}>
            {/* only tabs inside the tablist: the shortcuts sit beside it */}
            <div role="tablist" aria-label="Investigation" className={styles.tabList}>
              {PANES.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  role="tab"
                  id={`lab-tab-${p.id}`}
                  aria-controls={`lab-pane-${p.id}`}
                  aria-selected={pane === p.id}
                  tabIndex={pane === p.id ? 0 : -1}
                  className={pane === p.id ? styles.tabActive : styles.tab}
                  onClick={() => setPane(p.id)}
                  onKeyDown={(e) => {
                    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
                    const next = PANES[(PANES.findIndex((x) => x.id === pane) + 1) % PANES.length];
                    setPane(next.id);
                    document.getElementById(`lab-tab-${next.id}`)?.focus();
                  }}
                >
                  {p.label}
                </button>
              ))}
            </div>
            <details className={styles.shortcuts}>
              <summary>Keyboard shortcuts</summary>
              <dl>
                <dt>Ctrl+Enter (⌘+Enter)</dt>
                <dd>run the query in the editor</dd>
                <dt>Alt+1 / Alt+2</dt>
                <dd>the query editor / the log explorer</dd>
                <dt>← →</dt>
                <dd>between the two tabs</dd>
                <dt>↑ ↓ PageUp PageDown Home End</dt>
                <dd>move through the explorer&apos;s events</dd>
                <dt>Ctrl+Space</dt>
                <dd>complete a column or function name</dd>
              </dl>
            </details>
          </div>
          <div role="tabpanel" id="lab-pane-query" aria-labelledby="lab-tab-query" hidden={pane !== "query"}>
            <QueryPanel
              ref={querySection}
              slug={lab.slug}
              schema={lab.schema}
              history={lab.history}
              saved={lab.saved}
              sql={sql}
              onSqlChange={setSql}
              focusRequest={focusRequest}
            />
          </div>
          <div role="tabpanel" id="lab-pane-explore" aria-labelledby="lab-tab-explore" hidden={pane !== "explore"}>
            <LogExplorer slug={lab.slug} dataset={lab.dataset} onOpenInEditor={openInEditor} />
          </div>
        </div>
        <TasksPanel slug={lab.slug} tasks={tasks} editorSql={sql} onTaskUpdate={onTaskUpdate} />
      </div>
    </div>
  );
}
