import "server-only";
import type { DefinitionOf } from "@/lib/content/definition";
import type { ItemKind } from "@/lib/schemas/content";
import type { ContentState } from "@/lib/generated/prisma/enums";
import { rememberBounded } from "@/lib/bounded-map";
import { db } from "./db";

/**
 * Content lives in the database as versions (lib/server/content-sync.ts imports labs/ into it at
 * start; /author adds drafts and publishes them). A learner who has started a quiz or lab keeps the
 * version they started on; anyone else gets the item's newest published version.
 */
export type ContentVersion<K extends ItemKind = ItemKind> = {
  id: string;
  itemId: string;
  number: number;
  state: ContentState;
  kind: K;
  slug: string;
  definition: DefinitionOf[K];
  /** uploaded lab data: its row and content hash */
  data: { id: string; sha256: string } | null;
};

// Published versions never change: one parsed copy per process (on globalThis, shared by every
// route bundle), bounded.
const shared = globalThis as unknown as { watchfloorVersions?: Map<string, ContentVersion> };
const cache = (shared.watchfloorVersions ??= new Map());
const MAX_CACHED = 500;

const versionSelect = {
  id: true,
  itemId: true,
  number: true,
  state: true,
  definition: true,
  item: { select: { kind: true, slug: true } },
  data: { select: { id: true, sha256: true } },
} as const;

type VersionRow = {
  id: string;
  itemId: string;
  number: number;
  state: ContentState;
  definition: unknown;
  item: { kind: ItemKind; slug: string };
  data: { id: string; sha256: string } | null;
};

function toVersion(row: VersionRow): ContentVersion {
  return {
    id: row.id,
    itemId: row.itemId,
    number: row.number,
    state: row.state,
    kind: row.item.kind,
    slug: row.item.slug,
    definition: row.definition as DefinitionOf[ItemKind],
    data: row.data,
  };
}

/** Any version by id; immutable ones come from the process cache. */
export async function versionById(id: string): Promise<ContentVersion | null> {
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await db.itemVersion.findUnique({ where: { id }, select: versionSelect });
  if (!row) return null;
  const version = toVersion(row);
  if (version.state === "published" || version.state === "archived") {
    rememberBounded(cache, id, version, MAX_CACHED);
  }
  return version;
}

/** The version new learners get: the newest published one of a published item. */
export async function currentVersion<K extends ItemKind>(kind: K, slug: string): Promise<ContentVersion<K> | null> {
  const [item] = await db.$queryRaw<{ state: ContentState; currentVersionId: string | null }[]>`
    SELECT "state"::text AS "state", "currentVersionId" FROM "Item" WHERE "kind" = ${kind}::"ItemKind" AND "slug" = ${slug}`;
  if (!item || item.state !== "published" || !item.currentVersionId) return null;
  return (await versionById(item.currentVersionId)) as ContentVersion<K> | null;
}

/**
 * The version this learner works on: the one they started, even if a newer one was published since
 * or the item was unpublished or archived (they finish what they began); otherwise the current one,
 * which `enroll` records as theirs.
 */
export async function learnerVersion<K extends "quiz" | "lab">(
  userId: string,
  kind: K,
  slug: string,
  opts: { enroll: boolean },
): Promise<ContentVersion<K> | null> {
  // on every lab request: one statement, not an ORM query and its relation's second one
  const [item] = await db.$queryRaw<{ id: string; state: ContentState; currentVersionId: string | null; pinned: string | null }[]>`
    SELECT i."id", i."state"::text AS "state", i."currentVersionId", e."versionId" AS "pinned"
    FROM "Item" i LEFT JOIN "ItemEnrollment" e ON e."itemId" = i."id" AND e."userId" = ${userId}::uuid
    WHERE i."kind" = ${kind}::"ItemKind" AND i."slug" = ${slug}`;
  if (!item) return null;
  const pinned = item.pinned;
  if (pinned) return (await versionById(pinned)) as ContentVersion<K> | null;
  if (item.state !== "published" || !item.currentVersionId) return null;
  if (opts.enroll) {
    await db.itemEnrollment.createMany({ data: [{ userId, itemId: item.id, versionId: item.currentVersionId }], skipDuplicates: true });
    // a parallel request may have enrolled them on another version first: theirs wins
    const row = await db.itemEnrollment.findUnique({ where: { userId_itemId: { userId, itemId: item.id } }, select: { versionId: true } });
    if (row) return (await versionById(row.versionId)) as ContentVersion<K> | null;
  }
  return (await versionById(item.currentVersionId)) as ContentVersion<K> | null;
}
