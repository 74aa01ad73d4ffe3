import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { itemMetaSchema, lessonFrontMatterSchema, trackSchema, type ItemKind, type LessonFrontMatter, type TrackFile } from "@/lib/schemas/content";
import { ContentError, describeIssues, parseYamlOrThrow, splitFrontMatter } from "./front-matter";

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
};
export type LessonItem = CatalogItem & { kind: "lesson"; data: LessonFrontMatter; body: string };
export type Catalog = { root: string; tracks: TrackFile[]; items: Map<string, CatalogItem> };

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

function validate<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ContentError(file, describeIssues(parsed.error.issues));
  return parsed.data;
}

function readItem(root: string, kind: ItemKind, rel: string, validators: ItemValidators): CatalogItem {
  const text = fs.readFileSync(path.join(/* turbopackIgnore: true */ root, rel), "utf8");
  const contentHash = createHash("sha256").update(text).digest("hex");
  const file = path.join(path.basename(root), rel);
  if (kind === "lesson") {
    const { data, body } = splitFrontMatter(text, file);
    const meta = validate(lessonFrontMatterSchema, data, file);
    if (body.trim().length < 200) throw new ContentError(file, "the lesson body is missing or too short");
    return { ...meta, gated: false, sourcePath: rel, contentHash, data: meta, body };
  }
  const raw = parseYamlOrThrow(text, file);
  const meta = validate(itemMetaSchema, raw, file);
  if (meta.kind !== kind) throw new ContentError(file, `kind is "${meta.kind}" but the file is in the ${kind} folder`);
  const data = validators[kind] ? validate(validators[kind]!, raw, file) : raw;
  return { kind, slug: meta.slug, title: meta.title, summary: meta.summary, gated: true, sourcePath: rel, contentHash, data };
}

/** Full schemas per kind beyond the shared metadata (quiz and lab files). */
export type ItemValidators = Partial<Record<ItemKind, z.ZodType<unknown>>>;

/**
 * Reads and validates every content file. Any problem throws a ContentError
 * naming the file, so a malformed file stops the build or the start.
 */
export function loadCatalog(root = defaultContentRoot(), validators: ItemValidators = {}): Catalog {
  const items = new Map<string, CatalogItem>();
  for (const { kind, dir, ext } of FOLDERS) {
    const folder = path.join(/* turbopackIgnore: true */ root, dir);
    if (!fs.existsSync(folder)) continue;
    for (const name of fs
      .readdirSync(folder)
      .filter((n) => ext.test(n))
      .sort()) {
      const item = readItem(root, kind, path.join(dir, name), validators);
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
  const tracks: TrackFile[] = [];
  const trackDir = path.join(/* turbopackIgnore: true */ root, "tracks");
  for (const name of fs.existsSync(trackDir)
    ? fs
        .readdirSync(trackDir)
        .filter((n) => /\.ya?ml$/.test(n))
        .sort()
    : []) {
    const file = path.join(path.basename(root), "tracks", name);
    const track = validate(trackSchema, parseYamlOrThrow(fs.readFileSync(path.join(/* turbopackIgnore: true */ trackDir, name), "utf8"), file), file);
    const missing = track.items.filter((ref) => !items.has(ref));
    if (missing.length) throw new ContentError(file, `items not found: ${missing.join(", ")}`);
    if (new Set(track.items).size !== track.items.length) throw new ContentError(file, "an item is listed twice");
    tracks.push(track);
  }
  return { root, tracks, items };
}
