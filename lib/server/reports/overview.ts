import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReportFilter } from "@/lib/schemas/reports";
import { db } from "../db";
import { type Scope, type ScopedItem, idList, inRange } from "./scope";

export type FunnelStep = ScopedItem & { started: number; completed: number; medianSecondsToComplete: number | null };
export type Overview = {
  learners: number;
  active7: number;
  active30: number;
  funnel: FunnelStep[];
  /** Monday (UTC) of each week with completions, in order */
  completionsPerWeek: { week: string; completions: number }[];
};

const DAY_MS = 86_400_000;

/**
 * The overview: how many accounts of the role, how many were active lately, how far along the
 * track they got (started = any activity on the item in the range, completed = completed in it),
 * the median time on task of those who completed each item, and completions per week.
 */
export async function overview(scope: Scope, f: ReportFilter, now = new Date()): Promise<Overview> {
  const role = f.role ?? "learner";
  const items = idList(scope.items);
  const since = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const [counts] = await db.$queryRaw<{ learners: bigint; active7: bigint; active30: bigint }[]>`
    SELECT
      (SELECT count(*) FROM "User" WHERE role = ${role}::"Role" AND active) AS learners,
      count(DISTINCT p."userId") FILTER (WHERE p."lastActivityAt" >= ${since(7)}) AS active7,
      count(DISTINCT p."userId") FILTER (WHERE p."lastActivityAt" >= ${since(30)}) AS active30
    FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId"
    WHERE u.role = ${role}::"Role" AND u.active AND p."itemId" IN (${items})`;
  const steps = await db.$queryRaw<{ itemId: string; started: bigint; completed: bigint; median: number | null }[]>`
    SELECT p."itemId",
      count(*) FILTER (WHERE p.status <> 'not_started' AND ${inRange(Prisma.sql`p."lastActivityAt"`, f)}) AS started,
      count(*) FILTER (WHERE p.status = 'completed' AND ${inRange(Prisma.sql`p."completedAt"`, f)}) AS completed,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY p."timeSpentSeconds")
        FILTER (WHERE p.status = 'completed' AND ${inRange(Prisma.sql`p."completedAt"`, f)}) AS median
    FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId"
    WHERE u.role = ${role}::"Role" AND p."itemId" IN (${items})
    GROUP BY p."itemId"`;
  const weeks = await db.$queryRaw<{ week: Date; completions: bigint }[]>`
    SELECT date_trunc('week', p."completedAt") AS week, count(*) AS completions
    FROM "ItemProgress" p JOIN "User" u ON u.id = p."userId"
    WHERE u.role = ${role}::"Role" AND p.status = 'completed' AND p."itemId" IN (${items}) AND ${inRange(Prisma.sql`p."completedAt"`, f)}
    GROUP BY 1 ORDER BY 1`;
  const byItem = new Map(steps.map((s) => [s.itemId, s]));
  return {
    learners: Number(counts?.learners ?? 0),
    active7: Number(counts?.active7 ?? 0),
    active30: Number(counts?.active30 ?? 0),
    funnel: scope.items.map((i) => {
      const s = byItem.get(i.id);
      return { ...i, started: Number(s?.started ?? 0), completed: Number(s?.completed ?? 0), medianSecondsToComplete: s?.median ?? null };
    }),
    completionsPerWeek: weeks.map((w) => ({ week: w.week.toISOString().slice(0, 10), completions: Number(w.completions) })),
  };
}
