import pg from "pg";
import { AccountPages, expect, test } from "./support/fixtures";
import { E2E_DATABASE_URL } from "./support/env";

test("a learner signs up, signs out and signs back in", async ({ page, account, learner }) => {
  await account.signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Your progress" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${learner.name}`)).toBeVisible();

  await account.signOut();
  await page.goto("/signin");
  await account.signIn(learner.email, learner.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(`Signed in as ${learner.name}`)).toBeVisible();
});

test("a wrong password and an unknown email get the same refusal", async ({ page, account, signedInLearner }) => {
  await account.signOut();
  await page.goto("/signin");
  await account.signIn(signedInLearner.email, "not the right password");
  await expect(page.locator(".form-error")).toHaveText("Invalid email or password.");
  await expect(page).toHaveURL(/\/signin/);

  await account.signIn("nobody-here@example.com", "not the right password");
  await expect(page.locator(".form-error")).toHaveText("Invalid email or password.");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
});

test("sign-up explains bad input next to the field and creates nothing", async ({ page, account, learner }) => {
  await account.signUp({ ...learner, password: "short" });
  await expect(page.locator("#password-error")).toHaveText("Use at least 12 characters");
  await account.signUp({ ...learner, email: "not-an-email" });
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address");
  await expect(page).toHaveURL(/\/signup$/);
  await page.goto("/signin");
  await account.signIn(learner.email, learner.password);
  await expect(page.locator(".form-error")).toHaveText("Invalid email or password.");
});

test("signing up with an email already in use says so next to the field", async ({ page, account, signedInLearner }) => {
  await account.signOut();
  await account.signUp({ ...signedInLearner, name: "Someone Else" });
  await expect(page.locator("#email-error")).toHaveText("An account with this email already exists. Sign in instead.");
  await expect(page).toHaveURL(/\/signup$/);
});

test("a deactivated learner loses access on the next request", async ({ page, signedInLearner }) => {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE "User" SET active = false WHERE email = $1`, [signedInLearner.email]);
  } finally {
    await client.end();
  }
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
});

test("changing the password on /account ends every session, the other browser's too; the new password signs in", async ({
  page,
  browser,
  account,
  signedInLearner,
}) => {
  // the same person signed in on a second browser
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await elsewhere.goto("/signin");
  await new AccountPages(elsewhere).signIn(signedInLearner.email, signedInLearner.password);
  await expect(elsewhere).toHaveURL(/\/dashboard$/);

  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const newPassword = `${signedInLearner.password} changed`;
  // a wrong current password is said next to its field
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#current-error")).toHaveText("That is not your current password.");

  await page.getByLabel("Current password").fill(signedInLearner.password);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is changed, and every session of this account has ended");

  // both sessions are over
  for (const p of [page, elsewhere]) {
    await p.goto("/dashboard");
    await expect(p).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
  }
  await other.close();
  await account.signIn(signedInLearner.email, signedInLearner.password);
  await expect(page.locator(".form-error")).toHaveText("Invalid email or password.");
  await account.signIn(signedInLearner.email, newPassword);
  await expect(page).toHaveURL(/\/dashboard$/);
});
