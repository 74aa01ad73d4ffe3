import { z } from "zod";
import { compileAnswerPattern, hasNestedQuantifier, parseDateAnswer, parseNumberAnswer, precisionOf } from "@/lib/quiz/normalise";
import { isPlainText, plainText } from "./text";

// One schema for quiz files on disk and for the in-browser authoring editor,
// so an author sees the same errors the build would report.

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const slug = (what: string) => z.string().regex(KEBAB, { error: `${what} must be kebab-case, e.g. "two-level-scheduling"` });

const optionSchema = z.strictObject({
  id: slug("Option id"),
  text: z.string().trim().min(1, { error: "Option text is required" }),
});

const options = z.array(optionSchema).min(2, { error: "Give at least 2 options" }).max(10, { error: "Give at most 10 options" });

const baseQuestion = {
  id: slug("Question id"),
  prompt: z.string().trim().min(1, { error: "Prompt is required" }),
  points: z.number().positive({ error: "Points must be a positive number" }).default(1),
  explanation: z.string().trim().min(1, { error: "Explanation is required" }),
};

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

type WithOptions = { id: string; options: { id: string }[] };

function checkOptionIds(question: WithOptions, ctx: z.RefinementCtx, keys: readonly string[], keyPath: (string | number)[]) {
  for (const dup of duplicates(question.options.map((option) => option.id))) {
    ctx.addIssue({ code: "custom", path: ["options"], message: `Question "${question.id}": duplicate option id "${dup}"` });
  }
  const known = new Set(question.options.map((option) => option.id));
  for (const key of keys.filter((k) => !known.has(k))) {
    ctx.addIssue({ code: "custom", path: keyPath, message: `Question "${question.id}": answer "${key}" is not one of its options` });
  }
}

const singleQuestion = z
  .strictObject({ ...baseQuestion, type: z.literal("single"), options, answer: z.string() })
  .superRefine((q, ctx) => checkOptionIds(q, ctx, [q.answer], ["answer"]));

// Partial scoring judges each option on its own:
//   earned = max(0, (correctSelected - wrongSelected) / totalCorrect) * points
// so ticking every box never beats leaving the wrong ones alone.
const multipleQuestion = z
  .strictObject({
    ...baseQuestion,
    type: z.literal("multiple"),
    options,
    answers: z.array(z.string()).min(1, { error: "Give at least one correct option" }),
    scoring: z.enum(["all_or_nothing", "partial"]).default("all_or_nothing"),
  })
  .superRefine((q, ctx) => {
    checkOptionIds(q, ctx, q.answers, ["answers"]);
    for (const dup of duplicates(q.answers)) {
      ctx.addIssue({ code: "custom", path: ["answers"], message: `Question "${q.id}": option "${dup}" is listed twice` });
    }
  });

const shortTextQuestion = z
  .strictObject({
    ...baseQuestion,
    type: z.literal("short_text"),
    accept: z.array(z.string().trim().min(1, { error: "Accepted answers cannot be blank" })).min(1, { error: "Give at least one accepted answer" }),
    pattern: z.string().min(1).max(200, { error: "Pattern must be at most 200 characters" }).optional(),
    maxLength: z.int().min(1).max(1000).default(200),
  })
  .superRefine((q, ctx) => {
    for (const text of q.accept.filter((t) => t.length > q.maxLength)) {
      ctx.addIssue({ code: "custom", path: ["accept"], message: `Question "${q.id}": "${text}" is longer than maxLength` });
    }
    if (q.pattern === undefined) return;
    try {
      compileAnswerPattern(q.pattern);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: `Question "${q.id}": pattern does not compile (${(error as Error).message})` });
      return;
    }
    if (hasNestedQuantifier(q.pattern)) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: `Question "${q.id}": pattern has nested quantifiers, which can hang the grader` });
    }
  });

const numberQuestion = z.strictObject({
  ...baseQuestion,
  type: z.literal("number"),
  answer: z.number(),
  tolerance: z.number().min(0, { error: "Tolerance cannot be negative" }).default(0),
});

const DATE_KEY = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/u;

// YAML reads a bare `answer: 2014` as a number, so a year is accepted either
// way; the precision is whatever the key's shape pins down.
const dateQuestion = z
  .strictObject({
    ...baseQuestion,
    type: z.literal("date"),
    answer: z
      .union([z.string(), z.int()])
      .transform(String)
      .pipe(z.string().regex(DATE_KEY, { error: 'Date answer must look like "YYYY", "YYYY-MM" or "YYYY-MM-DD"' })),
    precision: z.enum(["year", "month", "day"]).optional(),
  })
  .transform((q, ctx) => {
    const parts = parseDateAnswer(q.answer);
    if (!parts) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: `Question "${q.id}": "${q.answer}" is not a real date` });
      return z.NEVER;
    }
    const inferred = precisionOf(parts);
    if (q.precision !== undefined && q.precision !== inferred) {
      ctx.addIssue({ code: "custom", path: ["precision"], message: `Question "${q.id}": precision "${q.precision}" does not match answer "${q.answer}"` });
      return z.NEVER;
    }
    return { ...q, precision: inferred };
  });

export const questionSchema = z.discriminatedUnion("type", [singleQuestion, multipleQuestion, shortTextQuestion, numberQuestion, dateQuestion]);

