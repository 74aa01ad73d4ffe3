import type { Metadata } from "next";
import { requireUser } from "@/lib/server/auth";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata: Metadata = { title: "Your account" };

const ROLE = { learner: "learner", instructor: "instructor", admin: "admin" } as const;

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <div className="stack narrow">
      <h1>Your account</h1>
      <p>
        <strong>{user.name}</strong>, {user.email} ({ROLE[user.role]})
      </p>
      <section className="stack" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <p>Every session of this account ends when the password changes, this one included: you then sign in with the new password.</p>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
