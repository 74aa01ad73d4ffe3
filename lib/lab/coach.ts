// The query coach: after a detection attempt that did not pass, what it got wrong, by kind of line
// ("2,400 of your false positives are mesos-agent lines like “Build: … by …”"), and what to look at
// next. It never names an event id or lists the answer set: only kinds of line and their counts.
// Pure; the server gives it samples of the events (service and message) and the full counts.
import { classifyLine } from "@/lib/labgen/classify";

export type CoachEvent = { service: string; message: string };
/** the events of one kind of mistake: how many there are, and some (or all) of them */
type Sampled = { total: number; sample: readonly CoachEvent[] };
export type CoachInput = {
  /** "rule" for a Sigma detection, "query" for SQL */
  noun: "query" | "rule";
  falsePositives: Sampled;
  missed: Sampled;
  /** the events the detection should select (all of them, or a sample) */
  positives: Sampled;
};

type Group = { service: string; text: string; count: number };
const TOP = 3;
const n = (value: number) => value.toLocaleString("en-US");
const MAX_TEXT = 90;
const quoted = (text: string) => `“${text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text}”`;

function groups(events: readonly CoachEvent[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const e of events) {
    const { text } = classifyLine(e.message);
    const key = `${e.service}\u0000${text}`;
    const g = out.get(key) ?? { service: e.service, text, count: 0 };
    g.count++;
    out.set(key, g);
  }
  return out;
}

/** counts of a sample scaled to the whole, and whether they are estimates */
function scaled({ total, sample }: Sampled): { list: Group[]; exact: boolean; byKey: Map<string, Group> } {
  const byKey = groups(sample);
  const exact = sample.length >= total;
  const factor = sample.length ? total / sample.length : 0;
  const list = [...byKey.values()]
    .map((g) => ({ ...g, count: exact ? g.count : Math.round(g.count * factor) }))
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.text.localeCompare(b.text));
  return { list, exact, byKey };
}

const lines = (g: Group) => `${g.service} line${g.count === 1 ? "" : "s"} like ${quoted(g.text)}`;

/** The coach's sentences for one attempt, most useful first; empty when there is nothing to say. */
export function coachDetection(input: CoachInput): string[] {
  const out: string[] = [];
  const fp = scaled(input.falsePositives);
  const missed = scaled(input.missed);
  const positives = scaled(input.positives);
  const about = (exact: boolean) => (exact ? "" : "about ");

  for (const g of fp.list.slice(0, TOP)) {
    const { total } = input.falsePositives;
    const share = g.count / total >= 0.5 ? ` (${Math.round((g.count / total) * 100)}%)` : "";
    out.push(
      fp.list.length === 1
        ? `All false positives are ${lines(g)}.`
        : `${about(fp.exact)}${n(g.count)} of your ${n(total)} false positives${share} are ${lines(g)}.`,
    );
  }
  if (fp.list.length > TOP) out.push(`The other false positives are of ${n(fp.list.length - TOP)} more kinds of line.`);

  for (const g of missed.list.slice(0, TOP)) {
    const key = `${g.service}\u0000${g.text}`;
    const all = positives.byKey.get(key);
    const wanted = all && positives.exact ? all.count : null;
    if (wanted !== null && missed.exact && wanted === g.count)
      out.push(`You miss every ${g.service} line like ${quoted(g.text)} (${n(g.count)} of ${g.count === 1 ? "it" : "them"}).`);
    else if (wanted !== null && missed.exact) out.push(`You miss ${n(g.count)} of the ${n(wanted)} ${lines({ ...g, count: wanted })} that belong in the set.`);
    else out.push(`You miss ${about(missed.exact)}${n(g.count)} ${lines(g)}.`);
  }
  if (missed.list.length > TOP) out.push(`The other misses are of ${n(missed.list.length - TOP)} more kinds of line.`);

  const { noun } = input;
  if (input.falsePositives.total && input.falsePositives.total >= input.missed.total)
    out.push(
      `Next: open a few of those lines in the log explorer and find what sets them apart from the ones you want (their service, their source file in fields, the start of the message, the host), then make your ${noun} exclude them.`,
    );
  else if (input.missed.total)
    out.push(
      `Next: search the log explorer for text from the lines you miss, see what they have in common, and widen your ${noun} to take them in without taking in their neighbours.`,
    );
  return out;
}
