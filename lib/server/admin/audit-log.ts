import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Prisma } from "@/lib/generated/prisma/client";
import { dayRange, type AuditFilter } from "@/lib/schemas/admin";
import { db } from "../db";

export const AUDIT_PAGE_SIZE = 50;
/** rows read per query while a CSV streams: memory stays flat whatever the log's size */
const CSV_BATCH = 2000;

export type AuditRow = {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  target: string | null;
  email: string | null;
  ip: string | null;
  detail: string;
};

/** the filter as a where clause: actor by email or name (contains), dates inclusive, in UTC */
async function whereOf(f: AuditFilter): Promise<Prisma.AuditLogWhereInput> {
  const where: Prisma.AuditLogWhereInput = {};
  if (f.action) where.action = f.action;
  const { from, to } = dayRange(f);
  if (from || to) where.createdAt = { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
  if (f.actor) {
    const actors = await db.user.findMany({
      where: { OR: [{ email: { contains: f.actor, mode: "insensitive" } }, { name: { contains: f.actor, mode: "insensitive" } }] },
      select: { id: true },
      take: 1000,
    });
    where.actorId = { in: actors.map((a) => a.id) };
  }
  return where;
}

type Entry = {
  id: bigint;
  createdAt: Date;
  action: string;
  actorId: string | null;
  targetId: string | null;
  email: string | null;
  ip: string | null;
  detail: unknown;
};

async function rowsOf(entries: Entry[]): Promise<AuditRow[]> {
  const ids = [...new Set(entries.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
  const actors = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(actors.map((a) => [a.id, a.email]));
  return entries.map((e) => ({
    id: e.id.toString(),
    at: e.createdAt.toISOString(),
    action: e.action,
    actor: e.actorId ? (emailOf.get(e.actorId) ?? e.actorId) : null,
    target: e.targetId,
    email: e.email,
    ip: e.ip,
    detail: e.detail === null || e.detail === undefined ? "" : JSON.stringify(e.detail),
  }));
}

/** /admin/audit: newest first, one page. */
export async function listAudit(f: AuditFilter): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
  const where = await whereOf(f);
  const total = await db.auditLog.count({ where });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const entries = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });
  return { rows: await rowsOf(entries), total, page, pages };
}

export const AUDIT_CSV_COLUMNS = ["id", "at", "action", "actor", "target", "email", "ip", "detail"] as const;

/**
 * The filtered log as CSV, newest first, read in batches by id (keyset, not offset) and written as
 * it is read. Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe.
 */
export function auditCsv(f: AuditFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let where: Prisma.AuditLogWhereInput | null = null;
  let before: bigint | null = null;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(stringify([[...AUDIT_CSV_COLUMNS]])));
    },
    async pull(controller) {
      if (done) return controller.close();
      where ??= await whereOf(f);
      const entries = await db.auditLog.findMany({
        where: before === null ? where : { AND: [where, { id: { lt: before } }] },
        orderBy: { id: "desc" },
        take: CSV_BATCH,
      });
      if (entries.length < CSV_BATCH) done = true;
      if (entries.length === 0) return controller.close();
      before = entries[entries.length - 1].id;
      const rows = await rowsOf(entries);
      controller.enqueue(encoder.encode(stringify(rows.map((r) => AUDIT_CSV_COLUMNS.map((c) => safeCell(r[c]))))));
    },
  });
}

/** CSV injection: a cell starting with = + - @ (or a tab/CR) is prefixed so no spreadsheet evaluates it */
export function safeCell(v: string | null): string {
  if (v === null) return "";
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
