import { expect, test } from "./support/fixtures";

test("the lesson is readable signed out", async ({ page }) => {
  await page.goto("/lessons/kubernetes-vs-mesos");
  await expect(page.getByRole("heading", { level: 1, name: "Kubernetes vs. Mesos" })).toBeVisible();
  const table = page.locator("table").first();
  await expect(table.getByRole("columnheader", { name: "Dimension" })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(12);
  await expect(page.getByText(/Apache Attic/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as complete" })).toHaveCount(0);
  // the two diagrams come from our own build and load
  for (const name of [/Kubernetes declares the desired state/, /Three Mesos masters and their Marathons/]) {
    const img = page.getByRole("img", { name });
    await img.scrollIntoViewIfNeeded();
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0 && new URL(el.src).host === location.host)).toBe(true);
  }
});

for (const path of ["/quizzes/kubernetes-vs-mesos", "/labs/unpatched-mesos-control-plane", "/labs/cryptominer-via-marathon"]) {
  test(`${path} sends a visitor to sign in and back`, async ({ page, account, learner }) => {
    await account.signUp(learner);
    await expect(page).toHaveURL(/\/dashboard$/);
    await account.signOut();

    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(path)}$`));
    await account.signIn(learner.email, learner.password);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    // The lab's first visit generates the learner's dataset: allow for it on a busy machine.
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Preparing your logs…", { timeout: 45_000 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });
}

test("the track lists its items in order, locked for visitors", async ({ page }) => {
  await page.goto("/tracks/soc-analyst-tier-1");
  await expect(page.getByRole("heading", { level: 1, name: "SOC Analyst Tier 1" })).toBeVisible();
  const items = page.getByRole("list", { name: "Track items" }).getByRole("listitem");
  await expect(items).toHaveCount(4);
  await expect(items.nth(0)).toContainText("Kubernetes vs. Mesos");
  for (const i of [1, 2, 3]) await expect(items.nth(i)).toContainText("Sign in to start");
  await expect(items.nth(2)).toContainText("Find the unpatched Mesos control plane");
  await expect(items.nth(3)).toContainText("Who is mining on our Mesos agents?");
});

test("unknown pages and slugs are a 404 page, not a crash", async ({ page }) => {
  for (const path of ["/lessons/no-such-lesson", "/tracks/no-such-track", "/lessons/..%2F..%2Fetc%2Fpasswd", "/nowhere"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("the health endpoint reports the app and its database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: { status: "ok" } });
});
