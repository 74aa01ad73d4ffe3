import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserListInput } from "@/lib/schemas/admin";
import type { CurrentUser } from "../auth";
import { audit } from "../audit";
import { endSessionsOf } from "../sessions";
import { db } from "../db";
import { AppError } from "../errors";
import { hashPassword } from "../password";

export const ADMIN_ROLES = ["admin"] as const satisfies readonly Role[];
export const PAGE_SIZE = 50;
/** how long a reset link works */
export const RESET_LINK_HOURS = 24;

export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  createdAt: string;
  lastActivityAt: string | null;
  passwordResetAt: string | null;
};

/** /admin/users: search by name or email, filter by role and status, newest accounts first. */
export async function listUsers(input: UserListInput): Promise<{ rows: UserRow[]; total: number; page: number; pages: number }> {
  const where: Prisma.UserWhereInput = {
    ...(input.q ? { OR: [{ email: { contains: input.q, mode: "insensitive" } }, { name: { contains: input.q, mode: "insensitive" } }] } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.status ? { active: input.status === "active" } : {}),
  };
  const total = await db.user.count({ where });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const users = await db.user.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: { id: true, name: true, email: true, role: true, active: true, createdAt: true, passwordResetAt: true },
  });
  const last = users.length
    ? await db.itemProgress.groupBy({ by: ["userId"], where: { userId: { in: users.map((u) => u.id) } }, _max: { lastActivityAt: true } })
    : [];
  const lastOf = new Map(last.map((l) => [l.userId, l._max.lastActivityAt]));
  return {
    rows: users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      active: u.active,
      createdAt: u.createdAt.toISOString(),
      lastActivityAt: lastOf.get(u.id)?.toISOString() ?? null,
      passwordResetAt: u.passwordResetAt?.toISOString() ?? null,
    })),
    total,
    page,
    pages,
  };
}

/** The counts on /admin: active learners, deactivated accounts, audit entries of the last 7 days. */
export async function adminSummary(): Promise<{ learners: number; inactive: number; audits: number }> {
  const [learners, inactive, audits] = await Promise.all([
    db.user.count({ where: { role: "learner", active: true } }),
    db.user.count({ where: { active: false } }),
    db.auditLog.count({ where: { createdAt: { gte: new Date(Date.now() - 7 * 86_400_000) } } }),
  ]);
  return { learners, inactive, audits };
}

type Tx = Prisma.TransactionClient;

/**
 * Runs a change to one account with the active admins locked, so two admins demoting each other
 * at the same moment cannot leave none: the change is refused when it would remove the last one.
 */
async function changeAccount<T>(userId: string, leavesAdmin: (target: { role: Role; active: boolean }) => boolean, change: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`;
    const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, active: true } });
    if (!target) throw new AppError("not_found:user", "There is no such user.");
    const isActiveAdmin = target.role === "admin" && target.active;
    if (isActiveAdmin && !leavesAdmin(target) && admins.length <= 1)
      throw new AppError("conflict:last_admin", "This is the last active admin: make another account admin first.");
    return change(tx);
  });
}

export async function changeRole(actor: CurrentUser, input: { userId: string; role: Role }, ip: string): Promise<{ role: Role }> {
  return changeAccount(
    input.userId,
    () => input.role === "admin",
    async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { role: true, email: true } });
      if (before.role === input.role) return { role: input.role };
      await tx.user.update({ where: { id: input.userId }, data: { role: input.role } });
      // a new role starts with a new sign-in: pages and tabs open under the old role go
      await endSessionsOf(tx, input.userId, "role_change");
      await audit(tx, {
        action: "role_change",
        actorId: actor.id,
        targetId: input.userId,
        email: before.email,
        ip,
        detail: { from: before.role, to: input.role },
      });
      return { role: input.role };
    },
  );
}

/** Deactivating ends every session of the account at once and blocks sign-in; reactivating lifts the block (not the ended sessions). */
export async function setActive(actor: CurrentUser, input: { userId: string; active: boolean }, ip: string): Promise<{ active: boolean }> {
  if (!input.active && input.userId === actor.id) throw new AppError("conflict:self", "You cannot deactivate your own account.");
  return changeAccount(
    input.userId,
    () => input.active,
    async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { active: true, email: true } });
      if (before.active === input.active) return { active: input.active };
      await tx.user.update({
        where: { id: input.userId },
        data: input.active ? { active: true, deactivatedAt: null } : { active: false, deactivatedAt: new Date() },
      });
      // ended, not suspended: reactivating the account does not bring an old cookie back
      if (!input.active) await endSessionsOf(tx, input.userId, "deactivated");
      await audit(tx, {
        action: input.active ? "account_reactivated" : "account_deactivated",
        actorId: actor.id,
        targetId: input.userId,
        email: before.email,
        ip,
      });
      return { active: input.active };
    },
  );
}

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A one-time link to set a new password, shown to the admin (there is no mail here). Only its
 * hash is stored; an earlier unused link of the account stops working.
 */
export async function issuePasswordReset(actor: CurrentUser, input: { userId: string }, ip: string): Promise<{ path: string; expiresAt: string }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + RESET_LINK_HOURS * 3600_000);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true } });
    if (!user) throw new AppError("not_found:user", "There is no such user.");
    await tx.passwordReset.updateMany({ where: { userId: input.userId, usedAt: null }, data: { usedAt: new Date() } });
    await tx.passwordReset.create({ data: { userId: input.userId, tokenHash: sha256(token), createdById: actor.id, expiresAt } });
    await audit(tx, {
      action: "password_reset_issued",
      actorId: actor.id,
      targetId: input.userId,
      email: user.email,
      ip,
      detail: { expiresAt: expiresAt.toISOString() },
    });
  });
  return { path: `/reset-password/${token}`, expiresAt: expiresAt.toISOString() };
}

/** Whether a reset link can still be used, and for whom (the page shows the email it resets). */
export async function resetLinkStatus(token: string): Promise<{ ok: true; email: string } | { ok: false }> {
  const row = await db.passwordReset.findUnique({
    where: { tokenHash: sha256(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= new Date()) return { ok: false };
  return { ok: true, email: row.user.email };
}

/** Uses a reset link once: the new password, every existing session of the account ended. */
export async function resetPassword(input: { token: string; password: string }, ip: string): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    // claimed by one update, so two uses of the same link cannot both succeed
    const now = new Date();
    const claimed = await tx.passwordReset.updateManyAndReturn({
      where: { tokenHash: sha256(input.token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
      select: { userId: true },
    });
    if (claimed.length !== 1) throw new AppError("invalid:reset_link", "This link has expired or was already used. Ask an admin for a new one.");
    const user = await tx.user.update({
      where: { id: claimed[0].userId },
      data: { passwordHash, passwordResetAt: now },
      select: { id: true, email: true },
    });
    await endSessionsOf(tx, user.id, "password_reset");
    await audit(tx, { action: "password_reset_used", targetId: user.id, email: user.email, ip });
    return { email: user.email };
  });
}
