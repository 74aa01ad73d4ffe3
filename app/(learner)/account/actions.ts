"use server";
import { changePasswordSchema } from "@/lib/schemas/auth";
import { action } from "@/lib/server/action";
import { changePassword } from "@/lib/server/password-change";

/** The signed-in person's own password: the current one first; every session ends with the change. */
export const changePasswordAction = action({ access: "signed-in", input: changePasswordSchema }, async ({ user, input, ip }) => {
  await changePassword(user, input, ip);
  return { status: "ok" as const, message: "Your password is changed, and every session of this account has ended: sign in again with the new one." };
});
