"use client";
import { useEffect, useRef, useState } from "react";
import type { EventContext, LogRow } from "@/lib/lab/types";
import { describeFailure, postLab } from "./api";
import { formatTs, messageFilterText, type DetailField } from "./filters";
import { RowDetail, type DetailItem } from "./row-detail";
import styles from "./lab.module.css";
import own from "./event-detail.module.css";

export const CONTEXT_EVENTS = 5;

export type FilterMode = "for" | "exclude";
type Props = {
  slug: string;
  /** the event to show; null keeps the dialog closed */
  eventId: number | null;
  onOpen: (id: number) => void;
  onClose: () => void;
  onFilter: (field: DetailField, value: string, mode: FilterMode) => void;
  /** false once "Exclude this" on messages has reached its limit */
  canExcludeText: boolean;
};
type Loaded = { id: number; context?: EventContext; error?: string };

/**
 * One explorer event in full (a modal dialog: Escape or Close returns to the table): every column
 * and field, buttons that filter the explorer for or against its host, service, level and message,
 * and its context, the events just before and after it on the same host.
 */
export function EventDetail({ slug, eventId, onOpen, onClose, onFilter, canExcludeText }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, setLoaded] = useState<Loaded>();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (eventId !== null && !el.open) el.showModal();
    if (eventId === null && el.open) el.close();
  }, [eventId]);

  useEffect(() => {
    if (eventId === null) return;
    const controller = new AbortController();
    postLab<EventContext>(slug, "events", { id: eventId, before: CONTEXT_EVENTS, after: CONTEXT_EVENTS }, controller.signal)
      .then((res) => setLoaded(res.ok ? { id: eventId, context: res.data } : { id: eventId, error: describeFailure(res.error) }))
      .catch(() => undefined); // aborted: another event was opened
    return () => controller.abort();
  }, [slug, eventId]);

  const shown = loaded && loaded.id === eventId ? loaded : undefined;
  const event = shown?.context?.event;

  const actions = (field: DetailField, value: string) => {
    const text = field === "message" ? messageFilterText(value) : value;
    const what = field === "message" ? `message text "${text.length > 60 ? `${text.slice(0, 60)}…` : text}"` : `${field} ${value}`;
    const usable = text !== "" && (field === "message" || value.length <= 200);
    return (
      <span className={own.valueActions}>
        <button type="button" className="secondary" aria-label={`Filter for ${what}`} disabled={!usable} onClick={() => onFilter(field, value, "for")}>
          Filter for this
        </button>
        <button
          type="button"
          className="secondary"
          aria-label={`Exclude ${what}`}
          disabled={!usable || (field === "message" && !canExcludeText)}
          title={field === "message" && !canExcludeText ? "At most 10 message texts can be excluded at once." : undefined}
          onClick={() => onFilter(field, value, "exclude")}
        >
          Exclude this
        </button>
      </span>
    );
  };

  const items: DetailItem[] = event
    ? [
        { name: "id", value: event.id },
        { name: "ts", value: formatTs(event.ts) },
        { name: "host", value: event.host, actions: actions("host", event.host) },
        { name: "service", value: event.service, actions: actions("service", event.service) },
        { name: "level", value: event.level, actions: actions("level", event.level) },
        { name: "message", value: event.message, actions: actions("message", event.message) },
        { name: "raw", value: event.raw },
        // named as a query reads them
        ...Object.entries(event.fields).map(([key, value]) => ({ name: `fields['${key}']`, value })),
      ]
    : [];

  return (
    <dialog ref={dialog} className={own.dialog} aria-labelledby="lab-event-title" onClose={onClose}>
      <header className={styles.rowDetailHead}>
        <h3 id="lab-event-title">{eventId === null ? "Event" : `Event ${eventId}`}</h3>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </header>
      <div aria-live="polite" aria-busy={!shown}>
        {!shown && <p className="hint">Loading the event…</p>}
        {shown?.error && (
          <p className="form-error" role="alert">
            {shown.error}
          </p>
        )}
      </div>
      {event && shown.context && (
        <>
          <div className={`${styles.rowDetail} ${own.details}`}>
            <RowDetail items={items} />
          </div>
          <EventNeighbours context={shown.context} onOpen={onOpen} />
        </>
      )}
    </dialog>
  );
}

function EventNeighbours({ context, onOpen }: { context: EventContext; onOpen: (id: number) => void }) {
  const { event, before, after } = context;
  const rows: (LogRow & { self?: boolean })[] = [...before, { ...event, self: true }, ...after];
  return (
    <section aria-labelledby="lab-event-context" className={own.context}>
      <h4 id="lab-event-context">Context</h4>
      <p className="hint">
        Up to {CONTEXT_EVENTS} events before and after this one on {event.host}, in time order (whatever the explorer&apos;s filters).
      </p>
      <table className={styles.resultTable} aria-label={`Events around event ${event.id} on ${event.host}`}>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Open</span>
            </th>
            <th scope="col">ts</th>
            <th scope="col">service</th>
            <th scope="col">level</th>
            <th scope="col">message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.self ? own.self : undefined} aria-current={row.self ? "true" : undefined}>
              <td>
                {row.self ? (
                  <span className={own.selfMark}>This event</span>
                ) : (
                  <button type="button" className={styles.rowButton} aria-label={`Open event ${row.id}`} onClick={() => onOpen(row.id)}>
                    Open
                  </button>
                )}
              </td>
              <td>{formatTs(row.ts)}</td>
              <td>{row.service}</td>
              <td className={styles[`level${row.level}`]}>{row.level}</td>
              <td title={row.message.length > 40 ? row.message.slice(0, 500) : undefined}>{row.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
