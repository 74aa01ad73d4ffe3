import pg from "pg";
import { expect, test } from "./support/fixtures";
import { E2E_DATABASE_URL } from "./support/env";

test("opening and completing the lesson shows on the dashboard and the track", async ({ page, signedInLearner }) => {
  void signedInLearner;
  const lessonRow = page.getByTestId("dashboard-item-lesson");
  await expect(lessonRow).toContainText("Not started");
  await expect(page.getByRole("progressbar", { name: "SOC Analyst Tier 1 progress" })).toHaveAttribute("aria-valuenow", "0");

  await page.goto("/lessons/kubernetes-vs-mesos");
  await page.goto("/dashboard");
  await expect(lessonRow).toContainText("In progress");

  await page.goto("/lessons/kubernetes-vs-mesos");
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(page.getByRole("status")).toHaveText("✓ Completed");
  await page.reload();
  await expect(page.getByRole("button", { name: "Mark as complete" })).toHaveCount(0);

  await page.goto("/dashboard");
  await expect(lessonRow).toContainText("Completed");
  await expect(page.getByRole("progressbar", { name: "SOC Analyst Tier 1 progress" })).toHaveAttribute("aria-valuenow", "25");
  await expect(page.getByText("1 of 4 completed (25%)")).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Kubernetes vs. Mesos progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("dashboard-next")).toHaveText("Next: Take: Kubernetes vs. Mesos: check your understanding");

  await page.goto("/tracks/soc-analyst-tier-1");
  await expect(page.getByTestId("track-item-lesson")).toContainText("Completed");
  await expect(page.getByTestId("track-item-quiz")).toContainText("Not started");
});

test("a completed track gives a printable certificate that anyone can check by its code", async ({ page, browser, signedInLearner }) => {
  // the track completed (the lab e2e tests solve the labs themselves; here only the outcome matters)
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "ItemProgress" (id, "userId", "itemId", status, score, "completedAt", "lastActivityAt")
       SELECT gen_random_uuid(), u.id, ti."itemId", 'completed', 1, now(), now()
       FROM "User" u, "TrackItem" ti JOIN "Track" t ON t.id = ti."trackId"
       WHERE u.email = $1 AND t.slug = 'soc-analyst-tier-1'
       ON CONFLICT ("userId", "itemId") DO UPDATE SET status = 'completed', "completedAt" = now()`,
      [signedInLearner.email],
    );
  } finally {
    await client.end();
  }
  await page.goto("/dashboard");
  await expect(page.getByText("4 of 4 completed (100%)")).toBeVisible();
  const certificate = page.getByTestId("dashboard-certificate");
  await certificate.getByRole("link", { name: "Your certificate" }).click();
  await expect(page.getByRole("heading", { level: 1, name: signedInLearner.name })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Verified: issued by this Watchfloor to this account.");
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  const code = (await page.getByTestId("certificate-code").textContent())!;

  // a visitor checks it; an unknown code is a 404
  const visitor = await browser.newContext();
  const other = await visitor.newPage();
  await other.goto(`/certificates/${code.toLowerCase()}`);
  await expect(other.getByTestId("certificate-code")).toHaveText(code);
  expect((await other.goto("/certificates/WF-0000-0000-0000-0000"))?.status()).toBe(404);
  expect((await other.goto("/certificates/not-a-code"))?.status()).toBe(404);
  await visitor.close();
});
