"use client";
import { changePasswordAction } from "@/app/(learner)/account/actions";
import { PasswordForm } from "./password-form";

export function ChangePasswordForm() {
  return <PasswordForm action={changePasswordAction} askCurrent button="Change password" />;
}
