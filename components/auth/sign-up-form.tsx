"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { signUpAction, type SignUpState } from "@/app/(public)/signup/actions";
import { Field } from "@/components/ui/field";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<SignUpState>({ status: "idle" });

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = (await signUpAction(undefined, form)) as SignUpState;
      setState(result);
      if (result.status !== "success") return;
      const signedIn = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
      if (signedIn?.error) {
        setState({ status: "error", message: "Your account was created, but signing in failed. Try signing in." });
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    });
  }

  const errors = state.fieldErrors ?? {};
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <Field id="name" label="Name" autoComplete="name" errors={errors.name} />
      <Field id="email" label="Email" type="email" autoComplete="email" errors={errors.email} />
      <Field id="password" label="Password" type="password" autoComplete="new-password" hint="At least 12 characters." errors={errors.password} />
      <div aria-live="assertive">
        {state.status === "error" && state.message && (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
    </form>
  );
}
