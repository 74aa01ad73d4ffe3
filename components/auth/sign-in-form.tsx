"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { z } from "zod";
import { signInSchema } from "@/lib/schemas/auth";
import { Field } from "@/components/ui/field";

type FieldErrors = Partial<Record<"email" | "password", string[]>>;

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string>();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setFieldErrors(z.flattenError(parsed.error).fieldErrors);
      setMessage(undefined);
      return;
    }
    setFieldErrors({});
    startTransition(async () => {
      const result = await signIn("credentials", { ...parsed.data, redirect: false });
      if (!result || result.error) {
        setMessage(result?.error && result.error !== "CredentialsSignin" ? result.error : "Invalid email or password.");
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <Field id="email" label="Email" type="email" autoComplete="email" errors={fieldErrors.email} />
      <Field id="password" label="Password" type="password" autoComplete="current-password" errors={fieldErrors.password} />
      <div aria-live="assertive">
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
