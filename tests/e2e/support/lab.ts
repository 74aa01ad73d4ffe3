import { expect, type Page } from "@playwright/test";

/** Replaces the SQL editor's text as pasting would (typing would auto-close quotes); returns the Query region. */
export async function writeQuery(page: Page, sql: string, timeout = 45_000) {
  const query = page.getByRole("region", { name: "Query" });
  const editor = query.locator(".monaco-editor").first();
  // generous: the lab's first visit may still be preparing its data on a busy machine
  await expect(editor).toBeVisible({ timeout });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(sql);
  return query;
}
