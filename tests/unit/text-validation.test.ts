import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CONTROL_TEXT, INVALID_TEXT, isPlainText, plainText, textProblem, type TextKind } from "@/lib/schemas/text";
import { signInSchema, signUpSchema } from "@/lib/schemas/auth";
import { exploreSchema, labAnswerSchema, querySchema } from "@/lib/schemas/lab";
import { buildSubmissionSchema, quizSchema, submissionIssuesByQuestion } from "@/lib/schemas/quiz";
import { sampleQuiz } from "../support/sample-quiz";

// Text PostgreSQL cannot store (NUL in text or jsonb) or that is not Unicode at all (a lone surrogate).
const BROKEN: [string, string][] = [
  ["a NUL byte", "a\u0000b"],
  ["a lone high surrogate", "a\ud800b"],
  ["a lone high surrogate at the end", "ab\ud800"],
  ["a lone low surrogate", "a\udc00b"],
  ["a lone low surrogate at the start", "\udfffab"],
  ["a reversed pair", "a\udc00\ud800b"],
  ["two high surrogates then a low one", "\ud800\ud800\udc00"],
];

const KINDS: TextKind[] = ["line", "multiline", "secret"];

function messagesOf(result: { success: boolean; error?: z.ZodError }): string[] {
  return result.success ? [] : result.error!.issues.map((issue) => issue.message);
}

