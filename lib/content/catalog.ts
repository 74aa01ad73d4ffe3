import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { trackSchema, type ItemKind, type LessonFrontMatter, type TrackFile } from "@/lib/schemas/content";
import type { Lab } from "@/lib/schemas/lab";
import { describeProblems, parseDefinition, type LessonDefinition } from "./definition";
import { ContentError, describeIssues, parseYamlOrThrow } from "./front-matter";

export type CatalogItem = {
  kind: ItemKind;
  slug: string;
  title: string;
  summary: string;
  gated: boolean;
  /** Path relative to the content root, e.g. "lessons/kubernetes-vs-mesos.md". */
  sourcePath: string;
  contentHash: string;
  /** The validated file: front matter + body for lessons, the whole document otherwise. */
  data: unknown;
  body?: string;
  /** the file's text, as an author would edit it */
  source: string;
  /** a lab's uploaded log file, relative to the content root */
  dataPath?: string;
};
export type LessonItem = CatalogItem & { kind: "lesson"; data: LessonFrontMatter; body: string };
export type CatalogTrack = TrackFile & { sourceHash: string };
export type Catalog = { root: string; tracks: CatalogTrack[]; items: Map<string, CatalogItem> };

export const itemKey = (kind: ItemKind, slug: string) => `${kind}/${slug}`;

/** Where each kind lives under the content root, and how its files are named. */
const FOLDERS: { kind: ItemKind; dir: string; ext: RegExp }[] = [
  { kind: "lesson", dir: "lessons", ext: /\.md$/ },
  { kind: "quiz", dir: "quizzes", ext: /\.ya?ml$/ },
  { kind: "lab", dir: "labs", ext: /\.ya?ml$/ },
];

export function defaultContentRoot(): string {
  return process.env.CONTENT_DIR ?? path.join(process.cwd(), "labs");
}

function readItem(root: string, kind: ItemKind, rel: string): CatalogItem {
  const text = fs.readFileSync(path.join(/* turbopackIgnore: true */ root, rel), "utf8");
  const contentHash = createHash("sha256").update(text).digest("hex");
  const file = path.join(path.basename(root), rel);
  const parsed = parseDefinition(kind, text);
  if (!parsed.ok) throw new ContentError(file, describeProblems(parsed.problems));
  const def = parsed.definition;
  const item = { kind, slug: def.slug, title: def.title, summary: def.summary, gated: kind !== "lesson", sourcePath: rel, contentHash, source: text };
  if (kind === "lesson") {
    const { body, ...meta } = def as LessonDefinition;
    return { ...item, data: meta, body };
  }
  const dataset = kind === "lab" ? (def as Lab).dataset : undefined;
  if (dataset && "upload" in dataset) {
    const dataPath = path.join(path.dirname(rel), dataset.upload);
    if (!dataset.upload.startsWith(`${def.slug}.`)) throw new ContentError(file, `dataset.upload must be named after the lab: "${def.slug}.logs.jsonl"`);
    if (!fs.existsSync(path.join(/* turbopackIgnore: true */ root, dataPath))) throw new ContentError(file, `dataset.upload: ${dataPath} not found`);
    return { ...item, data: def, dataPath };
  }
  return { ...item, data: def };
}

/**
 * Reads and validates every content file. Any problem throws a ContentError
 * naming the file, so a malformed file stops the build or the start.
 */
export function loadCatalog(root = defaultContentRoot()): Catalog {
  const items = new Map<string, CatalogItem>();
  for (const { kind, dir, ext } of FOLDERS) {
    const folder = path.join(/* turbopackIgnore: true */ root, dir);
    if (!fs.existsSync(folder)) continue;
    for (const name of fs
      .readdirSync(folder)
      .filter((n) => ext.test(n))
      .sort()) {
      const item = readItem(root, kind, path.join(dir, name));
      const expected = name.replace(ext, "");
      if (item.slug !== expected) throw new ContentError(`${path.basename(root)}/${dir}/${name}`, `slug "${item.slug}" must match the file name "${expected}"`);
      items.set(itemKey(kind, item.slug), item);
    }
  }
  // a quiz names the lesson it checks (its page links there): that lesson must exist
  for (const item of items.values()) {
    const lesson = item.kind === "quiz" ? (item.data as { lesson?: unknown }).lesson : undefined;
    if (typeof lesson === "string" && !items.has(itemKey("lesson", lesson))) throw new ContentError(item.sourcePath, `lesson "${lesson}" not found`);
  }
  const tracks: CatalogTrack[] = [];
  const trackDir = path.join(/* turbopackIgnore: true */ root, "tracks");
  for (const name of fs.existsSync(trackDir)
    ? fs
        .readdirSync(trackDir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort()
    : []) {
    const file = path.join(path.basename(root), "tracks", name);
    const text = fs.readFileSync(path.join(/* turbopackIgnore: true */ trackDir, name), "utf8");
    const parsedTrack = trackSchema.safeParse(parseYamlOrThrow(text, file));
    if (!parsedTrack.success) throw new ContentError(file, describeIssues(parsedTrack.error.issues));
    const track = { ...parsedTrack.data, sourceHash: createHash("sha256").update(text).digest("hex") };
    const missing = track.items.filter((ref) => !items.has(ref));
    if (missing.length) throw new ContentError(file, `items not found: ${missing.join(", ")}`);
    if (new Set(track.items).size !== track.items.length) throw new ContentError(file, "an item is listed twice");
    tracks.push(track);
  }
  return { root, tracks, items };
}
