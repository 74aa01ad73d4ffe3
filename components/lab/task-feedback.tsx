import type { TaskFeedback } from "@/lib/lab/types";
import { InlineText } from "./inline-text";
import styles from "./lab.module.css";

const n = (value: number) => value.toLocaleString("en-US");

/** The grader's verdict on the last attempt; announced when it changes. */
export function TaskFeedbackView({ feedback }: { feedback?: TaskFeedback }) {
  return (
    <div aria-live="polite">
      {feedback && (
        <div
          className={`${styles.feedback} ${feedback.correct ? styles.feedbackOk : styles.feedbackWrong}`}
          data-result={feedback.correct ? "correct" : "wrong"}
        >
          <p>
            <InlineText text={feedback.message} />
          </p>
          {feedback.counts && (
            <p className={styles.counts}>
              True positives: {n(feedback.counts.truePositives)} · False positives: {n(feedback.counts.falsePositives)} · Missed: {n(feedback.counts.missed)}
            </p>
          )}
          {feedback.coach && feedback.coach.length > 0 && (
            <div className={styles.coach}>
              <h4>What your detection gets wrong</h4>
              <ul>
                {feedback.coach.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
