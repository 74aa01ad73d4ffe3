/** The first visit generates the learner's own week of logs, which takes a few seconds. */
export default function LabLoading() {
  return (
    <div className="stack" role="status" aria-live="polite">
      <span className="kind">Lab</span>
      <h1>Preparing your logs…</h1>
      <p className="muted">Generating and loading your own copy of a week of cluster logs. This takes a few seconds the first time.</p>
    </div>
  );
}
