"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Field } from "@/components/ui/field";
import { describeFailure, postJson } from "@/components/ui/json-api";

type SignUpState = {
  status: "idle" | "error" | "success";
  message?: string;
  fieldErrors?: Partial<Record<"name" | "email" | "password", string[]>>;
};

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<SignUpState>({ status: "idle" });

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const created = await postJson("/api/signup", { name: form.get("name"), email: form.get("email"), password: form.get("password") });
      if (!created.ok) {
        // a field's own message stands next to it; a limit says when to try again
        const { fieldErrors, ...error } = created.error;
        setState({
          status: "error",
          message: fieldErrors && Object.keys(fieldErrors).length ? "Check the highlighted fields." : describeFailure(error),
          fieldErrors,
        });
        return;
      }
      setState({ status: "success" });
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
