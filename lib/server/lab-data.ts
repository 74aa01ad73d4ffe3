// Uploaded lab data in PostgreSQL: validated once (lib/content/upload-parse.ts), stored as
// gzip-compressed canonical JSON lines in ~1 MB chunks, identified by the sha256 of those lines.
// The lab engine gets it from here (lib/server/lab/context.ts streams the chunks to it), so every
// app instance and every engine can serve it and no disk holds the only copy.
// Used by scripts/start.ts outside Next as well, so no "server-only" marker.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { parseLogUpload, type ParsedUpload } from "@/lib/content/upload-parse";
import type { UploadFormat } from "@/lib/schemas/upload";

export type StoredData = { id: string; sha256: string; eventCount: number; labels: Record<string, number> };

/** Stores parsed data once per content (a second upload of the same lines is the same row). */
export async function storeLabData(
  db: PrismaClient,
  { parsed, fileName, format, createdById }: { parsed: ParsedUpload; fileName: string; format: UploadFormat; createdById?: string | null },
): Promise<StoredData> {
  const existing = await db.labData.findUnique({ where: { sha256: parsed.sha256 }, select: { id: true } });
  const out = { sha256: parsed.sha256, eventCount: parsed.eventCount, labels: parsed.labels };
  if (existing) return { id: existing.id, ...out };
  const row = await db.$transaction(
    async (tx) => {
      const created = await tx.labData.create({
        data: {
          sha256: parsed.sha256,
          fileName,
          format,
          eventCount: parsed.eventCount,
          bytes: parsed.bytes,
          labels: parsed.labels,
          rangeFrom: parsed.range ? new Date(parsed.range.from) : null,
          rangeTo: parsed.range ? new Date(parsed.range.to) : null,
          createdById: createdById ?? null,
        },
        select: { id: true },
      });
      for (let index = 0; index < parsed.chunks.length; index++) {
        await tx.labDataChunk.create({ data: { dataId: created.id, index, data: Buffer.from(parsed.chunks[index]) } });
      }
      return created;
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
  return { id: row.id, ...out };
}

/** Parses an upload and stores it: a malformed line throws (invalid:upload) before anything is written. */
export async function importLabData(
  db: PrismaClient,
  source: AsyncIterable<Uint8Array | string>,
  meta: { fileName: string; format: UploadFormat; createdById?: string | null },
): Promise<StoredData> {
  const parsed = await parseLogUpload(source, meta.format);
  return await storeLabData(db, { parsed, ...meta });
}

/** The stored chunks in order, one row at a time (a 50 MB upload is never held whole). */
export async function* labDataChunks(db: PrismaClient, dataId: string): AsyncGenerator<Uint8Array> {
  const count = await db.labDataChunk.count({ where: { dataId } });
  for (let index = 0; index < count; index++) {
    const row = await db.labDataChunk.findUnique({ where: { dataId_index: { dataId, index } }, select: { data: true } });
    if (!row) throw new Error(`lab data ${dataId}: chunk ${index} is missing`);
    yield row.data;
  }
}
