import "server-only";
import { z } from "zod";
import { exploreSchema, querySchema } from "@/lib/schemas/lab";
import { QUERY_LIMITS, isQueryRejected, type ExploreResult, type QueryResult } from "../lab-engine/types";
import { db } from "../db";
import { learnerLab } from "./context";

const QUERIES_PER_MINUTE = 60;

export type QueryOutcome =
  | { ok: true; result: QueryResult }
  | { ok: false; status: 400 | 404 | 408 | 422 | 429 | 503; message: string; kind?: string; position?: number; retryAfterSeconds?: number };

const STATUS: Record<string, 408 | 422 | 503> = { timeout: 408, memory: 422, engine: 503 };

/** Runs a learner's SQL on their own dataset and keeps it in their history. */
export async function runLabQuery({ userId, slug, body }: { userId: string; slug: string; body: unknown }): Promise<QueryOutcome> {
  const parsed = querySchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, message: z.prettifyError(parsed.error), kind: "empty" };
  const ctx = await learnerLab(userId, slug);
  if (!ctx) return { ok: false, status: 404, message: "There is no such lab." };
  const recent = await db.labQuery.count({ where: { userId, itemId: ctx.itemId, createdAt: { gt: new Date(Date.now() - 60_000) } } });
  if (recent >= QUERIES_PER_MINUTE)
    return { ok: false, status: 429, message: `At most ${QUERIES_PER_MINUTE} queries a minute. Wait a moment.`, retryAfterSeconds: 60 };
  const { sql } = parsed.data;
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
    return { ok: true, result };
  } catch (err) {
    if (!isQueryRejected(err)) throw err;
    await db.labQuery.create({ data: { userId, itemId: ctx.itemId, sql: stored.replace(/\0/g, ""), ok: false, elapsedMs: 0, error: err.message } });
    return { ok: false, status: STATUS[err.kind] ?? 400, message: err.message, kind: err.kind, position: err.position };
  }
}

export type ExploreOutcome = { ok: true; result: ExploreResult } | { ok: false; status: 400 | 404; message: string };

/** The log explorer's filtered, paged view (server-built SQL, bound parameters). */
export async function exploreLab({ userId, slug, body }: { userId: string; slug: string; body: unknown }): Promise<ExploreOutcome> {
  const parsed = exploreSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, message: z.prettifyError(parsed.error) };
  const ctx = await learnerLab(userId, slug);
  if (!ctx) return { ok: false, status: 404, message: "There is no such lab." };
  const { filters, offset, limit, facets, histogram } = parsed.data;
  return { ok: true, result: await ctx.dataset.explore(filters, { offset, limit }, { facets, histogram }) };
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