describe("textProblem", () => {
  it.each(BROKEN)("refuses %s in every kind of field", (_, text) => {
    for (const kind of KINDS) {
      expect(textProblem(text, kind)).toBe(INVALID_TEXT);
      expect(isPlainText(text, kind)).toBe(false);
    }
  });

  it.each([
    ["plain ASCII", "SELECT count(*) FROM logs"],
    ["an empty string", ""],
    ["accents and CJK", "Ada Lövelace 李"],
    ["an emoji (a surrogate pair)", "ok 🔥 done"],
    ["a pair at the very end", "x\ud83d\ude00"],
    ["the highest code point", "\udbff\udfff"],
    ["C1 controls and non-characters", "\u0085\u009f\ufffe\uffff"],
    ["U+FFFD itself", "\ufffd"],
  ])("accepts %s everywhere", (_, text) => {
    for (const kind of KINDS) expect(textProblem(text, kind)).toBeNull();
  });

  it("keeps tab, LF and CR in multi-line text only", () => {
    for (const ws of ["\t", "\n", "\r", "\r\n"]) {
      expect(textProblem(`a${ws}b`, "multiline")).toBeNull();
      expect(textProblem(`a${ws}b`, "secret")).toBeNull();
      expect(textProblem(`a${ws}b`, "line")).toBe(CONTROL_TEXT);
    }
  });

  it("refuses the other C0 controls and DEL except in secrets", () => {
    for (const code of [0x01, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f]) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(textProblem(text, "line")).toBe(CONTROL_TEXT);
      expect(textProblem(text, "multiline")).toBe(CONTROL_TEXT);
      expect(textProblem(text, "secret")).toBeNull();
    }
  });

  it("reports broken text ahead of control characters, wherever they are", () => {
    expect(textProblem("\u0007 then \ud800", "line")).toBe(INVALID_TEXT);
    expect(textProblem("\ud800 then \u0007", "multiline")).toBe(INVALID_TEXT);
  });

  it("defaults to a one-line field", () => {
    expect(textProblem("a\nb")).toBe(CONTROL_TEXT);
    expect(isPlainText("a b")).toBe(true);
  });

  it("is quick on a 20 KB query", () => {
    const sql = `SELECT 1 -- ${"é🔥x".repeat(5_000)}`;
    const started = performance.now();
    for (let i = 0; i < 50; i++) expect(textProblem(sql, "multiline")).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("the plainText check", () => {
  const schema = z.string().trim().min(2, "too short").check(plainText("line"));

  it("adds one issue with the message and lets good text through", () => {
    expect(schema.parse(" ok ")).toBe("ok");
    expect(messagesOf(schema.safeParse("o\u0000k"))).toEqual([INVALID_TEXT]);
    expect(messagesOf(schema.safeParse("o\tk"))).toEqual([CONTROL_TEXT]);
  });

  it("judges the trimmed text when placed after trim", () => {
    expect(schema.parse("\n\tok\r\n")).toBe("ok");
  });

  it("does not stop the other checks", () => {
    expect(messagesOf(schema.safeParse("\u0000"))).toEqual(["too short", INVALID_TEXT]);
  });

  it("mentions the message, not the offending text", () => {
    const result = z.object({ name: schema }).safeParse({ name: "x\ud800" });
    expect(z.prettifyError(result.error!)).toBe(`✖ ${INVALID_TEXT}\n  → at name`);
  });
});

describe("sign-up and sign-in", () => {
  const good = { name: "Ada", email: "ada@example.com", password: "twelve chars" };
  const fieldErrors = (schema: z.ZodType, input: unknown) => {
    const result = schema.safeParse(input);
    return result.success ? {} : z.flattenError(result.error).fieldErrors;
  };

  it.each(BROKEN)("refuses %s in the name, email and password", (_, bad) => {
    expect(fieldErrors(signUpSchema, { ...good, name: `Ada ${bad}` })).toEqual({ name: [INVALID_TEXT] });
    expect(fieldErrors(signUpSchema, { ...good, email: `ada${bad}@example.com` })).toEqual({ email: [INVALID_TEXT] });
    expect(fieldErrors(signUpSchema, { ...good, password: `twelve chars${bad}` })).toEqual({ password: [INVALID_TEXT] });
    expect(fieldErrors(signInSchema, { email: `ada${bad}@example.com`, password: "x" })).toEqual({ email: [INVALID_TEXT] });
    expect(fieldErrors(signInSchema, { email: good.email, password: `x${bad}` })).toEqual({ password: [INVALID_TEXT] });
  });

  it("keeps a name on one line but trims around it", () => {
    expect(fieldErrors(signUpSchema, { ...good, name: "Ada\nLovelace" })).toEqual({ name: [CONTROL_TEXT] });
    expect(fieldErrors(signUpSchema, { ...good, name: "Ada\u001b[31m" })).toEqual({ name: [CONTROL_TEXT] });
    expect(signUpSchema.parse({ ...good, name: "\tAda Lovelace\n" }).name).toBe("Ada Lovelace");
    expect(signUpSchema.parse({ ...good, name: "Zoë 🔥" }).name).toBe("Zoë 🔥");
  });

  it("leaves passwords alone apart from broken text", () => {
    expect(signUpSchema.parse({ ...good, password: "tab\there and 🔥 there" }).password).toBe("tab\there and 🔥 there");
    expect(signInSchema.parse({ email: good.email, password: "bell\u0007" }).password).toBe("bell\u0007");
  });
});

describe("lab input", () => {
  it.each(BROKEN)("refuses %s in a query", (_, bad) => {
    expect(messagesOf(querySchema.safeParse({ sql: `SELECT '${bad}' FROM logs` }))).toEqual([INVALID_TEXT]);
  });

  it("keeps SQL layout but refuses other control characters in a query", () => {
    const sql = "SELECT host,\r\n\tcount(*)\nFROM logs\n-- 🔥 done\nGROUP BY 1";
    expect(querySchema.parse({ sql }).sql).toBe(sql);
    expect(messagesOf(querySchema.safeParse({ sql: "SELECT '\u0007'" }))).toEqual([CONTROL_TEXT]);
    expect(messagesOf(querySchema.safeParse({ sql: "SELECT 1\u007f" }))).toEqual([CONTROL_TEXT]);
    expect(messagesOf(querySchema.safeParse({ sql: 42 }))).toEqual(["Send the query as text"]);
  });

  it.each(BROKEN)("refuses %s in a text answer and in each list entry", (_, bad) => {
    expect(messagesOf(labAnswerSchema.safeParse({ taskId: "version", answer: `1.4.0${bad}` }))).toEqual([INVALID_TEXT]);
    expect(messagesOf(labAnswerSchema.safeParse({ taskId: "masters", answer: ["m1", `m2${bad}`] }))).toEqual([INVALID_TEXT]);
    const result = labAnswerSchema.safeParse({ taskId: "masters", answer: ["m1", `m2${bad}`] });
    expect(result.error!.issues[0].path).toEqual(["answer", 1]);
  });

  it("keeps line breaks in a text answer but not inside a list entry", () => {
    expect(labAnswerSchema.parse({ taskId: "masters", answer: "m1\r\nm2\tm3" }).answer).toBe("m1\r\nm2\tm3");
    expect(labAnswerSchema.parse({ taskId: "masters", answer: [" m1\n", "m2"] }).answer).toEqual(["m1", "m2"]);
    expect(messagesOf(labAnswerSchema.safeParse({ taskId: "masters", answer: ["m1\nm2"] }))).toEqual([CONTROL_TEXT]);
    expect(messagesOf(labAnswerSchema.safeParse({ taskId: "version", answer: "1.4\u0008" }))).toEqual([CONTROL_TEXT]);
  });

  it("still says what was wrong with an answer of the wrong shape", () => {
    expect(messagesOf(labAnswerSchema.safeParse({ taskId: "version", answer: 42 }))).toEqual(["The answer must be text or a list of values"]);
    expect(messagesOf(labAnswerSchema.safeParse({ taskId: "version", answer: "  " }))).toEqual(["Enter an answer"]);
  });

  it.each(BROKEN)("refuses %s in explorer filters", (_, bad) => {
    expect(messagesOf(exploreSchema.safeParse({ filters: { text: `error${bad}` } }))).toEqual([INVALID_TEXT]);
    expect(messagesOf(exploreSchema.safeParse({ filters: { hosts: ["a", `b${bad}`] } }))).toEqual([INVALID_TEXT]);
    expect(messagesOf(exploreSchema.safeParse({ filters: { services: [bad] } }))).toEqual([INVALID_TEXT]);
  });

  it("keeps filters on one line", () => {
    expect(messagesOf(exploreSchema.safeParse({ filters: { text: "a\nb" } }))).toEqual([CONTROL_TEXT]);
    expect(exploreSchema.parse({ filters: { text: "élection 🔥", hosts: ["mesos-master-01"], services: ["mesos-master"] } }).filters.text).toBe("élection 🔥");
  });
});

describe("quiz submissions", () => {
  const schema = buildSubmissionSchema(quizSchema.parse(sampleQuiz()));
  const good = { one: "a", many: ["a", "b"], word: "hi", year: "2014", when: "2025-08" };

  function issues(answers: Record<string, unknown>) {
    const result = schema.safeParse({ answers });
    if (result.success) throw new Error("expected the submission to be rejected");
    return submissionIssuesByQuestion(result.error);
  }

  it.each(BROKEN)("refuses %s in each kind of answer, with one message next to its question", (_, bad) => {
    const cases: [keyof typeof good, unknown][] = [
      ["one", `a${bad}`],
      ["many", ["a", `b${bad}`]],
      ["many", [bad, bad]],
      ["word", `hi${bad}`],
      ["year", `2014${bad}`],
      ["when", `2025-08${bad}`],
    ];
    for (const [id, value] of cases) {
      const { form, questions } = issues({ ...good, [id]: value });
      expect(form).toEqual([]);
      expect(questions).toEqual({ [id]: Array.isArray(value) ? value.filter((v) => !isPlainText(v)).map(() => INVALID_TEXT) : [INVALID_TEXT] });
    }
  });

  it("lets whitespace through in a short text answer only", () => {
    expect(schema.parse({ answers: { ...good, word: "h\ti\n" } }).answers.word).toBe("h\ti\n");
    expect(issues({ ...good, when: "2025-08\n" }).questions.when).toEqual([CONTROL_TEXT]);
    expect(issues({ ...good, one: "a\t" }).questions.one).toEqual([CONTROL_TEXT]);
    expect(issues({ ...good, word: "hi\u0007" }).questions.word).toEqual([CONTROL_TEXT]);
  });

  it("still reports unknown options and numbers as before", () => {
    expect(issues({ ...good, one: "zz" }).questions.one).toEqual(['Question "one": unknown option "zz"']);
    expect(issues({ ...good, year: "soon" }).questions.year).toEqual(['Question "year" expects a number, e.g. 12 or 3.5']);
    expect(schema.parse({ answers: { ...good, year: 2014 } }).answers.year).toBe(2014);
  });
});
