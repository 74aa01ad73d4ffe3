import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { authOptions } from "./auth-options";
import { db } from "./db";
import type { Role } from "@/lib/generated/prisma/enums";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user, re-read from the database on every request: a
 * deactivated account or a changed role takes effect at once, whatever the
 * JWT still says, and a session signed in before a password reset (an older
 * sessionEpoch) is over.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, active: true, sessionEpoch: true } });
  if (!user?.active || user.sessionEpoch !== (session.user.epoch ?? 0)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages: a visitor is sent to sign in and brought back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For pages of some roles: a visitor is sent to sign in, anyone else without the role gets a 403 page. */
export async function requireRole(roles: readonly Role[], returnTo: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (!roles.includes(user.role)) forbidden();
  return user;
}
