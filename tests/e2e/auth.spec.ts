import pg from "pg";
import { expect, test } from "./support/fixtures";
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
