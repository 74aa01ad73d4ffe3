import "server-only";
import { GENERATOR_VERSION } from "@/lib/labgen";
import { db } from "../db";

/** Shown in the workspace when the learner started this lab on data of an older generator. */
export type DataNotice = { previousVersion: string; version: string; changedAt: string };

/**
 * Records which generator version the learner's data comes from, and moves them to the current one.
 * Policy when the generator changes (its lines were made to match upstream, say): tasks already
 * solved stay solved (their attempts and points are kept, never re-graded); open tasks are graded
 * against the current data, which is what the workspace shows; hints stay unlocked; the query
 * history stays, with a notice that it ran against the previous data. A learner with no row but
 * earlier activity was backfilled by the migration that created the table (version "1").
 */
export async function syncLabVariant(userId: string, itemId: string): Promise<DataNotice | null> {
  const row = await db.labVariant.findUnique({ where: { userId_itemId: { userId, itemId } } });
  if (!row) {
    await db.labVariant.createMany({ data: [{ userId, itemId, version: GENERATOR_VERSION }], skipDuplicates: true });
    return null;
  }
  if (row.version !== GENERATOR_VERSION) {
    const changedAt = new Date();
    // conditional on the version read, so two tabs opening at once record the move once
    await db.labVariant.updateMany({
      where: { userId, itemId, version: row.version },
      data: { version: GENERATOR_VERSION, previousVersion: row.version, changedAt },
    });
    return { previousVersion: row.version, version: GENERATOR_VERSION, changedAt: changedAt.toISOString() };
  }
  if (row.previousVersion && row.changedAt) return { previousVersion: row.previousVersion, version: row.version, changedAt: row.changedAt.toISOString() };
  return null;
}
