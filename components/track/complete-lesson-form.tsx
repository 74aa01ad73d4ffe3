"use client";
import { useActionState } from "react";
import { completeLessonAction, type CompleteLessonState } from "@/app/(public)/lessons/[slug]/actions";

export function CompleteLessonForm({ slug, completed }: { slug: string; completed: boolean }) {
  const [state, action, pending] = useActionState<CompleteLessonState, FormData>(completeLessonAction.bind(null, slug), { status: "idle" });
  if (completed || state.status === "done") {
    return (
      <p className="status status-completed" role="status">
        ✓ Completed
      </p>
    );
  }
  return (
    <form action={action}>
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Mark as complete"}
      </button>
      <span aria-live="polite">{state.status === "error" && <span className="field-error"> {state.message}</span>}</span>
    </form>
  );
}
