"use server";
import { revalidatePath } from "next/cache";
import { roleChangeSchema, setActiveSchema, userIdSchema } from "@/lib/schemas/admin";
import { action } from "@/lib/server/action";
import { ADMIN_ROLES, changeRole, issuePasswordReset, setActive } from "@/lib/server/admin/users";

export const changeRoleAction = action({ access: ADMIN_ROLES, input: roleChangeSchema }, async ({ user, input, ip }) => {
  const { role } = await changeRole(user, input, ip);
  revalidatePath("/admin/users");
  return { status: "ok" as const, message: `Role: ${role}.` };
});

export const setActiveAction = action({ access: ADMIN_ROLES, input: setActiveSchema }, async ({ user, input, ip }) => {
  const { active } = await setActive(user, input, ip);
  revalidatePath("/admin/users");
  return { status: "ok" as const, message: active ? "Reactivated." : "Deactivated: their sessions end on their next request." };
});

export const issueResetAction = action({ access: ADMIN_ROLES, input: userIdSchema }, async ({ user, input, ip }) => {
  const { path, expiresAt } = await issuePasswordReset(user, input, ip);
  return { status: "ok" as const, message: "Pass this one-time link on; it works once, until the time shown.", path, expiresAt };
});
