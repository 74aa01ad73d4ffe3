// Rendering a template: the generator never writes message text of its own; it names a template of
// the provenance table and fills its holes, so what the table cites is what the logs say.
import type { Level } from "../types";
import type { PerVersion, Template } from "./types";

export type Holes = Readonly<Record<string, string | number>>;

const HOLE = /\{\{([A-Za-z][A-Za-z0-9_]*)\}\}/g;
/** text -> [literal, hole, literal, hole, ..., literal] */
const compiled = new Map<string, string[]>();

function parts(text: string): string[] {
  let p = compiled.get(text);
  if (!p) {
    p = text.split(HOLE);
    compiled.set(text, p);
  }
  return p;
}

function pick<T>(v: T | PerVersion<T>, version: string, id: string, what: string): T {
  if (typeof v !== "object" || v === null) return v as T;
  const x = (v as PerVersion<T>)[version];
  if (x === undefined) throw new Error(`labgen: template ${id} has no ${what} for version ${version}`);
  return x;
}

function textOf(t: Template, id: string, version: string): string {
  return pick(t.text, version, id, "text");
}

function lineOf(t: Template, id: string, version: string): number {
  if (t.line === undefined) throw new Error(`labgen: template ${id} prints no line number`);
  return pick(t.line, version, id, "line");
}

function fileOf(t: Template, id: string, version: string): string {
  if (t.file === undefined) throw new Error(`labgen: template ${id} prints no source file`);
  return pick(t.file, version, id, "file");
}

/** fills every hole; a missing hole is a programming error and throws */
export function fill(text: string, holes: Holes | undefined, id: string): string {
  const p = parts(text);
  if (p.length === 1) return text;
  const out = new Array<string>(p.length);
  for (let i = 0; i < p.length; i++) {
    if (i % 2 === 0) {
      out[i] = p[i];
      continue;
    }
    const v = holes?.[p[i]];
    if (v === undefined) throw new Error(`labgen: template ${id} needs {{${p[i]}}}`);
    out[i] = typeof v === "number" ? String(v) : v;
  }
  return out.join("");
}

/** one template as a given version prints it; resolved once per (id, version) */
export interface Resolved {
  id: string;
  text: string;
  extra: string | undefined;
  level: Level;
  file: string | undefined;
  line: number | undefined;
  lineStr: string | undefined;
}

const resolvedCache = new Map<string, Resolved>();

export function resolveTemplate(t: Template, id: string, version: string): Resolved {
  const key = id + "\u0000" + version;
  let r = resolvedCache.get(key);
  if (!r) {
    const line = t.line !== undefined ? lineOf(t, id, version) : undefined;
    r = {
      id,
      text: textOf(t, id, version),
      extra: t.extra === undefined ? undefined : pick(t.extra, version, id, "extra"),
      level: t.level,
      file: t.file !== undefined ? fileOf(t, id, version) : undefined,
      line,
      lineStr: line === undefined ? undefined : String(line),
    };
    resolvedCache.set(key, r);
  }
  return r;
}
