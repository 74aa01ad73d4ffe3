// Used by scripts/start.ts outside Next as well, so no "server-only" marker.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import type { Catalog, CatalogItem } from "@/lib/content/catalog";
import { importLabData } from "./lab-data";

/** The uploaded data of a lab file, parsed and stored (see lib/server/lab-data.ts). */
type SyncedData = { id: string; sha256: string };

/** The log files of labs on uploaded data, parsed and stored (once per content: by sha256). */
async function importCatalogData(db: PrismaClient, catalog: Catalog): Promise<Map<string, SyncedData>> {
  const out = new Map<string, SyncedData>();
  for (const [key, item] of catalog.items) {
    if (!item.dataPath) continue;
    const file = path.join(/* turbopackIgnore: true */ catalog.root, item.dataPath);
    const stored = await importLabData(db, fs.createReadStream(file), {
      fileName: path.basename(file),
      format: file.endsWith(".csv") ? "csv" : "jsonl",
    });
    out.set(key, { id: stored.id, sha256: stored.sha256 });
  }
  return out;
}

/**
 * Imports the content files into the database as versions, the same way an archive is imported
 * in /author, except that a file's version is published at once (the repository is reviewed in
 * git). A file is imported again only when its text (or its data) changed since the last import,
 * so what instructors publish, unpublish or archive in /author survives restarts. Items that
 * disappear from the files keep their rows, versions and the learners' history. A track is
 * re-read only when its file changed, so an order edited in /author survives too.
 */
export async function syncCatalog(db: PrismaClient, catalog: Catalog): Promise<{ items: number; tracks: number; imported: string[] }> {
  // a lab on uploaded data is never imported without its data: the file beside it is read every time
  const data = await importCatalogData(db, catalog);
  const imported: string[] = [];
  await db.$transaction(
    async (tx) => {
      const ids = new Map<string, string>();
      for (const [key, file] of catalog.items) {
        const lab = data.get(key);
        const contentHash = lab ? createHash("sha256").update(`${file.contentHash}\n${lab.sha256}`).digest("hex") : file.contentHash;
        const row = await tx.item.upsert({
          where: { kind_slug: { kind: file.kind, slug: file.slug } },
          create: {
            kind: file.kind,
            slug: file.slug,
            title: file.title,
            summary: file.summary,
            gated: file.gated,
            sourcePath: file.sourcePath,
            contentHash: "",
          },
          update: {},
          select: { id: true, contentHash: true, currentVersionId: true, _count: { select: { versions: true } } },
        });
        ids.set(key, row.id);
        if (row.contentHash === contentHash && row._count.versions > 0) continue;
        await importVersion(tx, row.id, file, contentHash, lab?.id ?? null);
        imported.push(key);
      }
      for (const track of catalog.tracks) {
        const existing = await tx.track.findUnique({ where: { slug: track.slug }, select: { id: true, sourceHash: true } });
        if (existing?.sourceHash === track.sourceHash) continue;
        const row = await tx.track.upsert({
          where: { slug: track.slug },
          create: { slug: track.slug, title: track.title, summary: track.summary, sourceHash: track.sourceHash },
          update: { title: track.title, summary: track.summary, sourceHash: track.sourceHash },
          select: { id: true },
        });
        await tx.trackItem.deleteMany({ where: { trackId: row.id } });
        await tx.trackItem.createMany({ data: track.items.map((ref, position) => ({ trackId: row.id, itemId: ids.get(ref)!, position })) });
      }
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  return { items: catalog.items.size, tracks: catalog.tracks.length, imported };
}

async function importVersion(tx: Prisma.TransactionClient, itemId: string, file: CatalogItem, contentHash: string, dataId: string | null) {
  const last = await tx.itemVersion.findFirst({ where: { itemId }, orderBy: { number: "desc" }, select: { number: true } });
  const definition = (file.kind === "lesson" ? { ...(file.data as object), body: file.body } : file.data) as Prisma.InputJsonValue;
  const version = await tx.itemVersion.create({
    data: {
      itemId,
      number: (last?.number ?? 0) + 1,
      state: "published",
      source: file.source,
      definition,
      contentHash,
      dataId,
      origin: "file",
      publishedAt: new Date(),
    },
    select: { id: true },
  });
  await tx.item.update({
    where: { id: itemId },
    data: {
      title: file.title,
      summary: file.summary,
      gated: file.gated,
      sourcePath: file.sourcePath,
      contentHash,
      state: "published",
      currentVersionId: version.id,
    },
  });
}
