"use server";
import { resetPasswordSchema } from "@/lib/schemas/admin";
import { action } from "@/lib/server/action";
import { resetPassword } from "@/lib/server/admin/users";

/** A one-time link an admin issued: anyone holding it sets the account's new password, once. */
export const resetPasswordAction = action({ access: "anyone", input: resetPasswordSchema }, async ({ input, ip }) => {
  const { email } = await resetPassword(input, ip);
  return { status: "ok" as const, message: "Your password is set. Sign in with it.", email };
});
