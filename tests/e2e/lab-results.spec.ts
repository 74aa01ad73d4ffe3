import fs from "node:fs";
import { expect, test } from "./support/fixtures";
import { writeQuery } from "./support/lab";

// the lab on the shipped log file: the same 25,001 events for everyone
const SLUG = "cryptominer-via-marathon";

test("an explorer event opens in full: filter for or exclude its values, and walk its context", async ({ page, signedInLearner }) => {
  void signedInLearner;
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/labs/${SLUG}`);
  // the tab works once the page is hydrated: ask until it is selected
  const tab = page.getByRole("tab", { name: "Explore logs" });
  await expect(async () => {
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true", { timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  const explorer = page.getByRole("region", { name: "Log explorer" });
  await expect(explorer).toContainText(/25,001 events/, { timeout: 45_000 });
  const events = explorer.getByRole("table", { name: "Events" });
  const sql = explorer.getByLabel("Query for these filters");

  // keyboard: the first event row is reachable with Tab and opens with Enter; Escape closes it
  const first = events.getByRole("row").nth(1);
  await first.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: /^Event \d+$/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("fields['")).not.toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // a click opens the fifth event: its whole row, and its neighbours on the same host
  await events.getByRole("row").nth(5).click();
  await expect(dialog).toBeVisible();
  const title = (await dialog.getByRole("heading", { level: 3 }).textContent())!;
  const id = Number(title.replace("Event ", ""));
  const context = dialog.getByRole("table", { name: new RegExp(`^Events around event ${id} on `) });
  await expect(context.locator('tr[aria-current="true"]')).toContainText("This event");
  const host = (await dialog
    .locator("dt", { hasText: /^host$/ })
    .locator("xpath=following-sibling::dd[1]/pre")
    .textContent())!;
  const neighbour = context.getByRole("button", { name: /^Open event \d+$/ }).last();
  const neighbourId = Number(((await neighbour.getAttribute("aria-label")) ?? "").replace("Open event ", ""));
  await neighbour.click();
  await expect(dialog.getByRole("heading", { level: 3 })).toHaveText(`Event ${neighbourId}`);
  await expect(dialog.getByRole("table", { name: `Events around event ${neighbourId} on ${host}` })).toBeVisible();

  // Filter for this: the explorer shows that host only
  await dialog.getByRole("button", { name: `Filter for host ${host}` }).click();
  await expect(dialog).toBeHidden();
  await expect(sql).toContainText(`WHERE host IN ('${host}')`);
  await expect(events.getByRole("row").nth(1)).toContainText(host);

  // Exclude this: a service goes, shown as a removable chip
  await events.getByRole("row").nth(1).click();
  const service = (await dialog
    .locator("dt", { hasText: /^service$/ })
    .locator("xpath=following-sibling::dd[1]/pre")
    .textContent())!;
  await dialog.getByRole("button", { name: `Exclude service ${service}` }).click();
  await expect(sql).toContainText(`service NOT IN ('${service}')`);
  const chips = explorer.getByRole("list", { name: "Excluded" });
  await expect(chips).toContainText(`NOT service ${service}`);
  await chips.getByRole("button", { name: `Remove the exclusion of service ${service}` }).click();
  await expect(sql).not.toContainText("NOT IN");
  await expect(chips).toHaveCount(0);
});

test("a result past 1,000 rows pages, and a result exports as CSV", async ({ page, signedInLearner }) => {
  void signedInLearner;
  test.setTimeout(120_000);
  await page.goto(`/labs/${SLUG}`);
  const query = await writeQuery(page, "SELECT id, host FROM logs ORDER BY id");
  await query.getByRole("button", { name: "Run query" }).click();
  await expect(query.getByRole("status")).toContainText("Showing rows 1–1,000 of 25,001", { timeout: 30_000 });
  const table = query.getByRole("table", { name: "Query results" });
  const firstId = Number(await table.getByRole("row").nth(1).getByRole("cell").nth(1).textContent());
  await query.getByRole("button", { name: "Next 1,000 rows" }).click();
  const pages = query.getByRole("navigation", { name: "Result pages" });
  await expect(pages).toContainText("Rows 1,001–2,000 of 25,001");
  await expect(table.getByRole("button", { name: "Open row 1001" })).toBeVisible();
  await expect(table.getByRole("row").nth(1).getByRole("cell").nth(1)).toHaveText(String(firstId + 1000));
  await query.getByRole("button", { name: "Previous 1,000 rows" }).click();
  await expect(pages).toContainText("Rows 1–1,000 of 25,001");
  await expect(table.getByRole("button", { name: "Open row 1", exact: true })).toBeVisible();

  await writeQuery(page, "SELECT id, ts, host, fields FROM logs ORDER BY id LIMIT 3");
  await query.getByRole("button", { name: "Run query" }).click();
  await expect(table.getByRole("row")).toHaveCount(4, { timeout: 30_000 });
  const cells = table.getByRole("row").nth(1).getByRole("cell");
  const [id, ts, host] = [await cells.nth(1).textContent(), await cells.nth(2).textContent(), await cells.nth(3).textContent()];
  const downloading = page.waitForEvent("download");
  await query.getByRole("button", { name: "Export CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${SLUG}-query-\\d{8}T\\d{6}Z\\.csv$`));
  const lines = fs
    .readFileSync((await download.path())!, "utf8")
    .trimEnd()
    .split("\n");
  expect(lines[0]).toBe("id,ts,host,fields");
  expect(lines[1]).toMatch(new RegExp(`^${id},${ts!.replace(/[.]/g, "\\.")},${host},"\\{`));
  expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(lines).toHaveLength(4);
  await expect(query).toContainText(/Downloaded cryptominer-via-marathon-query-\d{8}T\d{6}Z\.csv/);

  // too large for an export: refused with the limit, nothing downloaded
  await writeQuery(page, "SELECT l.id FROM logs l, range(5)");
  await query.getByRole("button", { name: "Run query" }).click();
  await expect(query.getByRole("status")).toContainText("of 125,005", { timeout: 30_000 });
  await query.getByRole("button", { name: "Export JSON lines" }).click();
  await expect(query.getByRole("alert")).toHaveText("This result has 125,005 rows; an export is limited to 100,000. Narrow the query.");
});
