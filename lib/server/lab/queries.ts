import "server-only";
import type { EventContextInput, ExploreInput, QueryInput } from "@/lib/schemas/lab";
import { AppError } from "../errors";
import { QUERY_LIMITS, isQueryRejected, type EventContext, type ExploreResult, type QueryResult } from "../lab-engine/types";
import { db } from "../db";
import { take } from "../limits";
import { learnerLab } from "./context";

const QUERIES_PER_MINUTE = 60;

/** A query as the history keeps it: what fits in the column comfortably (the engine refuses anything
 *  larger anyway), cut at a whole character (half a surrogate pair cannot be stored), without NULs. */
export const historySql = (sql: string) =>
  sql
    .slice(0, QUERY_LIMITS.maxSqlBytes)
    .replace(/[\ud800-\udbff]$/, "")
    .replace(/\0/g, "");

/** A later page or an export of a result: no new history entry, an activity event instead (it counts toward the limit like a query). */
export type ResultFetch = "lab_query_page" | "lab_query_export";

/**
 * Queries run, pages fetched and exports together: at most QUERIES_PER_MINUTE per learner and lab
 * in a minute, taken atomically in PostgreSQL before the engine is asked (parallel requests
 * cannot slip past it, whichever app instance they reach).
 */
export async function checkQueryRate(userId: string, itemId: string): Promise<void> {
  const taken = await take([{ key: `lab-queries:${userId}:${itemId}`, limit: QUERIES_PER_MINUTE, windowSeconds: 60 }]);
  if (!taken.ok)
    throw new AppError("rate_limit:lab_queries", `At most ${QUERIES_PER_MINUTE} queries a minute. Wait ${taken.retryAfterSeconds} s.`, {
      retryAfterSeconds: taken.retryAfterSeconds,
    });
}

export async function recordResultFetch(
  userId: string,
  itemId: string,
  type: ResultFetch,
  data: { ok: boolean; offset?: number; format?: string; rows?: number },
) {
  await db.activityEvent.create({ data: { userId, itemId, type, data } });
}

/** Runs a learner's SQL on their own dataset and keeps it in their history. An engine refusal (a
 *  QueryRejected, with its kind and position) is recorded and thrown on to the caller. With an
 *  `offset` it is a later page of a result already run (the SQL runs again from that row): not a
 *  history entry, but it counts towards the per-minute limit like one. */
export async function runLabQuery({ userId, slug, input }: { userId: string; slug: string; input: QueryInput }): Promise<QueryResult> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) throw new AppError("not_found:lab", "There is no such lab.");
  await checkQueryRate(userId, ctx.itemId);
  const { sql, offset } = input;
  if (offset !== undefined) {
    try {
      const page = await ctx.dataset.query(sql, { offset });
      await recordResultFetch(userId, ctx.itemId, "lab_query_page", { ok: true, offset });
      return page;
    } catch (err) {
      if (isQueryRejected(err)) await recordResultFetch(userId, ctx.itemId, "lab_query_page", { ok: false, offset });
      throw err;
    }
  }
  const stored = historySql(sql);
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
    if (isQueryRejected(err)) await db.labQuery.create({ data: { userId, itemId: ctx.itemId, sql: stored, ok: false, elapsedMs: 0, error: err.message } });
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

/** The explorer's detail view: one event in full and its neighbours on the same host. */
export async function labEventContext({ userId, slug, input }: { userId: string; slug: string; input: EventContextInput }): Promise<EventContext> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) throw new AppError("not_found:lab", "There is no such lab.");
  const { id, before, after } = input;
  const context = await ctx.dataset.context(id, { before, after });
  if (!context) throw new AppError("not_found:event", `There is no event with id ${id} in this lab's logs.`);
  return context;
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
