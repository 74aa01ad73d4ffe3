import "server-only";
import type { ExploreInput, QueryInput } from "@/lib/schemas/lab";
import { AppError } from "../errors";
import { QUERY_LIMITS, isQueryRejected, type ExploreResult, type QueryResult } from "../lab-engine/types";
import { db } from "../db";
import { learnerLab } from "./context";

const QUERIES_PER_MINUTE = 60;

/** Runs a learner's SQL on their own dataset and keeps it in their history. An engine refusal (a
 *  QueryRejected, with its kind and position) is recorded and thrown on to the caller. */
export async function runLabQuery({ userId, slug, input }: { userId: string; slug: string; input: QueryInput }): Promise<QueryResult> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) throw new AppError("not_found:lab", "There is no such lab.");
  const recent = await db.labQuery.count({ where: { userId, itemId: ctx.itemId, createdAt: { gt: new Date(Date.now() - 60_000) } } });
  if (recent >= QUERIES_PER_MINUTE)
    throw new AppError("rate_limit:lab_queries", `At most ${QUERIES_PER_MINUTE} queries a minute. Wait a moment.`, { retryAfterSeconds: 60 });
  const { sql } = input;
  // History keeps what fits in the column comfortably; the engine refuses anything larger anyway.
  // cut at a whole character: half a surrogate pair cannot be stored as text
  const stored = sql.slice(0, QUERY_LIMITS.maxSqlBytes).replace(/[\ud800-\udbff]$/, "");
  try {
    const result = await ctx.dataset.query(sql);
    await db.labQuery.create({
      data: {
        userId,
        itemId: ctx.itemId,
        sql: stored,
        ok: true,
        rowCount: result.rowCount,
        totalCount: result.totalCount,
        elapsedMs: Math.round(result.elapsedMs),
      },
    });
    return result;
  } catch (err) {
    if (isQueryRejected(err))
      await db.labQuery.create({ data: { userId, itemId: ctx.itemId, sql: stored.replace(/\0/g, ""), ok: false, elapsedMs: 0, error: err.message } });
    throw err;
  }
}

/** The log explorer's filtered, paged view (server-built SQL, bound parameters). */
export async function exploreLab({ userId, slug, input }: { userId: string; slug: string; input: ExploreInput }): Promise<ExploreResult> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) throw new AppError("not_found:lab", "There is no such lab.");
  const { filters, offset, limit, facets, histogram } = input;
  return ctx.dataset.explore(filters, { offset, limit }, { facets, histogram });
}

export async function recordLabTime({ userId, slug }: { userId: string; slug: string }): Promise<boolean> {
  const item = await db.item.findUnique({ where: { kind_slug: { kind: "lab", slug } }, select: { id: true } });
  if (!item) return false;
  // At most a minute per heartbeat (they come every 30 s while the tab is visible).
  await db.$executeRaw`
    UPDATE "ItemProgress" SET
      "timeSpentSeconds" = "timeSpentSeconds" + LEAST(60, GREATEST(0, EXTRACT(EPOCH FROM (now() - COALESCE("lastActivityAt", now())))))::int,
      "lastActivityAt" = now()
    WHERE "userId" = ${userId}::uuid AND "itemId" = ${item.id}::uuid`;
  return true;
}
