// Over real HTTP through `npm start`'s server: forged forwarding headers do not buy more guesses,
// a throttled sign-in is a 429 with Retry-After (and says so in the form), the owner's own browser
// still signs in, and a signed-out session's cookie is worthless everywhere.
import { expect, test } from "./support/fixtures";
import { sql } from "./support/db";

test("50 parallel guesses with forged X-Forwarded-For: 5 are checked, 45 get 429 with Retry-After; the owner's browser still signs in", async ({
  page,
  browser,
  account,
  signedInLearner,
}) => {
  // a stranger's browser: the guesses and its later sign-in come from one address, as the owner's do
  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/signin");
  const guesses = await strangerPage.evaluate(async (email) => {
    const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
    return Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const response = await fetch("/api/auth/callback/credentials", {
          method: "POST",
          // what a client may claim about itself; no proxy is trusted here, so none of it counts
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": `10.${i}.0.1`,
            "X-Real-IP": `10.${i}.0.2`,
            Forwarded: `for=10.${i}.0.3`,
          },
          body: new URLSearchParams({ email, password: `guess number ${i}`, csrfToken, json: "true", callbackUrl: "/dashboard" }),
        });
        return { status: response.status, retryAfter: Number(response.headers.get("Retry-After")) };
      }),
    );
  }, signedInLearner.email);
  const throttled = guesses.filter((r) => r.status === 429);
  expect(throttled).toHaveLength(45);
  for (const r of throttled) {
    expect(r.retryAfter).toBeGreaterThan(14 * 60);
    expect(r.retryAfter).toBeLessThanOrEqual(15 * 60);
  }
  const checked = guesses.filter((r) => r.status !== 429);
  expect(checked).toHaveLength(5);
  for (const r of checked) expect(r.status).not.toBe(200);

  const failures = await sql<{ ip: string }>(`SELECT ip FROM "AuditLog" WHERE action = 'signin_failure' AND email = $1`, [signedInLearner.email]);
  expect(failures).toHaveLength(5);
  // recorded from the address the connection really came from
  expect(failures.map((f) => f.ip)).toEqual(Array(5).fill(failures[0].ip));
  expect(failures[0].ip).toMatch(/^(127\.0\.0\.1|::1)$/);

  // the stranger, even with the right password now, is told to wait, in the form
  await strangerPage.getByLabel("Email").fill(signedInLearner.email);
  await strangerPage.getByLabel("Password").fill(signedInLearner.password);
  await strangerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(strangerPage.locator(".form-error")).toHaveText(/^Too many failed sign-ins\. Try again in 15 minutes\.$/);
  await stranger.close();

  // the owner's own browser (it signed in before: its device cookie) is not locked out
  await account.signOut();
  await page.goto("/signin");
  await account.signIn(signedInLearner.email, signedInLearner.password);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("after signing out, a copy of the session cookie opens nothing, neither a page nor a route", async ({ page, browser, account, signedInLearner }) => {
  void signedInLearner;
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
  await account.signOut();

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayed = await replay.newPage();
  await replayed.goto("/dashboard");
  await expect(replayed).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
  const query = await replayed.request.post("/api/labs/cryptominer-via-marathon/query", { data: { sql: "SELECT 1" } });
  expect(query.status()).toBe(401);
  await replay.close();
});
