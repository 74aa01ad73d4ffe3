// Collects events in generation order; generate.ts sorts them by instant afterwards. Instants are
// kept in a parallel number array (µs) so sorting never touches the event objects' strings.
import type { Host } from "./hosts";
import type { Level, LogEvent } from "./types";
import { isoMs } from "./time";

export class Sink {
  readonly events: LogEvent[] = [];
  readonly t: number[] = [];
  /** indices (generation order) of Mesos control-plane events — labelled where they are emitted */
  readonly cp: number[] = [];
  /** template id (provenance table) of every event, in generation order */
  readonly tpl: string[] = [];
  /** ground-truth label of events (generation index -> label), set while `labelling` is */
  readonly labels = new Map<number, string>();
  /** the label every event added from now on carries (an incident's emitter sets it) */
  labelling: string | null = null;
  constructor(
    readonly W: number,
    readonly E: number,
  ) {}

  /** `tail`: the formatter guarantees raw ends with message (all but the wrapping formats) */
  add(
    tpl: string,
    t: number,
    h: Host,
    service: string,
    level: Level,
    message: string,
    raw: string,
    fields: Record<string, string>,
    cp = false,
    tail = true,
  ): void {
    // events outside the window are dropped here so every generator may be a little sloppy at the edges
    t = Math.round(t);
    if (t < this.W || t >= this.E) return;
    // formatters build raw with Array#join, so it is already one flat string; when the message is
    // its tail we keep a slice of raw instead of the message's own copy/cons tree (less to retain)
    if (tail && message.length > 12) message = raw.slice(raw.length - message.length);
    if (cp) this.cp.push(this.events.length);
    if (this.labelling !== null) this.labels.set(this.events.length, this.labelling);
    // ts is formatted here, while the event is still young: setting it in a later pass would write
    // into old-generation objects (write barriers) and roughly double the finalize cost
    this.events.push({ id: 0, ts: isoMs(t), host: h.name, service, level, message, raw, fields });
    this.t.push(t);
    this.tpl.push(tpl);
  }

  get size(): number {
    return this.events.length;
  }
}
