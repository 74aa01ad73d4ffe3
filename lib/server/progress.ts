import "server-only";
import { db } from "./db";
import type { ProgressStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";

// Progress rows are written with INSERT ... ON CONFLICT on (userId, itemId):
// a reload or two concurrent requests update the one row instead of racing
// to create two.

/**
 * A learner opened an item: their progress row made or touched and an "opened" event, in one
 * statement (one round trip, atomic). Returns the item's status for them after the visit.
 */
export async function recordItemOpened({ userId, itemId }: { userId: string; itemId: string }): Promise<ProgressStatus> {
  const [row] = await db.$queryRaw<{ status: ProgressStatus }[]>`
    WITH progress AS (
      INSERT INTO "ItemProgress" ("id", "userId", "itemId", "status", "firstActivityAt", "lastActivityAt")
      VALUES (gen_random_uuid(), ${userId}::uuid, ${itemId}::uuid, 'in_progress', now(), now())
      ON CONFLICT ("userId", "itemId") DO UPDATE SET
        "lastActivityAt" = now(),
        "firstActivityAt" = COALESCE("ItemProgress"."firstActivityAt", now()),
        "status" = CASE WHEN "ItemProgress"."status" = 'not_started' THEN 'in_progress'::"ProgressStatus" ELSE "ItemProgress"."status" END
      RETURNING "status"
    ), opened AS (
      INSERT INTO "ActivityEvent" ("userId", "itemId", "type") VALUES (${userId}::uuid, ${itemId}::uuid, 'opened')
    )
    SELECT "status"::text AS status FROM progress`;
  return row.status;
}

/** Returns true when this call completed the item, false when it already was. */
export async function completeItem({ userId, itemId, score = 1 }: { userId: string; itemId: string; score?: number }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const changed = await tx.$executeRaw`
      INSERT INTO "ItemProgress" ("id", "userId", "itemId", "status", "score", "firstActivityAt", "lastActivityAt", "completedAt")
      VALUES (gen_random_uuid(), ${userId}::uuid, ${itemId}::uuid, 'completed', ${score}, now(), now(), now())
      ON CONFLICT ("userId", "itemId") DO UPDATE SET
        "status" = 'completed', "completedAt" = now(), "lastActivityAt" = now(),
        "score" = GREATEST(COALESCE("ItemProgress"."score", 0), EXCLUDED."score")
      WHERE "ItemProgress"."status" <> 'completed'`;
    if (changed === 0) return false;
    await tx.activityEvent.create({ data: { userId, itemId, type: "completed", data: { score } } });
    return true;
  });
}

export type ProgressDto = { status: ProgressStatus; score: number | null; attempts: number; completedAt: Date | null; lastActivityAt: Date | null };

export async function getProgressByItem(userId: string, itemIds: string[]): Promise<Map<string, ProgressDto>> {
  const rows = await db.itemProgress.findMany({
    where: { userId, itemId: { in: itemIds } },
    select: { itemId: true, status: true, score: true, attempts: true, completedAt: true, lastActivityAt: true },
  });
  return new Map(rows.map(({ itemId, ...rest }) => [itemId, rest]));
}

/**
 * Inside a transaction: makes sure the learner's progress row for the item
 * exists and locks it. Graded submissions take this lock before counting
 * recent attempts, so parallel requests cannot slip past a rate limit.
 */
export async function lockProgressRow(tx: Prisma.TransactionClient, { userId, itemId }: { userId: string; itemId: string }): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ItemProgress" ("id", "userId", "itemId", "status", "firstActivityAt", "lastActivityAt")
    VALUES (gen_random_uuid(), ${userId}::uuid, ${itemId}::uuid, 'in_progress', now(), now())
    ON CONFLICT ("userId", "itemId") DO NOTHING`;
  await tx.$queryRaw`SELECT 1 FROM "ItemProgress" WHERE "userId" = ${userId}::uuid AND "itemId" = ${itemId}::uuid FOR UPDATE`;
}
