import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { Page } from "@playwright/test";
import { quizSchema, type Quiz } from "@/lib/schemas/quiz";
import { rightAnswers, wrongAnswers } from "../../support/quiz-answers";

export function loadQuiz(slug: string): Quiz {
  return quizSchema.parse(parse(fs.readFileSync(path.join(process.cwd(), "labs", "quizzes", `${slug}.yaml`), "utf8")));
}

/** Fills the quiz through its fieldsets, as a learner would. */
export async function answerQuiz(page: Page, quiz: Quiz, which: "right" | "wrong") {
  const answers = which === "right" ? rightAnswers(quiz) : wrongAnswers(quiz);
  for (const q of quiz.questions) {
    const group = page.getByRole("group", { name: q.prompt });
    const value = answers[q.id];
    if (q.type === "single" || q.type === "multiple") {
      for (const id of Array.isArray(value) ? value : [value]) {
        await group.getByLabel(q.options.find((o) => o.id === id)!.text, { exact: true }).check();
      }
    } else {
      await group.getByRole("textbox").fill(String(value));
    }
  }
  await page.getByRole("button", { name: "Submit answers" }).click();
}
