import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildSubmissionSchema, quizSchema } from "@/lib/schemas/quiz";
import { gradeQuiz } from "@/lib/quiz/grade";
import { toPublicQuiz } from "@/lib/quiz/public";

const file = path.resolve(__dirname, "../../labs/quizzes/kubernetes-vs-mesos.yaml");
const quiz = quizSchema.parse(parse(readFileSync(file, "utf8")));

function question(id: string) {
  const found = quiz.questions.find((q) => q.id === id);
  if (!found) throw new Error(`missing question ${id}`);
  return found;
}

describe("labs/quizzes/kubernetes-vs-mesos.yaml", () => {
  it("validates and has the agreed metadata", () => {
    expect(quiz).toMatchObject({ slug: "kubernetes-vs-mesos", lesson: "kubernetes-vs-mesos", passMark: 0.8, attemptsPerHour: 5 });
    expect(quiz.title).toBe("Kubernetes vs. Mesos: check your understanding");
    expect(quiz.questions).toHaveLength(12);
  });

  it("uses every question type, with both multiple-choice scorings", () => {
    const count = (type: string) => quiz.questions.filter((q) => q.type === type).length;
    expect(count("single")).toBeGreaterThanOrEqual(3);
    expect(count("short_text")).toBeGreaterThanOrEqual(2);
    expect(count("number")).toBe(1);
    expect(count("date")).toBe(2);
    const scorings = quiz.questions.flatMap((q) => (q.type === "multiple" ? [q.scoring] : []));
    expect(scorings.sort()).toEqual(["all_or_nothing", "partial"]);
  });

  it("keys the facts from the lesson", () => {
    expect(question("kubernetes-open-sourced")).toMatchObject({ type: "number", answer: 2014 });
    expect(question("mesos-retired")).toMatchObject({ type: "date", answer: "2025-08", precision: "month" });
    expect(question("attic-move-completed")).toMatchObject({ type: "date", answer: "2025-10", precision: "month" });
  });

  it("grades the accepted spellings of the short-text answers", () => {
    const grade = (id: string, answer: string) => gradeQuiz(quiz, { [id]: answer }).questions.find((q) => q.id === id)?.correct;
    for (const ok of ["Marathon", "apache marathon", "Mesosphere Marathon."]) expect(grade("mesos-container-framework", ok)).toBe(true);
    for (const ok of ["ZooKeeper", "Apache ZooKeeper", "zoo keeper", "ZK"]) expect(grade("mesos-leader-election", ok)).toBe(true);
    expect(grade("mesos-leader-election", "etcd")).toBe(false);
    expect(grade("mesos-retired", "Aug 2025")).toBe(true);
    expect(grade("attic-move-completed", "2025-08")).toBe(false);
  });

  it("passes a fully correct submission through the submission schema", () => {
    const answers = Object.fromEntries(
      quiz.questions.map((q) => {
        if (q.type === "multiple") return [q.id, q.answers];
        if (q.type === "short_text") return [q.id, q.accept[0]];
        return [q.id, q.answer];
      }),
    );
    const submission = buildSubmissionSchema(quiz).parse({ answers });
    expect(gradeQuiz(quiz, submission.answers)).toMatchObject({ fraction: 1, passed: true });
  });

  it("keeps explanations to one or two sentences", () => {
    for (const q of quiz.questions) {
      const sentences = q.explanation.split(/[.!?](?:\s|$)/u).filter((s) => s.trim() !== "");
      expect(sentences.length, q.id).toBeLessThanOrEqual(2);
    }
  });

  it("leaks no key through the public view, including via other questions", () => {
    const json = JSON.stringify(toPublicQuiz(quiz, "any-seed")).toLowerCase();
    expect(json).not.toMatch(/"(answer|answers|accept|pattern|tolerance|explanation|scoring)"/u);
    for (const q of quiz.questions) {
      expect(json).not.toContain(q.explanation.toLowerCase());
      if (q.type === "short_text") for (const text of q.accept) expect(json, `${q.id}: ${text}`).not.toContain(text.toLowerCase());
      if (q.type === "number" || q.type === "date") expect(json, q.id).not.toContain(String(q.answer));
    }
  });
});
