import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export type Learner = { name: string; email: string; password: string };

export function newLearner(): Learner {
  const id = randomBytes(4).toString("hex");
  return { name: `Learner ${id}`, email: `learner-${id}@example.com`, password: `long password ${id}` };
}

/** Page objects for the account pages; labels and button names are part of the product. */
export class AccountPages {
  constructor(private readonly page: Page) {}

  async signUp(learner: Learner, path = "/signup") {
    await this.page.goto(path);
    await this.page.getByLabel("Name").fill(learner.name);
    await this.page.getByLabel("Email").fill(learner.email);
    await this.page.getByLabel("Password").fill(learner.password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page.getByRole("link", { name: "Sign in" })).toBeVisible();
  }
}

/** Another person, signed up and signed in in a browser of their own (close `context` when done). */
export async function otherLearner(browser: Browser): Promise<{ learner: Learner; context: BrowserContext; page: Page }> {
  const learner = newLearner();
  const context = await browser.newContext();
  const page = await context.newPage();
  await new AccountPages(page).signUp(learner);
  await expect(page).toHaveURL(/\/dashboard$/);
  return { learner, context, page };
}

type Fixtures = { account: AccountPages; learner: Learner; signedInLearner: Learner };

export const test = base.extend<Fixtures>({
  // every page of every test also checks the Content-Security-Policy: nothing it loads or runs is refused
  page: async ({ page }, use) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await use(page);
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
  account: async ({ page }, use) => use(new AccountPages(page)),
  learner: async ({}, use) => use(newLearner()),
  /** A learner who has just signed up through the UI and is signed in. */
  signedInLearner: async ({ page, account, learner }, use) => {
    await account.signUp(learner);
    await expect(page).toHaveURL(/\/dashboard$/);
    await use(learner);
  },
});

export { expect };
