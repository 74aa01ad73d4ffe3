// axe-core on every page type, as each role that sees it, in the states a person meets it in
// (a lab with a result and with an event open, a quiz after a submission): no serious or critical
// violation of WCAG 2.1 A/AA. Each test prints its table of pages and counts.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, type AccountPages, type Learner } from "./support/fixtures";
import { sql } from "./support/db";
import { answerQuiz, loadQuiz } from "./support/quiz";
import { writeQuery } from "./support/lab";

type Row = { page: string; serious: number; critical: number; moderate: number; minor: number; rules: string };

async function audit(page: Page, label: string, rows: Row[]) {
  // the page has settled: no request under way, so client components have rendered
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const count = (impact: string) => violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0);
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  rows.push({
    page: label,
    serious: count("serious"),
    critical: count("critical"),
    moderate: count("moderate"),
    minor: count("minor"),
    rules: bad.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target.join(" ")}`).join("; "),
  });
}

function report(rows: Row[]) {
  console.log(`\n${"page".padEnd(52)} serious critical moderate minor`);
  for (const r of rows)
    console.log(
      `${r.page.padEnd(52)} ${String(r.serious).padStart(7)} ${String(r.critical).padStart(8)} ${String(r.moderate).padStart(8)} ${String(r.minor).padStart(5)}`,
    );
  expect(rows.filter((r) => r.serious + r.critical > 0).map((r) => `${r.page}: ${r.rules}`)).toEqual([]);
}

async function as(role: "instructor" | "admin", account: AccountPages, page: Page, learner: Learner) {
  await account.signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await sql(`UPDATE "User" SET role = $2 WHERE email = $1`, [learner.email, role]);
}

test("a visitor's pages", async ({ page }) => {
  const rows: Row[] = [];
  for (const path of [
    "/",
    "/tracks/soc-analyst-tier-1",
    "/lessons/kubernetes-vs-mesos",
    "/signin",
    "/signup",
    "/certificates/no-such-code",
    "/reset-password/not-a-token",
  ]) {
    await page.goto(path);
    await audit(page, `visitor ${path}`, rows);
  }
  report(rows);
});

test("a learner's pages: dashboard, account, lesson, quiz and its result, both labs with a result and an open event", async ({ page, signedInLearner }) => {
  void signedInLearner;
  test.setTimeout(180_000);
  const rows: Row[] = [];
  await audit(page, "learner /dashboard", rows);
  await page.goto("/account");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#current-error")).toBeVisible();
  await audit(page, "learner /account with its errors", rows);
  await page.goto("/lessons/kubernetes-vs-mesos");
  await audit(page, "learner /lessons/kubernetes-vs-mesos", rows);
  await page.goto("/quizzes/kubernetes-vs-mesos");
  await audit(page, "learner /quizzes/kubernetes-vs-mesos", rows);
  await answerQuiz(page, loadQuiz("kubernetes-vs-mesos"), "wrong");
  await expect(page.getByRole("status")).toContainText("Not passed yet");
  await audit(page, "learner quiz result", rows);

  for (const slug of ["cryptominer-via-marathon", "unpatched-mesos-control-plane"]) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/labs/${slug}`);
    const query = await writeQuery(page, "SELECT id, ts, host, service, message FROM logs ORDER BY id LIMIT 20");
    await query.getByRole("button", { name: "Run query" }).click();
    await expect(query.getByRole("table", { name: "Query results" }).getByRole("row")).toHaveCount(21, { timeout: 45_000 });
    await audit(page, `learner /labs/${slug} (query, result)`, rows);
    await page.getByRole("tab", { name: "Explore logs" }).click();
    const explorer = page.getByRole("region", { name: "Log explorer" });
    await expect(explorer).toContainText(/events/, { timeout: 45_000 });
    await audit(page, `learner /labs/${slug} (explorer)`, rows);
    await explorer.getByRole("row").nth(1).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await audit(page, `learner /labs/${slug} (event detail)`, rows);
  }
  report(rows);
});

test("an instructor's pages: authoring, an item, the track, reports", async ({ page, account, learner }) => {
  test.setTimeout(120_000);
  await as("instructor", account, page, learner);
  const rows: Row[] = [];
  await page.goto("/author");
  await audit(page, "instructor /author", rows);
  await page.goto("/author/tracks/soc-analyst-tier-1");
  await audit(page, "instructor /author/tracks/soc-analyst-tier-1", rows);
  // an item of their own: a new lab draft (its editor is Monaco)
  await page.goto("/author");
  const form = page.getByRole("form", { name: "New lab" });
  await form.getByLabel("Slug").fill(`a11y-${Date.now()}`);
  await form.getByLabel("Title").fill("Accessibility check lab");
  await form.getByRole("button", { name: "New lab" }).click();
  await expect(page).toHaveURL(/\/author\/items\/[0-9a-f-]{36}$/);
  await expect(page.locator(".monaco-editor").first()).toBeVisible({ timeout: 30_000 });
  await audit(page, "instructor /author/items/<id>", rows);
  await page.goto("/admin/reports");
  await audit(page, "instructor /admin/reports", rows);
  report(rows);
});

test("an admin's pages: overview, users, audit log, reports, matrix, an item's and a learner's report", async ({ page, account, learner }) => {
  test.setTimeout(120_000);
  await as("admin", account, page, learner);
  const rows: Row[] = [];
  const [me] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [learner.email]);
  const [item] = await sql<{ id: string }>(`SELECT id FROM "Item" WHERE kind = 'quiz' AND slug = 'kubernetes-vs-mesos'`, []);
  for (const path of [
    "/admin",
    "/admin/users",
    "/admin/audit",
    "/admin/reports",
    "/admin/reports/matrix",
    `/admin/reports/items/${item.id}`,
    `/admin/reports/learners/${me.id}`,
  ]) {
    await page.goto(path);
    await audit(page, `admin ${path.replace(/[0-9a-f-]{36}/, "<id>")}`, rows);
  }
  report(rows);
});
