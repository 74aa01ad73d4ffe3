"use client";
import Link from "next/link";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";

type State = { status: "idle" } | { status: "ok"; message: string } | { status: "error"; message: string; fieldErrors?: Record<string, string[] | undefined> };
type PasswordAction = (previous: unknown, form: FormData) => Promise<unknown>;

/**
 * A new password, twice (and, to change one, the current password first), sent to a server action;
 * once it is set, the action's sentence and a link to sign in with it.
 */
export function PasswordForm({
  action,
  askCurrent = false,
  hidden = {},
  button,
}: {
  action: PasswordAction;
  askCurrent?: boolean;
  hidden?: Record<string, string>;
  button: string;
}) {
  const [state, submit, pending] = useActionState<State, FormData>(async (p, f) => (await action(p, f)) as State, { status: "idle" });
  if (state.status === "ok")
    return (
      <p role="status">
        {state.message} <Link href="/signin">Sign in</Link>
      </p>
    );
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  return (
    <form className="form" action={submit} noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {askCurrent && <Field id="current" label="Current password" type="password" autoComplete="current-password" errors={errors.current} />}
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
        {pending ? "Saving…" : button}
      </button>
    </form>
  );
}
