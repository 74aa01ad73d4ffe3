"use client";
import { useState } from "react";

/**
 * Signs out through next-auth's own endpoint (its CSRF token, then the POST that ends the session
 * on the server too), without next-auth's client library: this button is in the header of every
 * page, and that library was 12 KB of every page's first-load JavaScript.
 */
export function SignOutButton() {
  const [state, setState] = useState<"idle" | "pending" | "failed">("idle");
  const signOut = async () => {
    setState("pending");
    try {
      const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await fetch("/api/auth/signout", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/", json: "true" }),
      });
      if (!res.ok) throw new Error(`sign-out answered ${res.status}`);
      // a full load on purpose, not a client-side navigation: every part of the page that knew
      // the session (the header, the router's cache) starts again without it
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/");
    } catch {
      setState("failed");
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void signOut()} disabled={state === "pending"}>
        Sign out
      </button>
      {state === "failed" && <span role="alert">Could not sign out; try again.</span>}
    </>
  );
}
