import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import { db } from "../db";
import { AppError } from "../errors";
import { answerText } from "../lab/state";
import type { Scope } from "./scope";

/** how much of a learner's history one page shows (newest first) */
export const TIMELINE_LIMIT = 500;

export type TimelineEntry =
  | { kind: "attempt"; at: string; item: string; part: string; score: number; maxScore: number; passed: boolean; answer: string }
  | { kind: "hint"; at: string; item: string; part: string; hintIndex: number; cost: number }
  | { kind: "query"; at: string; item: string; sql: string; ok: boolean; rows: number | null; error: string | null };

export type LearnerReport = {
  user: { id: string; name: string; email: string; role: Role; active: boolean; createdAt: string };
  timeline: TimelineEntry[];
  /** true when there is more history than the page shows */
  truncated: boolean;
};

/** an answer as the learner gave it, for reading: a lab answer as its box holds it, a quiz's answers as JSON */
const readable = (answers: unknown) => answerText(answers) ?? JSON.stringify(answers);

/** One learner's attempts (with their answers), hints and lab queries on the items of the scope, newest first. */
export async function learnerReport(scope: Scope, userId: string): Promise<LearnerReport> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, role: true, active: true, createdAt: true } });
  if (!user) throw new AppError("not_found:user", "There is no such learner.");
  const itemIds = scope.items.map((i) => i.id);
  const title = new Map(scope.items.map((i) => [i.id, i.title]));
  const take = TIMELINE_LIMIT + 1;
  const [attempts, hints, queries] = await Promise.all([
    db.attempt.findMany({ where: { userId, itemId: { in: itemIds } }, orderBy: { submittedAt: "desc" }, take }),
    db.hintUnlock.findMany({ where: { userId, itemId: { in: itemIds } }, orderBy: { createdAt: "desc" }, take }),
    db.labQuery.findMany({ where: { userId, itemId: { in: itemIds } }, orderBy: { createdAt: "desc" }, take }),
  ]);
  const all: TimelineEntry[] = [
    ...attempts.map((a) => ({
      kind: "attempt" as const,
      at: a.submittedAt.toISOString(),
      item: title.get(a.itemId) ?? a.itemId,
      part: a.part,
      score: a.score,
      maxScore: a.maxScore,
      passed: a.passed,
      answer: readable(a.answers),
    })),
    ...hints.map((h) => ({
      kind: "hint" as const,
      at: h.createdAt.toISOString(),
      item: title.get(h.itemId) ?? h.itemId,
      part: h.taskId,
      hintIndex: h.hintIndex,
      cost: h.cost,
    })),
    ...queries.map((q) => ({
      kind: "query" as const,
      at: q.createdAt.toISOString(),
      item: title.get(q.itemId) ?? q.itemId,
      sql: q.sql,
      ok: q.ok,
      rows: q.totalCount ?? q.rowCount,
      error: q.error,
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    user: { ...user, createdAt: user.createdAt.toISOString() },
    timeline: all.slice(0, TIMELINE_LIMIT),
    truncated: all.length > TIMELINE_LIMIT,
  };
}
