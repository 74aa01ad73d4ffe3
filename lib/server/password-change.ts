import "server-only";
import type { ChangePasswordInput } from "@/lib/schemas/auth";
import type { CurrentUser } from "./auth";
import { audit } from "./audit";
import { db } from "./db";
import { AppError } from "./errors";
import { giveBack, take, tryAgainIn } from "./limits";
import { hashPassword, verifyPassword } from "./password";
import { endSessionsOf } from "./sessions";

/**
 * Wrong current passwords an account may give in 15 minutes before the form makes it wait: someone
 * holding a stolen session cannot guess the password it lacks. A right one does not count.
 */
export const PASSWORD_CHANGE_TRIES = 5;
const WINDOW_SECONDS = 15 * 60;

/** /account: the current password checked, the new one set, every session of the account ended (this one too). */
export async function changePassword(user: CurrentUser, input: ChangePasswordInput, ip: string): Promise<void> {
  const taken = await take([{ key: `password-change:${user.id}`, limit: PASSWORD_CHANGE_TRIES, windowSeconds: WINDOW_SECONDS }]);
  if (!taken.ok) {
    throw new AppError("rate_limit:password_change", `Too many wrong passwords. ${tryAgainIn(taken.retryAfterSeconds)}`, {
      retryAfterSeconds: taken.retryAfterSeconds,
    });
  }
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.current, row.passwordHash))) {
    const message = "That is not your current password.";
    throw new AppError("invalid:current_password", message, { fieldErrors: { current: [message] } });
  }
  await giveBack(taken.keys);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await endSessionsOf(tx, user.id, "password_change");
    await audit(tx, { action: "password_changed", actorId: user.id, targetId: user.id, email: user.email, ip });
  });
}
