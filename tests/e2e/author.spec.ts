import fs from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { deriveSeed, generateLab } from "@/lib/labgen";
import { expect, otherLearner, test } from "./support/fixtures";
import { sql } from "./support/db";

const labSource = (slug: string, points: string) => `kind: lab
slug: ${slug}
title: "Which Mesos version?"
summary: A short lab made in the browser, on generated logs.
dataset:
  generator: mesos-hunt
  targetEvents: 200000
briefing: |
  **Ticket.** Find which Apache Mesos version the masters still run.
writeup: |
  Search the masters' start-up banner for the Version line from main.cpp.
tasks:
  - id: version
    title: The version they run
    type: text
    truth: mesosVersion
    normalise: version
    points: ${points}
    prompt: Which Apache Mesos version do the masters run?
    explanation: The masters print their version in the start-up banner from main.cpp.
`;

/** Replaces the editor's text as an author pasting a file would (typing would auto-indent it). */
async function replaceText(page: import("@playwright/test").Page, text: string) {
  const editor = page.getByTestId("definition-editor").locator(".monaco-editor").first();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test("an instructor creates a lab from the generator, fixes a marked error, verifies, publishes, and a learner solves a task of it", async ({
  page,
  browser,
  account,
  learner,
}) => {
  test.setTimeout(240_000);
  const slug = `browser-lab-${learner.email.slice(8, 16)}`;
  // an instructor: signs up, and an admin's role change (here, in the database) takes effect on the next request
  await account.signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await sql(`UPDATE "User" SET role = 'instructor' WHERE email = $1`, [learner.email]);

  await page.goto("/author");
  await expect(page.getByRole("heading", { name: "Quizzes and labs" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Find the unpatched Mesos control plane");
  const form = page.getByRole("form", { name: "New lab" });
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Title").fill("Which Mesos version?");
  await form.getByRole("button", { name: "New lab" }).click();
  await expect(page).toHaveURL(/\/author\/items\/[0-9a-f-]{36}$/);

  // an error (negative points) is marked at its line, and saving it is refused
  await replaceText(page, labSource(slug, "-5"));
  const problems = page.getByTestId("problems");
  await expect(problems).toContainText(/line 18 tasks.0.points: Too small/, { timeout: 30_000 });
  await expect(page.getByTestId("save-status")).toContainText(/problem/, { timeout: 15_000 });
  await expect(page.getByTestId("definition-editor").locator(".squiggly-error").first()).toBeVisible();

  // fixed: saved, verified against the author's own variant, published
  await replaceText(page, labSource(slug, "10"));
  await expect(page.getByTestId("save-status")).toContainText(/saved at/, { timeout: 15_000 });
  await expect(problems).toHaveCount(0);
  await expect(page.getByLabel("Learner preview")).toContainText("Which Apache Mesos version do the masters run?");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("verification")).toContainText("Verified", { timeout: 120_000 });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible({ timeout: 60_000 });

  // a learner opens it and solves the task with their own variant's answer
  const { learner: other, context, page: learnerPage } = await otherLearner(browser);
  await learnerPage.goto(`/labs/${slug}`);
  const [{ id }] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [other.email]);
  const truth = generateLab({ seed: deriveSeed(slug, id), targetEvents: 200_000 }).truth;
  const task = learnerPage.locator('[data-task-id="version"]');
  await task.getByLabel("Answer").fill(`v${truth.mesosVersion}`);
  await task.getByRole("button", { name: "Submit answer" }).click();
  await expect(task).toContainText("Correct", { timeout: 30_000 });
  await context.close();
});

test("an instructor makes the second lab in the browser from the shipped log file: upload, verify, publish, and its export is the files under labs/", async ({
  page,
  account,
  learner,
}) => {
  test.setTimeout(240_000);
  const shipped = "cryptominer-via-marathon";
  const slug = `miner-copy-${learner.email.slice(8, 16)}`;
  await account.signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  await sql(`UPDATE "User" SET role = 'instructor' WHERE email = $1`, [learner.email]);
  await page.goto("/author");
  const form = page.getByRole("form", { name: "New lab" });
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Title").fill("Who is mining on our Mesos agents?");
  await form.getByRole("button", { name: "New lab" }).click();
  await expect(page).toHaveURL(/\/author\/items\/[0-9a-f-]{36}$/);

  const source = fs.readFileSync(path.join("labs/labs", `${shipped}.yaml`), "utf8").replaceAll(shipped, slug);
  await replaceText(page, source);
  await expect(page.getByTestId("save-status")).toContainText(/saved at/, { timeout: 30_000 });
  await expect(page.getByLabel("Learner preview")).toContainText("What let that client create an app?");
  const logFile = path.join("labs/labs", `${shipped}.logs.jsonl`);
  await page.locator('input[type="file"]').setInputFiles({ name: `${slug}.logs.jsonl`, mimeType: "application/x-ndjson", buffer: fs.readFileSync(logFile) });
  await expect(page.getByText(/Stored 25001 events/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Verify" }).click();
  const verification = page.getByTestId("verification");
  await expect(verification).toContainText("Verified", { timeout: 120_000 });
  // the detection's row: title, result, precision, recall
  await expect(verification.getByRole("row", { name: /the attacker's use of Marathon/ })).toContainText(/1\.000\s*1\.000/);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible({ timeout: 60_000 });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export" }).click();
  const zip = unzipSync(new Uint8Array(fs.readFileSync(await (await download).path())));
  expect(Object.keys(zip).sort()).toEqual([`labs/${slug}.logs.jsonl`, `labs/${slug}.yaml`]);
  expect(strFromU8(zip[`labs/${slug}.yaml`])).toBe(source);
  expect(Buffer.from(zip[`labs/${slug}.logs.jsonl`]).equals(fs.readFileSync(logFile))).toBe(true);
});

test("a learner gets 403 at /author and a visitor is sent to sign in", async ({ page, signedInLearner }) => {
  void signedInLearner;
  const res = await page.goto("/author");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not for your role" })).toBeVisible();
  await page.context().clearCookies();
  await page.goto("/author");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fauthor$/);
});
