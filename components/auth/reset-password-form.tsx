"use client";
import { resetPasswordAction } from "@/app/(public)/reset-password/[token]/actions";
import { PasswordForm } from "./password-form";

export function ResetPasswordForm({ token }: { token: string }) {
  return <PasswordForm action={resetPasswordAction} hidden={{ token }} button="Set password" />;
}
