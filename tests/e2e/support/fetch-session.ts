// Signing in with plain fetch, for the tests that talk to a server of their own (a second instance,
// one behind a proxy, one on a database of its own) rather than through a Playwright context.

/** the name=value pairs a response sets, ready for a Cookie header */
export const cookiePairs = (r: Response) => r.headers.getSetCookie().map((c) => c.split(";")[0]);

/**
 * next-auth's credentials sign-in: its CSRF token and cookie, then the form. `headers` go on both
 * requests (what a proxy adds), `cookies` with the form (what the browser holds: its device cookie).
 */
export async function signInOver(
  base: string,
  email: string,
  password: string,
  { headers = {}, cookies = [], callbackUrl = `${base}/dashboard` }: { headers?: Record<string, string>; cookies?: string[]; callbackUrl?: string } = {},
): Promise<Response> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = await csrf.json();
  return fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Cookie: [...cookiePairs(csrf), ...cookies].join("; ") },
    body: new URLSearchParams({ email, password, csrfToken, json: "true", callbackUrl }),
  });
}
