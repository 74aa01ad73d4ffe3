import "server-only";
import { cache } from "react";
import { z } from "zod";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { authOptions } from "./auth-options";
import { sessionUser } from "./sessions";
import type { Role } from "@/lib/generated/prisma/enums";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user, re-read from the database on every request through the session's row: a
 * session that was signed out, ended by a password reset, deactivation or role change, or has
 * expired is over on every instance at once, whatever the cookie still says.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const sid = session?.user?.sid;
  if (!sid || !z.uuid().safeParse(sid).success) return null;
  const user = await sessionUser(sid);
  if (!user || user.id !== session.user.id) return null;
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
