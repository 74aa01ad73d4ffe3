import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ItemKind, Role } from "@/lib/generated/prisma/enums";
import { dayRange } from "@/lib/schemas/admin";
import type { ReportFilter } from "@/lib/schemas/reports";
import type { CurrentUser } from "../auth";
import { db } from "../db";
import { AppError } from "../errors";

/** Admins see every item; instructors the same views for the items they author. */
export const REPORT_ROLES = ["admin", "instructor"] as const satisfies readonly Role[];

export type ScopedItem = { id: string; kind: ItemKind; slug: string; title: string };
export type Scope = { items: ScopedItem[]; all: boolean };

/** The items a report covers, in track order (items on no track last, by title). */
export async function reportScope(user: CurrentUser, filter?: Pick<ReportFilter, "item">): Promise<Scope> {
  const mine = user.role === "admin" ? undefined : { authors: { some: { userId: user.id } } };
  const rows = await db.item.findMany({
    where: { kind: { in: ["lesson", "quiz", "lab"] }, ...mine },
    select: { id: true, kind: true, slug: true, title: true, tracks: { select: { position: true } } },
  });
  const items = rows
    .map((r) => ({ id: r.id, kind: r.kind, slug: r.slug, title: r.title, position: r.tracks[0]?.position ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.position - b.position || a.title.localeCompare(b.title))
    .map(({ position: _, ...i }) => i);
  if (filter?.item) {
    const one = items.filter((i) => i.id === filter.item);
    if (!one.length) throw new AppError("not_found:item", "There is no such item in your reports.");
    return { items: one, all: false };
  }
  return { items, all: user.role === "admin" };
}

/** The item of an item report, if the caller may see it. */
export async function scopedItem(user: CurrentUser, itemId: string): Promise<ScopedItem> {
  const scope = await reportScope(user);
  const item = scope.items.find((i) => i.id === itemId);
  if (!item) throw new AppError("not_found:item", "There is no such item in your reports.");
  return item;
}

/** `col` within the filter's days (true without a range) */
export function inRange(col: Prisma.Sql, f: Pick<ReportFilter, "from" | "to">): Prisma.Sql {
  const { from, to } = dayRange(f);
  const parts: Prisma.Sql[] = [];
  if (from) parts.push(Prisma.sql`${col} >= ${from}`);
  if (to) parts.push(Prisma.sql`${col} < ${to}`);
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

export const idList = (items: readonly { id: string }[]) => (items.length ? Prisma.join(items.map((i) => Prisma.sql`${i.id}::uuid`)) : Prisma.sql`NULL::uuid`);
