import Link from "next/link";
import { getCurrentUser } from "@/lib/server/auth";
import { SignOutButton } from "@/components/auth/sign-out-button";

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden /> Watchfloor
      </Link>
      <nav aria-label="Main">
        <Link href="/tracks/soc-analyst-tier-1">SOC Analyst Tier 1</Link>
        {user && <Link href="/dashboard">Dashboard</Link>}
        {user && (user.role === "instructor" || user.role === "admin") && <Link href="/author">Author</Link>}
        {user && (user.role === "instructor" || user.role === "admin") && <Link href="/admin">{user.role === "admin" ? "Admin" : "Reports"}</Link>}
      </nav>
      <div className="account">
        {user ? (
          <>
            <span>
              Signed in as <strong>{user.name}</strong>
            </span>
            <Link href="/account">Account</Link>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/signin">Sign in</Link>
            <Link href="/signup" className="button">
              Create account
            </Link>
          </>
        )}
      </div>
    </header>
  );
}
