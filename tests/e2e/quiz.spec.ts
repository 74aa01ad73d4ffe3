import { expect, test } from "./support/fixtures";
import { answerQuiz, loadQuiz } from "./support/quiz";

const quiz = loadQuiz("kubernetes-vs-mesos");
const KEY_FIELDS = /"(answer|answers|accept|pattern|tolerance|explanation|correct|correctAnswer|scoring|revealPolicy|maxAttempts)"\s*:/;

test("a learner's page, its RSC payload and its text carry no answer key", async ({ page, signedInLearner }) => {
  void signedInLearner;
  await page.goto("/quizzes/kubernetes-vs-mesos");
  await expect(page.getByRole("group")).toHaveCount(quiz.questions.length);
  const html = await (await page.request.get("/quizzes/kubernetes-vs-mesos")).text();
  const rsc = await (await page.request.get("/quizzes/kubernetes-vs-mesos", { headers: { RSC: "1" } })).text();
  const text = await page.locator("body").innerText();
  expect(rsc.length).toBeGreaterThan(1000);

  for (const raw of [html, rsc]) {
    expect(raw).not.toMatch(KEY_FIELDS);
    for (const q of quiz.questions) {
      // Explanations are long sentences: any occurrence is a leak.
      expect(raw, `explanation of ${q.id}`).not.toContain(q.explanation.slice(0, 60));
      if (q.type === "short_text") {
        for (const accepted of q.accept.filter((a) => a.length >= 4))
          expect(raw.toLowerCase(), `accepted answer of ${q.id}`).not.toContain(accepted.toLowerCase());
      }
    }
  }
  for (const q of quiz.questions) {
    if (q.type === "number" || q.type === "date") expect(text, `answer of ${q.id}`).not.toContain(String(q.answer));
  }
});

test("a learner fails, then passes, and the dashboard shows the quiz completed", async ({ page, signedInLearner }) => {
  void signedInLearner;
  await page.goto("/quizzes/kubernetes-vs-mesos");
  await answerQuiz(page, quiz, "wrong");
  const verdict = page.getByRole("status");
  await expect(verdict).toContainText("Not passed yet: 0%");
  await expect(page.getByText("Correct answer:")).toHaveCount(0);
  // the result shows what the learner picked, and points as a person writes them
  await expect(page.getByTestId("given-answer")).toHaveCount(quiz.questions.length);
  await expect(page.getByText(/\d\.\d{3,}/)).toHaveCount(0);

  await page.getByRole("link", { name: "Take the quiz again" }).click();
  await expect(page.getByText("2 of 3 attempts left (at most 5 an hour)")).toBeVisible();
  await answerQuiz(page, quiz, "right");
  await expect(verdict).toContainText("Passed: 100%");
  await expect(page.locator('[data-result="correct"]')).toHaveCount(quiz.questions.length);

  await page.goto("/dashboard");
  await expect(page.getByTestId("dashboard-item-quiz")).toContainText("Completed");
  await expect(page.getByText("1 of 4 completed (25%)")).toBeVisible();
  await page.goto("/quizzes/kubernetes-vs-mesos");
  await expect(page.getByRole("row")).toHaveCount(3);
  // passed: the key has been shown, so the quiz takes no more attempts
  await expect(page.getByText("You have passed this quiz; it takes no more attempts.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit answers" })).toBeDisabled();
});

test("a blank submission is refused next to each question, and nothing is recorded", async ({ page, signedInLearner }) => {
  void signedInLearner;
  await page.goto("/quizzes/kubernetes-vs-mesos");
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.locator(".form-error")).toHaveText("Some answers need attention before you submit.");
  await expect(page.locator(`#error-${quiz.questions[0].id}`)).toHaveText("Answer this question");
  await page.reload();
  await expect(page.getByText("3 of 3 attempts left (at most 5 an hour)")).toBeVisible();
});

test("the attempts endpoint refuses visitors, foreign origins and non-JSON bodies", async ({ page, playwright, signedInLearner }) => {
  void signedInLearner;
  const visitor = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await visitor.post("/api/quizzes/kubernetes-vs-mesos/attempts", { data: { answers: {} } })).status()).toBe(401);
  await visitor.dispose();
  const foreign = await page.request.post("/api/quizzes/kubernetes-vs-mesos/attempts", { data: { answers: {} }, headers: { Origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  const form = await page.request.post("/api/quizzes/kubernetes-vs-mesos/attempts", { form: { answers: "x" } });
  expect(form.status()).toBe(415);
  const unknown = await page.request.post("/api/quizzes/no-such-quiz/attempts", { data: { answers: {} } });
  expect(unknown.status()).toBe(404);
});
