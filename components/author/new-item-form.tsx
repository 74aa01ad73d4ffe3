"use client";
import { useActionState } from "react";
import { createItemAction } from "@/app/(author)/author/actions";

type State = { status: "idle" } | { status: "error"; message: string; fieldErrors?: Record<string, string[] | undefined> };

/** "New lab" / "New quiz": a slug and a title, then the editor opens on a starter draft. */
export function NewItemForm({ kind }: { kind: "quiz" | "lab" }) {
  const [state, submit, pending] = useActionState<State, FormData>(
    async (prev, form) => ((await createItemAction(prev, form)) ?? { status: "idle" }) as State,
    {
      status: "idle",
    },
  );
  const label = kind === "lab" ? "New lab" : "New quiz";
  const err = state.status === "error" ? state : null;
  return (
    <form action={submit} className="card author-new" aria-label={label}>
      <input type="hidden" name="kind" value={kind} />
      <label>
        Slug <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" placeholder={`my-${kind}`} aria-invalid={Boolean(err?.fieldErrors?.slug)} />
      </label>
      <label>
        Title <input name="title" required minLength={3} maxLength={120} />
      </label>
      <button type="submit" disabled={pending}>
        {label}
      </button>
      <span aria-live="polite" className="field-error">
        {err && [err.message, ...Object.values(err.fieldErrors ?? {}).flat()].filter(Boolean).join(" ")}
      </span>
    </form>
  );
}
