const LABELS = {
  completed: "Completed",
  in_progress: "In progress",
  not_started: "Not started",
  locked: "Sign in to start",
  open: "Open to everyone",
} as const;

export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  return (
    <span className={`status status-${status}`}>
      {status === "locked" ? "🔒 " : ""}
      {LABELS[status]}
    </span>
  );
}
