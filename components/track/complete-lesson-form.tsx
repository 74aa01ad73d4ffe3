"use client";
import { useActionState } from "react";
import { completeLessonAction, type CompleteLessonState } from "@/app/(public)/lessons/[slug]/actions";

export function CompleteLessonForm({ slug, completed }: { slug: string; completed: boolean }) {
  const [state, action, pending] = useActionState<CompleteLessonState, FormData>(
    async (previous, form) => (await completeLessonAction(previous, form)) as CompleteLessonState,
    { status: "idle" },
  );
  if (completed || state.status === "done") {
    return (
      <p className="status status-completed" role="status">
        ✓ Completed
      </p>
    );
  }
  return (
    <form action={action}>
      <input type="hidden" name="slug" value={slug} />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Mark as complete"}
      </button>
      <span aria-live="polite">{state.status === "error" && <span className="field-error"> {state.message}</span>}</span>
    </form>
  );
}
