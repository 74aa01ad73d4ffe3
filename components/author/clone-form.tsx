"use client";
import { useActionState } from "react";
import { cloneItemAction } from "@/app/(author)/author/actions";

type State = { status: "idle" } | { status: "error"; message: string };

/** "Clone": a new slug for a copy that the caller authors. */
export function CloneForm({ itemId, slug }: { itemId: string; slug: string }) {
  const [state, submit, pending] = useActionState<State, FormData>(async (prev, form) => ((await cloneItemAction(prev, form)) ?? { status: "idle" }) as State, {
    status: "idle",
  });
  return (
    <form action={submit} className="author-clone">
      <input type="hidden" name="itemId" value={itemId} />
      <label className="sr-only" htmlFor={`clone-${itemId}`}>
        Slug of the copy of {slug}
      </label>
      <input id={`clone-${itemId}`} name="slug" required defaultValue={`${slug}-copy`.slice(0, 80)} size={18} />
      <button type="submit" disabled={pending}>
        Clone
      </button>
      <span aria-live="polite" className="field-error">
        {state.status === "error" && state.message}
      </span>
    </form>
  );
}
