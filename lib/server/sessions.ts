import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "./db";

// Sessions are rows: the JWT in the session cookie carries the row's id, and a request is signed
// in only while that row is open, unexpired and its account active.
export const SESSION_HOURS = 12;
export type SessionEnd = "sign_out" | "password_reset" | "password_change" | "deactivated" | "role_change";

export async function startSession(userId: string, ip: string): Promise<string> {
  const row = await db.authSession.create({
    data: { userId, ip, expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) },
    select: { id: true },
  });
  return row.id;
}

export async function endSession(id: string, reason: SessionEnd): Promise<void> {
  await db.authSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
}

/** Ends every open session of the account (inside the transaction that changes it). */
export async function endSessionsOf(tx: Prisma.TransactionClient, userId: string, reason: SessionEnd): Promise<number> {
  const { count } = await tx.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
  return count;
}

/** The account behind an open session, or null once it was ended, has expired or the account is inactive. */
export async function sessionUser(id: string) {
  const row = await db.authSession.findFirst({
    where: { id, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  return row?.user.active ? row.user : null;
}
