"use client";
import { useActionState, useState } from "react";
import { saveTrackAction } from "@/app/(author)/author/actions";

type Entry = { id: string; kind: string; slug: string; title: string; state: string };
type State = { status: "idle" } | { status: "ok"; message: string } | { status: "error"; message: string };

/** Order a track's items, add a lab or quiz to it, remove one; saved as one list. */
export function TrackEditorForm({ track }: { track: { slug: string; items: Entry[]; available: Entry[] } }) {
  const [items, setItems] = useState(track.items);
  const [available, setAvailable] = useState(track.available);
  const [state, submit, pending] = useActionState<State, FormData>(async (prev, form) => (await saveTrackAction(prev, form)) as State, { status: "idle" });
  const move = (i: number, d: number) =>
    setItems((list) => {
      const next = [...list];
      const [x] = next.splice(i, 1);
      next.splice(Math.max(0, Math.min(next.length, i + d)), 0, x);
      return next;
    });
  return (
    <form action={submit} className="stack">
      <input type="hidden" name="slug" value={track.slug} />
      <input type="hidden" name="items" value={items.map((i) => i.id).join(",")} />
      <ol className="track-edit" aria-label="Items in order">
        {items.map((it, i) => (
          <li key={it.id} className="card">
            <span className="kind">{it.kind}</span> {it.title} <span className="muted">({it.state.replace("_", " ")})</span>{" "}
            <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move ${it.title} up`}>
              ↑
            </button>
            <button type="button" onClick={() => move(i, 1)} disabled={i === items.length - 1} aria-label={`Move ${it.title} down`}>
              ↓
            </button>
            <button
              type="button"
              onClick={() => {
                setItems((l) => l.filter((x) => x.id !== it.id));
                setAvailable((a) => [...a, it]);
              }}
              aria-label={`Remove ${it.title}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      {available.length > 0 && (
        <label>
          Add to the track{" "}
          <select
            value=""
            onChange={(e) => {
              const it = available.find((a) => a.id === e.target.value);
              if (!it) return;
              setItems((l) => [...l, it]);
              setAvailable((a) => a.filter((x) => x.id !== it.id));
            }}
          >
            <option value="">Choose a quiz or lab…</option>
            {available.map((a) => (
              <option key={a.id} value={a.id}>
                {a.kind}: {a.title} ({a.state.replace("_", " ")})
              </option>
            ))}
          </select>
        </label>
      )}
      <p>
        <button type="submit" disabled={pending}>
          Save order
        </button>{" "}
        <span aria-live="polite" className={state.status === "error" ? "field-error" : "status"}>
          {state.status !== "idle" && state.message}
        </span>
      </p>
    </form>
  );
}
