import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeReturnTo } from "@/lib/schemas/auth";
import { getCurrentUser } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <div className="narrow">
      <h1>Create your account</h1>
      <p className="muted">Join the SOC Analyst Tier 1 track and keep your progress.</p>
      <div className="card">
        <SignUpForm callbackUrl={callbackUrl} />
      </div>
      <p className="muted">
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </div>
  );
}
