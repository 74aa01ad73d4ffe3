import type { PublicLab } from "@/lib/lab/types";
import type { LabScore } from "./tasks-panel";
import styles from "./lab.module.css";

/** Title, running score and the briefing; the write-up once the lab is complete. */
export function LabHeader({
  lab,
  score,
  titleLevel = "h1",
}: {
  lab: Pick<PublicLab, "title" | "briefingHtml" | "writeupHtml" | "dataNotice">;
  score: LabScore;
  /** h2 where the page has its own h1 (the preview in /author) */
  titleLevel?: "h1" | "h2";
}) {
  const Title = titleLevel;
  return (
    <header className={styles.header}>
      <div className={styles.titleRow}>
        <div>
          <p className="kind">Lab</p>
          <Title className={styles.title}>{lab.title}</Title>
        </div>
        <div className={styles.scoreBox} aria-live="polite">
          <span className={styles.score}>
            Score: {score.score} / {score.maxScore}
          </span>
          {score.completed && <span className="status status-completed">Completed</span>}
        </div>
      </div>
      {lab.dataNotice && (
        <div className={`card ${styles.dataNotice}`} role="status">
          <strong>These logs were regenerated.</strong> On {lab.dataNotice.changedAt.slice(0, 10)} the lab moved to version {lab.dataNotice.version} of its log
          generator, whose lines now match what Mesos, ZooKeeper and the other services really print. Tasks you had solved stay solved with their points; open
          tasks are graded against the logs you see now. Queries in your history ran against the previous logs, so their results may differ.
        </div>
      )}
      <details className={`card ${styles.briefing}`} open={!score.completed}>
        <summary>Briefing</summary>
        {/* Trusted: rendered by the server from the lab's own Markdown. */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: lab.briefingHtml }} />
      </details>
      {score.completed && lab.writeupHtml && (
        <section className={`card ${styles.writeup}`} aria-labelledby="lab-writeup">
          <h2 id="lab-writeup">Write-up</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: lab.writeupHtml }} />
        </section>
      )}
    </header>
  );
}
