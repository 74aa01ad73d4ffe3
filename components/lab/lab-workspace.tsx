"use client";
import { useCallback, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { PublicLab, TaskState } from "@/lib/lab/types";
import { LabHeader } from "./lab-header";
import { LogExplorer } from "./log-explorer";
import { QueryPanel } from "./query-panel";
import { TasksPanel, type LabScore } from "./tasks-panel";
import { useHeartbeat } from "./use-heartbeat";
import styles from "./lab.module.css";

export const DEFAULT_SQL = "SELECT count(*) FROM logs";

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
  const [sql, setSql] = useState(DEFAULT_SQL);
  const [focusRequest, setFocusRequest] = useState(0);
  const querySection = useRef<HTMLElement>(null);

  useHeartbeat(lab.slug);

  const openInEditor = useCallback((text: string) => {
    setSql(text);
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
          <LogExplorer slug={lab.slug} dataset={lab.dataset} onOpenInEditor={openInEditor} />
          <QueryPanel ref={querySection} slug={lab.slug} schema={lab.schema} history={lab.history} sql={sql} onSqlChange={setSql} focusRequest={focusRequest} />
        </div>
        <TasksPanel slug={lab.slug} tasks={tasks} editorSql={sql} onTaskUpdate={onTaskUpdate} />
      </div>
    </div>
  );
}
