// Used by scripts/start.ts outside Next as well, so no "server-only" marker.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Catalog } from "@/lib/content/catalog";

/**
 * Mirrors the content files into the database so progress rows have stable
 * foreign keys. Items that disappear from the files keep their rows (and the
 * learners' history); tracks list exactly what their file lists.
 */
export async function syncCatalog(db: PrismaClient, catalog: Catalog): Promise<{ items: number; tracks: number }> {
  await db.$transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const [key, item] of catalog.items) {
      const fields = { title: item.title, summary: item.summary, gated: item.gated, sourcePath: item.sourcePath, contentHash: item.contentHash };
      const row = await tx.item.upsert({
        where: { kind_slug: { kind: item.kind, slug: item.slug } },
        create: { kind: item.kind, slug: item.slug, ...fields },
        update: fields,
        select: { id: true },
      });
      ids.set(key, row.id);
    }
    for (const track of catalog.tracks) {
      const row = await tx.track.upsert({
        where: { slug: track.slug },
        create: { slug: track.slug, title: track.title, summary: track.summary },
        update: { title: track.title, summary: track.summary },
        select: { id: true },
      });
      await tx.trackItem.deleteMany({ where: { trackId: row.id } });
      await tx.trackItem.createMany({
        data: track.items.map((ref, position) => ({ trackId: row.id, itemId: ids.get(ref)!, position })),
      });
    }
  });
  return { items: catalog.items.size, tracks: catalog.tracks.length };
}
