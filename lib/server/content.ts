import "server-only";
import { loadCatalog, itemKey, type Catalog, type CatalogItem, type LessonItem } from "@/lib/content/catalog";
import { contentValidators } from "@/lib/content/validators";
import type { ItemKind } from "@/lib/schemas/content";

// Content files change only with a deploy, so one validated copy per process.
let cached: Catalog | undefined;

export function getCatalog(): Catalog {
  cached ??= loadCatalog(undefined, contentValidators);
  return cached;
}

export function getItem(kind: ItemKind, slug: string): CatalogItem | undefined {
  return getCatalog().items.get(itemKey(kind, slug));
}

export function getLesson(slug: string): LessonItem | undefined {
  return getItem("lesson", slug) as LessonItem | undefined;
}

export function getTrackFile(slug: string) {
  return getCatalog().tracks.find((t) => t.slug === slug);
}

export function listTrackFiles() {
  return getCatalog().tracks;
}