// after_pass_or_limit: keys appear once the learner passes or has used their
// maxAttempts attempts; after_pass: only on a pass; never: keys are never shown
// (explanations still are). Either way the quiz is over once its keys could be
// shown: a pass, or the last attempt. See revealFor in lib/quiz/public.ts.
export const revealPolicySchema = z.enum(["after_pass_or_limit", "after_pass", "never"]);

export const quizSchema = z
  .strictObject({
    kind: z.literal("quiz"),
    slug: slug("Quiz slug"),
    title: z.string().trim().min(1, { error: "Title is required" }),
    summary: z.string().trim().min(1, { error: "Summary is required" }),
    lesson: slug("Lesson slug"),
    passMark: z.number().min(0).max(1, { error: "passMark is a fraction between 0 and 1" }).default(0.8),
    attemptsPerHour: z.int().min(1).default(5),
    revealPolicy: revealPolicySchema.default("after_pass_or_limit"),
    /** graded attempts in all; after a pass or the last one, the quiz is closed (and its key may be shown) */
    maxAttempts: z.int().min(1).max(100).default(3),
    questions: z.array(questionSchema).min(1, { error: "A quiz needs at least one question" }).max(100, { error: "A quiz has at most 100 questions" }),
  })
  .superRefine((quiz, ctx) => {
    for (const dup of duplicates(quiz.questions.map((q) => q.id))) {
      ctx.addIssue({ code: "custom", path: ["questions"], message: `Duplicate question id "${dup}"` });
    }
  });

export type QuizInput = z.input<typeof quizSchema>;
export type Quiz = z.infer<typeof quizSchema>;
export type Question = Quiz["questions"][number];
export type QuestionType = Question["type"];
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;
export type RevealPolicy = z.infer<typeof revealPolicySchema>;

// Learner submissions. Every question must be answered: a blank is rejected
// rather than graded, so blank submissions cannot be used to probe the key.

export type AnswerValue = string | string[] | number;
export interface Submission {
  answers: Record<string, AnswerValue>;
}

const MISSING = "Answer this question";

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  return Array.isArray(value) && value.length === 0;
}

function answerSchema(q: Question): z.ZodType<AnswerValue> {
  const name = `Question "${q.id}"`;
  switch (q.type) {
    case "single": {
      const ids = new Set(q.options.map((option) => option.id));
      // An id that is not plain text has its own message; it is not echoed back as unknown.
      return z
        .string({ error: `${name} expects one option id` })
        .check(plainText("line"))
        .refine((id) => ids.has(id) || !isPlainText(id), { error: (iss) => `${name}: unknown option "${String(iss.input)}"` });
    }
    case "multiple": {
      const ids = new Set(q.options.map((option) => option.id));
      return z
        .array(z.string().check(plainText("line")), { error: `${name} expects a list of option ids` })
        .max(q.options.length, { error: `${name}: more choices than options` })
        .superRefine((chosen, ctx) => {
          for (const id of chosen.filter((c) => !ids.has(c) && isPlainText(c))) ctx.addIssue({ code: "custom", message: `${name}: unknown option "${id}"` });
          for (const id of duplicates(chosen).filter((c) => isPlainText(c))) ctx.addIssue({ code: "custom", message: `${name}: option "${id}" chosen twice` });
        });
    }
    case "short_text":
      return (
        z
          .string({ error: `${name} expects a text answer` })
          .max(q.maxLength, { error: `${name}: answer is too long (at most ${q.maxLength} characters)` })
          // The grader folds runs of whitespace, so a pasted tab or line break is harmless.
          .check(plainText("multiline"))
      );
    case "number":
      return z.union([z.number(), z.string().max(40).check(plainText("line"))], { error: `${name} expects a number` }).transform((value, ctx) => {
        const parsed = parseNumberAnswer(value);
        if (parsed !== null) return parsed;
        ctx.addIssue({ code: "custom", message: `${name} expects a number, e.g. 12 or 3.5` });
        return z.NEVER;
      });
    case "date":
      return z
        .string({ error: `${name} expects a date` })
        .max(40, { error: `${name}: date is too long (at most 40 characters)` })
        .check(plainText("line"));
  }
}

/** What the attempts endpoint accepts before a quiz is known: answers keyed by question id, nothing else. */
export const submissionEnvelopeSchema = z.strictObject({ answers: z.record(z.string().max(100), z.unknown()) });
export type SubmissionEnvelope = z.infer<typeof submissionEnvelopeSchema>;

export function buildSubmissionSchema(quiz: Quiz): z.ZodType<Submission> {
  const shape: Record<string, z.ZodType<AnswerValue>> = {};
  for (const q of quiz.questions) {
    // The blank check runs first and aborts, so a missing answer gets one
    // clear message instead of a type error.
    shape[q.id] = z
      .unknown()
      .refine((value) => !isBlank(value), { error: MISSING, abort: true })
      .pipe(answerSchema(q));
  }
  const answers = z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? `Unknown question id(s): ${iss.keys.join(", ")}` : "Answers must be an object keyed by question id"),
  });
  return z.strictObject({ answers });
}

// Groups issues by question id so a form can show each next to its question.
export function submissionIssuesByQuestion(error: z.ZodError): { form: string[]; questions: Record<string, string[]> } {
  const grouped: { form: string[]; questions: Record<string, string[]> } = { form: [], questions: {} };
  for (const issue of error.issues) {
    const [root, id] = issue.path;
    if (root === "answers" && typeof id === "string") (grouped.questions[id] ??= []).push(issue.message);
    else grouped.form.push(issue.message);
  }
  return grouped;
}
