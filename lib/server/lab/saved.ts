import "server-only";
import { MAX_SAVED_QUERIES, type SavedQueryInput } from "@/lib/schemas/lab";
import type { SavedQuery } from "@/lib/lab/types";
import { db } from "../db";
import { AppError } from "../errors";
import { findItemId } from "../tracks";

async function labItem(slug: string): Promise<string> {
  const itemId = await findItemId("lab", slug);
  if (!itemId) throw new AppError("not_found:lab", "There is no such lab.");
  return itemId;
}

const shape = (q: { id: string; name: string; sql: string; updatedAt: Date }): SavedQuery => ({
  id: q.id,
  name: q.name,
  sql: q.sql,
  updatedAt: q.updatedAt.toISOString(),
});

/** The learner's own saved queries in a lab, newest first (nobody else's: every lookup is by user). */
export async function savedQueries(userId: string, itemId: string): Promise<SavedQuery[]> {
  const rows = await db.savedQuery.findMany({ where: { userId, itemId }, orderBy: { updatedAt: "desc" }, take: MAX_SAVED_QUERIES });
  return rows.map(shape);
}

/** Saves (a name already used is replaced) or deletes one of the learner's queries; returns the list. */
export async function changeSavedQuery({ userId, slug, input }: { userId: string; slug: string; input: SavedQueryInput }): Promise<SavedQuery[]> {
  const itemId = await labItem(slug);
  if (input.op === "delete") {
    const { count } = await db.savedQuery.deleteMany({ where: { id: input.id, userId, itemId } });
    if (count === 0) throw new AppError("not_found:saved_query", "There is no such saved query.");
  } else {
    const existing = await db.savedQuery.findUnique({ where: { userId_itemId_name: { userId, itemId, name: input.name } }, select: { id: true } });
    if (!existing && (await db.savedQuery.count({ where: { userId, itemId } })) >= MAX_SAVED_QUERIES)
      throw new AppError("invalid:saved_queries", `You can keep ${MAX_SAVED_QUERIES} saved queries in a lab; delete one first.`);
    await db.savedQuery.upsert({
      where: { userId_itemId_name: { userId, itemId, name: input.name } },
      create: { userId, itemId, name: input.name, sql: input.sql },
      update: { sql: input.sql },
    });
  }
  return savedQueries(userId, itemId);
}
