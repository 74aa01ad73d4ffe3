import "server-only";
import { db } from "./db";

// Failed sign-ins are counted from the audit log itself, so throttling needs
// no separate state and works across every app instance sharing the database.
export const SIGNIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: "account" | "ip" };

async function windowState(where: { email?: string; ip?: string }, limit: number, now: Date) {
  const since = new Date(now.getTime() - SIGNIN_WINDOW_MS);
  const failures = await db.auditLog.findMany({
    where: { action: "signin_failure", createdAt: { gt: since }, ...where },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { createdAt: true },
  });
  if (failures.length < limit) return null;
  // Blocked until the oldest of the last `limit` failures leaves the window.
  const oldest = failures[failures.length - 1].createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + SIGNIN_WINDOW_MS - now.getTime()) / 1000));
}

export async function checkSignInThrottle(email: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  const account = await windowState({ email }, MAX_FAILURES_PER_ACCOUNT, now);
  if (account) return { allowed: false, retryAfterSeconds: account, scope: "account" };
  const byIp = ip === "unknown" ? null : await windowState({ ip }, MAX_FAILURES_PER_IP, now);
  if (byIp) return { allowed: false, retryAfterSeconds: byIp, scope: "ip" };
  return { allowed: true };
}
