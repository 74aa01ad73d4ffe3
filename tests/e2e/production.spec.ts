// The app as deployed behind a TLS-terminating proxy (a second instance: NEXTAUTH_URL https, the
// proxy's address in TRUSTED_PROXIES; this test plays the proxy): HSTS, Secure cookies, and the
// client address taken from the trusted proxy's X-Forwarded-For.
import { expect, test } from "./support/fixtures";
import { sql } from "./support/db";
import { SECOND_INSTANCE_POSSIBLE, startInstance, type Instance } from "./support/instance";
import { signInOver } from "./support/fetch-session";

// one instance, on one port, for the tests of this file: they run one after the other in one worker
test.describe.configure({ mode: "serial" });
test.skip(!SECOND_INSTANCE_POSSIBLE, "a second instance needs the PostgreSQL server (DATABASE_URL), as in CI");

let app: Instance;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  app = await startInstance({ NEXTAUTH_URL: "https://watchfloor.test", TRUSTED_PROXIES: "127.0.0.1, ::1" });
});
test.afterAll(async () => app?.stop());

/** What the proxy adds: the client it saw, and that it spoke HTTPS to it. */
const proxied = (client: string, extra: Record<string, string> = {}) => ({ "X-Forwarded-For": client, "X-Forwarded-Proto": "https", ...extra });
const signIn = (email: string, password: string, client: string) =>
  signInOver(app.url, email, password, { headers: proxied(client), callbackUrl: "https://watchfloor.test/dashboard" });

test("behind a TLS proxy: HSTS, upgrade-insecure-requests, Secure HttpOnly cookies, and the forwarded client recorded", async () => {
  const page = await fetch(`${app.url}/signin`, { headers: proxied("203.0.113.80") });
  expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");

  const email = `prod-${Date.now()}@example.com`;
  const password = "a production password";
  const created = await fetch(`${app.url}/api/signup`, {
    method: "POST",
    headers: proxied("203.0.113.80", { "Content-Type": "application/json" }),
    body: JSON.stringify({ name: "Pat", email, password }),
  });
  expect(created.status).toBe(201);

  const signedIn = await signIn(email, password, "203.0.113.80");
  expect(signedIn.status).toBe(200);
  const cookies = signedIn.headers.getSetCookie();
  const session = cookies.find((c) => c.startsWith("__Secure-next-auth.session-token="));
  const device = cookies.find((c) => c.startsWith("__Host-wf-device="));
  for (const cookie of [session, device]) {
    expect(cookie).toBeTruthy();
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
  }
  const dashboard = await fetch(`${app.url}/dashboard`, { headers: proxied("203.0.113.80", { Cookie: session!.split(";")[0] }), redirect: "manual" });
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain("Your progress");

  expect(await sql(`SELECT action, ip FROM "AuditLog" WHERE email = $1 ORDER BY id`, [email])).toEqual([
    { action: "signup", ip: "203.0.113.80" },
    { action: "signin_success", ip: "203.0.113.80" },
  ]);
});

test("through the trusted proxy, each forwarded client has its own sign-in limit", async () => {
  const email = `prod-limits-${Date.now()}@example.com`;
  const created = await fetch(`${app.url}/api/signup`, {
    method: "POST",
    headers: proxied("203.0.113.90", { "Content-Type": "application/json" }),
    body: JSON.stringify({ name: "Quinn", email, password: "the right password" }),
  });
  expect(created.status).toBe(201);
  for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong ${i}`, "203.0.113.91")).status).not.toBe(429);
  const throttled = await signIn(email, "wrong again", "203.0.113.91");
  expect(throttled.status).toBe(429);
  expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
  // another client of the same proxy is not held up by the first one's guesses
  expect((await signIn(email, "the right password", "203.0.113.92")).status).toBe(200);
});

test("sign-up: 50 at once from one client through the proxy, forged addresses in front of it: 20 accounts, 30 × 429 with Retry-After", async () => {
  const stamp = Date.now();
  const results = await Promise.all(
    Array.from({ length: 50 }, async (_, i) => {
      // what the client claimed comes first; the proxy appends the address it saw
      const r = await fetch(`${app.url}/api/signup`, {
        method: "POST",
        headers: proxied(`10.${i}.0.1, 203.0.113.100`, { "Content-Type": "application/json" }),
        body: JSON.stringify({ name: `Burst ${i}`, email: `burst-${stamp}-${i}@example.com`, password: "a burst password" }),
      });
      return { status: r.status, retryAfter: Number(r.headers.get("retry-after")), body: await r.text() };
    }),
  );
  expect(results.filter((r) => r.status === 201)).toHaveLength(20);
  const throttled = results.filter((r) => r.status === 429);
  expect(throttled).toHaveLength(30);
  for (const r of throttled) {
    expect(r.retryAfter).toBeGreaterThan(0);
    expect(r.retryAfter).toBeLessThanOrEqual(3600);
    expect(JSON.parse(r.body).message).toMatch(/^Too many new accounts from your network \(at most 20 an hour\)\./);
  }
  expect(await sql(`SELECT count(*)::int AS n FROM "User" WHERE email LIKE $1`, [`burst-${stamp}-%`])).toEqual([{ n: 20 }]);
});
