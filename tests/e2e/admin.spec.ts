import { expect, otherLearner, test } from "./support/fixtures";
import { sql } from "./support/db";
import { answerQuiz, loadQuiz } from "./support/quiz";

test("an admin finds a learner, deactivates them (their open session ends), and hands them a one-time reset link", async ({
  page,
  browser,
  account,
  learner,
}) => {
  test.setTimeout(120_000);
  // the admin: an account made admin in the database (as `npm start` does for WATCHFLOOR_ADMIN_EMAIL)
  await account.signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await sql(`UPDATE "User" SET role = 'admin' WHERE email = $1`, [learner.email]);

  // a learner, signed in in their own browser
  const { learner: other, context: theirs, page: them } = await otherLearner(browser);

  await page.goto("/admin");
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Name or email").fill(other.email);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.locator(`tr[data-user="${other.email}"]`);
  await expect(row).toContainText("active");
  await expect(page.getByText("1 account")).toBeVisible();
  await row.getByRole("button", { name: `Deactivate ${other.email}` }).click();
  await expect(row).toContainText("Deactivated: their sessions end on their next request.");
  await expect(row).toContainText("deactivated");

  // their next request: the session is over
  await them.goto("/dashboard");
  await expect(them).toHaveURL(/\/signin/);

  await row.getByRole("button", { name: `Reactivate ${other.email}` }).click();
  await expect(row.getByRole("button", { name: `Deactivate ${other.email}` })).toBeVisible();
  await row.getByRole("button", { name: `Reset password of ${other.email}` }).click();
  const link = (await row.getByTestId("reset-link").textContent())!;
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);

  await them.goto(link);
  await expect(them.getByText(other.email)).toBeVisible();
  await them.getByLabel("New password", { exact: true }).fill("a brand new password 1");
  await them.getByLabel("New password again").fill("a brand new password 1");
  await them.getByRole("button", { name: "Set password" }).click();
  await expect(them.getByText("Your password is set.")).toBeVisible();
  await them.getByRole("link", { name: "Sign in" }).first().click();
  await them.getByLabel("Email").fill(other.email);
  await them.getByLabel("Password").fill("a brand new password 1");
  await them.getByRole("button", { name: "Sign in" }).click();
  await expect(them).toHaveURL(/\/dashboard$/);
  // the link worked once
  await them.goto(link);
  await expect(them.getByText("This link has expired or was already used.")).toBeVisible();
  await theirs.close();

  // every change is in the audit log, and the CSV carries it
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("password_reset_used");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table")).toContainText(other.email);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = await (await (await download).createReadStream()).toArray();
  expect(Buffer.concat(csv).toString()).toContain(other.email);
});

test("/admin is 403 for a learner, reports only for an instructor, and a visitor is sent to sign in", async ({ page, signedInLearner }) => {
  const someone = "00000000-0000-4000-8000-000000000000";
  for (const path of [
    "/admin",
    "/admin/users",
    "/admin/audit",
    "/admin/reports",
    "/admin/reports/matrix",
    `/admin/reports/learners/${someone}`,
    `/admin/reports/items/${someone}`,
  ]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
  await sql(`UPDATE "User" SET role = 'instructor' WHERE email = $1`, [signedInLearner.email]);
  for (const path of ["/admin/users", "/admin/audit"]) expect((await page.goto(path))?.status(), path).toBe(403);
  expect((await page.goto("/admin/reports"))?.status()).toBe(200);
  await expect(page.getByText("Limited to the items you author (0).")).toBeVisible();
  await page.context().clearCookies();
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fusers$/);
});

test("an admin filters the progress report, opens a learner's timeline and downloads the CSV", async ({ page, browser, account, learner }) => {
  test.setTimeout(120_000);
  // a learner who completes the lesson and takes the quiz once
  const { learner: other, context: theirs, page: them } = await otherLearner(browser);
  await them.goto("/lessons/kubernetes-vs-mesos");
  await them.getByRole("button", { name: "Mark as complete" }).click();
  await expect(them.getByRole("status")).toHaveText("✓ Completed");
  await them.goto("/quizzes/kubernetes-vs-mesos");
  await answerQuiz(them, loadQuiz("kubernetes-vs-mesos"), "wrong");
  await expect(them.getByRole("status")).toContainText("Not passed yet");
  await theirs.close();

  await account.signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await sql(`UPDATE "User" SET role = 'admin' WHERE email = $1`, [learner.email]);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "Progress reports" })).toBeVisible();
  const funnel = page.getByRole("table", { name: "Completion funnel" });
  // the track's four items (an instructor's test may have published a fifth meanwhile)
  for (const title of ["Kubernetes vs. Mesos", "Find the unpatched Mesos control plane", "Who is mining on our Mesos agents?"])
    await expect(funnel.getByRole("row").filter({ hasText: title }).first()).toBeVisible();
  expect(await funnel.getByRole("row").count()).toBeGreaterThanOrEqual(5);
  await expect(page.getByLabel("Completion funnel chart: learners who started and completed each item")).toBeVisible();

  // filter to today and the quiz
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From (UTC)").fill(today);
  await page.getByLabel("Item", { exact: true }).selectOption({ label: "quiz: Kubernetes vs. Mesos: check your understanding" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${today}.*item=`));
  await expect(funnel.getByRole("row")).toHaveCount(2);

  await page.getByRole("link", { name: "Learner × item matrix" }).click();
  await page.getByLabel("Name or email").fill(other.email);
  await page.getByRole("button", { name: "Apply" }).click();
  const row = page.locator(`tr[data-learner="${other.email}"]`);
  await expect(row).toContainText("In progress");
  await expect(row).toContainText("1 attempt");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString();
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe("learner_id,name,email,role,item_kind,item_slug,item_title,status,score,attempts,time_on_task_seconds,hints");
  expect(lines.filter((l) => l.includes(other.email))).toHaveLength(1);
  expect(lines.find((l) => l.includes(other.email))).toContain(",quiz,kubernetes-vs-mesos,");

  await row.getByRole("link", { name: other.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: other.name })).toBeVisible();
  const timeline = page.getByRole("list", { name: "Attempts, hints and queries, newest first" });
  await expect(timeline).toContainText("Answer to quiz: not correct");
});
