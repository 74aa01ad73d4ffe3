import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildSubmissionSchema, quizSchema, submissionIssuesByQuestion, type QuizInput } from "@/lib/schemas/quiz";
import { sampleQuiz } from "../support/sample-quiz";

function messages(input: unknown): string[] {
  const result = quizSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("quizSchema", () => {
  it("applies defaults and infers date precision", () => {
    const quiz = quizSchema.parse(sampleQuiz());
    expect(quiz).toMatchObject({ passMark: 0.8, attemptsPerHour: 5, revealPolicy: "after_pass_or_limit", maxAttempts: 3 });
    expect(quiz.questions[0].points).toBe(1);
    expect(quiz.questions[1]).toMatchObject({ scoring: "all_or_nothing" });
    expect(quiz.questions[4]).toMatchObject({ precision: "month" });
  });

  it("accepts a bare YAML year as a year-precision date", () => {
    const input = sampleQuiz();
    input.questions[4] = { id: "when", type: "date", prompt: "When?", explanation: "2014.", answer: 2014 };
    expect(quizSchema.parse(input).questions[4]).toMatchObject({ answer: "2014", precision: "year" });
  });

  it("rejects an answer that is not one of the options, naming the question", () => {
    const input = sampleQuiz();
    input.questions[0] = { ...input.questions[0], answer: "z" } as QuizInput["questions"][number];
    expect(messages(input)).toContain('Question "one": answer "z" is not one of its options');
  });

  it("rejects unknown multiple-choice answers", () => {
    const input = sampleQuiz();
    input.questions[1] = { ...input.questions[1], answers: ["a", "nope"] } as QuizInput["questions"][number];
    expect(messages(input)).toContain('Question "many": answer "nope" is not one of its options');
  });

  it("rejects duplicate question ids and duplicate option ids", () => {
    const input = sampleQuiz();
    input.questions.push({ ...input.questions[0] });
    expect(messages(input)).toContain('Duplicate question id "one"');

    const options = sampleQuiz();
    options.questions[0] = {
      ...options.questions[0],
      options: [
        { id: "a", text: "A" },
        { id: "a", text: "B" },
      ],
    } as QuizInput["questions"][number];
    expect(messages(options)).toContain('Question "one": duplicate option id "a"');
  });

  it("rejects bad, overlong and catastrophic patterns", () => {
    const withPattern = (pattern: string) => {
      const input = sampleQuiz();
      input.questions[2] = { ...input.questions[2], pattern } as QuizInput["questions"][number];
      return messages(input).join("\n");
    };
    expect(withPattern("(unclosed")).toMatch(/Question "word": pattern does not compile/);
    // Would compile once wrapped as ^(?:zk)|(.*)$ and then accept anything.
    expect(withPattern("zk)|(.*")).toMatch(/Question "word": pattern does not compile/);
    expect(withPattern("a".repeat(201))).toMatch(/at most 200 characters/);
    expect(withPattern("(a+)+")).toMatch(/nested quantifiers/);
    expect(withPattern("hi|hello")).toBe("");
  });

  it("rejects malformed slugs, impossible dates and contradictory precision", () => {
    expect(messages({ ...sampleQuiz(), slug: "Not Kebab" }).join()).toMatch(/kebab-case/);
    const date = sampleQuiz();
    date.questions[4] = { id: "when", type: "date", prompt: "When?", explanation: "x", answer: "2025-02-30" };
    expect(messages(date)).toContain('Question "when": "2025-02-30" is not a real date');
    date.questions[4] = { id: "when", type: "date", prompt: "When?", explanation: "x", answer: "2025-08", precision: "day" };
    expect(messages(date).join()).toMatch(/does not match/);
  });

  it("rejects unknown question types and unknown fields", () => {
    const input = sampleQuiz() as { questions: unknown[] };
    input.questions[0] = { id: "x", type: "essay", prompt: "?", explanation: "." };
    expect(quizSchema.safeParse(input).success).toBe(false);
    expect(quizSchema.safeParse({ ...sampleQuiz(), answerKey: "oops" }).success).toBe(false);
  });
});

describe("buildSubmissionSchema", () => {
  const quiz = quizSchema.parse(sampleQuiz());
  const schema = buildSubmissionSchema(quiz);
  const good = { one: "a", many: ["a", "b"], word: "hi", year: "2014", when: "Aug 2025" };

  function issues(answers: Record<string, unknown>) {
    const result = schema.safeParse({ answers });
    if (result.success) throw new Error("expected the submission to be rejected");
    return submissionIssuesByQuestion(result.error);
  }

  it("accepts a complete submission and coerces numeric strings", () => {
    expect(schema.parse({ answers: good }).answers.year).toBe(2014);
  });

  it("rejects unknown question ids", () => {
    expect(issues({ ...good, extra: "a" }).form).toEqual(["Unknown question id(s): extra"]);
  });

  it("rejects unknown option ids", () => {
    expect(issues({ ...good, one: "zz" }).questions.one).toEqual(['Question "one": unknown option "zz"']);
    expect(issues({ ...good, many: ["a", "zz"] }).questions.many).toEqual(['Question "many": unknown option "zz"']);
    expect(issues({ ...good, many: ["a", "a"] }).questions.many).toEqual(['Question "many": option "a" chosen twice']);
  });

  it("rejects wrong types", () => {
    expect(issues({ ...good, one: ["a"] }).questions.one).toEqual(['Question "one" expects one option id']);
    expect(issues({ ...good, many: "a" }).questions.many).toEqual(['Question "many" expects a list of option ids']);
    expect(issues({ ...good, year: true }).questions.year).toEqual(['Question "year" expects a number']);
    expect(issues({ ...good, year: "soon" }).questions.year).toEqual(['Question "year" expects a number, e.g. 12 or 3.5']);
    expect(issues({ ...good, when: 2025 }).questions.when).toEqual(['Question "when" expects a date']);
  });

  it("rejects oversized values", () => {
    expect(issues({ ...good, word: "x".repeat(21) }).questions.word).toEqual(['Question "word": answer is too long (at most 20 characters)']);
    expect(issues({ ...good, when: "x".repeat(41) }).questions.when).toEqual(['Question "when": date is too long (at most 40 characters)']);
    expect(issues({ ...good, many: ["a", "b", "c", "a"] }).questions.many).toContain('Question "many": more choices than options');
  });

  it("requires every question, treating empty strings and arrays as missing", () => {
    const { one, ...withoutOne } = good;
    expect(one).toBe("a");
    expect(issues(withoutOne).questions.one).toEqual(["Answer this question"]);
    expect(issues({ ...good, word: "   " }).questions.word).toEqual(["Answer this question"]);
    expect(issues({ ...good, many: [] }).questions.many).toEqual(["Answer this question"]);
  });

  it("rejects a body without an answers object", () => {
    expect(schema.safeParse({}).success).toBe(false);
    const result = schema.safeParse({ answers: "a" });
    expect(result.success ? [] : z.flattenError(result.error).fieldErrors.answers).toEqual(["Answers must be an object keyed by question id"]);
  });
});
