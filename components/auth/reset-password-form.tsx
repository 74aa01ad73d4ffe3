"use client";
import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/(public)/reset-password/[token]/actions";
import { Field } from "@/components/ui/field";

type State = { status: "idle" } | { status: "ok"; message: string } | { status: "error"; message: string; fieldErrors?: Record<string, string[] | undefined> };

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, submit, pending] = useActionState<State, FormData>(async (p, f) => (await resetPasswordAction(p, f)) as State, { status: "idle" });
  if (state.status === "ok")
    return (
      <p role="status">
        {state.message} <Link href="/signin">Sign in</Link>
      </p>
    );
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form className="form" action={submit} noValidate>
      <input type="hidden" name="token" value={token} />
      <Field id="password" label="New password" type="password" autoComplete="new-password" hint="At least 12 characters." errors={errors.password} />
      <Field id="confirm" label="New password again" type="password" autoComplete="new-password" errors={errors.confirm} />
      <div aria-live="assertive">
        {state.status === "error" && (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
