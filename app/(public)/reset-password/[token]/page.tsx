import type { Metadata } from "next";
import Link from "next/link";
import { resetTokenSchema } from "@/lib/schemas/admin";
import { resetLinkStatus } from "@/lib/server/admin/users";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

export const metadata: Metadata = { title: "Set a new password", robots: { index: false } };

type Props = { params: Promise<{ token: string }> };

/** A one-time link an admin issued (anyone with the link may use it: that is what a reset link is). */
export default async function ResetPasswordPage({ params }: Props) {
  const { token } = await params;
  const parsed = resetTokenSchema.safeParse(token);
  const status = parsed.success ? await resetLinkStatus(parsed.data) : { ok: false as const };
  return (
    <div className="stack narrow">
      <h1>Set a new password</h1>
      {status.ok ? (
        <>
          <p>
            For <strong>{status.email}</strong>. Every session of this account ends when the new password is set.
          </p>
          <ResetPasswordForm token={parsed.data!} />
        </>
      ) : (
        <p role="alert">
          This link has expired or was already used. Ask an admin for a new one, or <Link href="/signin">sign in</Link>.
        </p>
      )}
    </div>
  );
}
