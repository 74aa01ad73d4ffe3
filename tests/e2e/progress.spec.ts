import { expect, test } from "./support/fixtures";

test("opening and completing the lesson shows on the dashboard and the track", async ({ page, signedInLearner }) => {
  void signedInLearner;
  const lessonRow = page.getByTestId("dashboard-item-lesson");
  await expect(lessonRow).toContainText("Not started");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");

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
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
  await expect(page.getByText("1 of 4 completed (25%)")).toBeVisible();

  await page.goto("/tracks/soc-analyst-tier-1");
  await expect(page.getByTestId("track-item-lesson")).toContainText("Completed");
  await expect(page.getByTestId("track-item-quiz")).toContainText("Not started");
});
