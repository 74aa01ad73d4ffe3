// Used by scripts/start.ts (bootstrap admin) as well as by actions: no "server-only".
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { SignUpInput } from "@/lib/schemas/auth";
import { hashPassword } from "./password";
import { audit } from "./audit";
import { AppError } from "./errors";

/** Creates an account; an email already in use is a `conflict:email` AppError (its field error says so). */
export async function createAccount(db: PrismaClient, input: SignUpInput, opts: { role?: Role; ip?: string } = {}): Promise<{ userId: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: opts.role ?? "learner" },
      select: { id: true },
    });
    await audit(db, { action: "signup", actorId: user.id, email: input.email, ip: opts.ip ?? null });
    return { userId: user.id };
  } catch (err) {
    // The unique index decides, so two concurrent sign-ups cannot both win.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("conflict:email", "Check the highlighted fields.", {
        fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
      });
    }
    throw err;
  }
}

/**
 * Makes sure the configured admin exists, is active and is an admin. The
 * password is (re)set only when the account is created: changing it later is
 * the admin's business, not the environment's.
 */
export async function ensureAdmin(db: PrismaClient, admin: { email: string; password: string; name?: string }): Promise<"created" | "updated" | "unchanged"> {
  const existing = await db.user.findUnique({ where: { email: admin.email } });
  if (!existing) {
    const { userId } = await createAccount(db, { email: admin.email, password: admin.password, name: admin.name ?? "Administrator" }, { role: "admin" });
    await audit(db, { action: "admin_bootstrap", targetId: userId, email: admin.email });
    return "created";
  }
  if (existing.role === "admin" && existing.active) return "unchanged";
  await db.user.update({ where: { id: existing.id }, data: { role: "admin", active: true } });
  await audit(db, { action: "role_change", targetId: existing.id, email: admin.email, detail: { from: existing.role, to: "admin", by: "ADMIN_EMAIL" } });
  return "updated";
}
