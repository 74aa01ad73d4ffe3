// Which kind of line an event is: the provenance template its message was written from, found from
// the text alone, so lines of an uploaded lab made by the generator are recognised too. Used to tell
// a learner what their detection gets wrong by kind of line ("lines like “Build: … by …”") without
// naming an event. Pure; the patterns are built once, on first use.
import { TEMPLATES, type TemplateId } from "./provenance";

/** A kind of line: the template's id, and its text with every hole shown as "…". */
export type LineClass = { id: string; text: string };

type Pattern = { id: TemplateId; re: RegExp; literal: number; text: string };
let patterns: Pattern[] | undefined;

const HOLE = /\{\{[A-Za-z][A-Za-z0-9_]*\}\}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function build(): Pattern[] {
  const out: Pattern[] = [];
  for (const [id, t] of Object.entries(TEMPLATES) as [TemplateId, (typeof TEMPLATES)[TemplateId]][]) {
    const texts = typeof t.text === "string" ? [t.text] : [...new Set(Object.values(t.text))];
    for (const text of texts) {
      const literals = text.split(HOLE);
      // a hole matches anything on the line (lazily); a message is one line of the template's text
      const re = new RegExp(`^${literals.map(escape).join("([\\s\\S]*?)")}$`);
      out.push({ id, re, literal: literals.join("").length, text: text.replace(HOLE, "…") });
    }
  }
  // the most specific template wins: with more literal text, fewer lines match it by chance
  return out.sort((a, b) => b.literal - a.literal);
}

/** A message's class: its template when one matches, else its shape (numbers, addresses and ids as "…"). */
export function classifyLine(message: string): LineClass {
  patterns ??= build();
  const first = message.split("\n", 1)[0];
  // a multi-line message (a stack trace after its line) may match as a whole or by its first line
  const multiline = first.length < message.length;
  for (const p of patterns) if (p.re.test(first) || (multiline && p.re.test(message))) return { id: p.id, text: p.text };
  const shape = shapeOf(first);
  return { id: `shape:${shape}`, text: shape };
}

/** Variable parts of a line folded away: what stays is what a person would call "the same line". */
export function shapeOf(line: string): string {
  const folded = line
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-[A-Za-z0-9-]+)?\b/gi, "…")
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, "…")
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, "…")
    .replace(/[-+]?\d+([.:,]\d+)*/g, "…")
    .replace(/(…[\s,;:/]*){2,}/g, "… ")
    .trim();
  const words = folded.split(/\s+/);
  return words.length > 12 ? `${words.slice(0, 12).join(" ")} …` : folded;
}
