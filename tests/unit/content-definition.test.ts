import { describe, expect, it } from "vitest";
import { parseDefinition } from "@/lib/content/definition";
import { definitionJsonSchema } from "@/lib/schemas/docs";

const quiz = `kind: quiz
slug: a-quiz
title: A quiz
summary: A quiz to check the parser.
lesson: kubernetes-vs-mesos
questions:
  - id: q1
    type: single
    prompt: Which one?
    options:
      - { id: a, text: A }
      - { id: b, text: B }
    answer: a
    explanation: Because.
`;

describe("parsing a definition", () => {
  it("reads a valid one with defaults applied", () => {
    const parsed = parseDefinition("quiz", quiz);
    expect(parsed).toMatchObject({ ok: true, definition: { slug: "a-quiz", passMark: 0.8, attemptsPerHour: 5 } });
  });

  it("reports each problem at its line: a bad key, an unknown field, a wrong type, invalid YAML, duplicate keys", () => {
    const bad = quiz
      .replace("answer: a", "answer: z")
      .replace("lesson: kubernetes-vs-mesos", "lesson: kubernetes-vs-mesos\ncolour: red")
      .replace("title: A quiz", "title: 12");
    const parsed = parseDefinition("quiz", bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const at = Object.fromEntries(parsed.problems.map((p) => [p.path, p.line]));
    expect(at).toMatchObject({ title: 3, "(root)": 6, "questions.0.answer": 14 });
    const yaml = parseDefinition("quiz", "kind: quiz\nslug: [oops\n");
    expect(yaml.ok ? [] : yaml.problems[0].message).toMatch(/^invalid YAML/);
    const dup = parseDefinition("quiz", `${quiz}title: again\n`);
    expect(dup.ok ? [] : dup.problems.map((p) => p.line)).toEqual([15]);
  });

  it("refuses a kind that does not match, an oversized text, and alias bombs", () => {
    expect(parseDefinition("lab", quiz)).toMatchObject({ ok: false, problems: [{ path: "kind", line: 1 }] });
    expect(parseDefinition("quiz", `${quiz}#${"x".repeat(300 * 1024)}\n`)).toMatchObject({ ok: false, problems: [{ message: /larger than 256 KB/ }] });
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
    expect(parseDefinition("quiz", bomb).ok).toBe(false);
  });

  it("gives the editor a JSON Schema from the same zod schema, with hover docs", () => {
    const schema = definitionJsonSchema("lab") as { properties: Record<string, { description?: string }>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["kind", "slug", "title", "tasks", "dataset"]));
    expect(schema.properties.briefing.description).toMatch(/Never put an answer here/);
  });
});

describe("placeholders in a lab", () => {
  it("refuses one the server cannot fill, at its line", async () => {
    const fs = await import("node:fs");
    const source = fs.readFileSync("labs/labs/unpatched-mesos-control-plane.yaml", "utf8").replace("{{repurposedHost}}", "{{repurposedHots}}");
    const r = parseDefinition("lab", source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => /repurposedHots/.test(p.message))).toMatchObject({ path: "writeup" });
    const shipped = fs.readFileSync("labs/labs/cryptominer-via-marathon.yaml", "utf8").replace("## The intended path", "## The intended path on {{masters}}");
    const u = parseDefinition("lab", shipped);
    expect(!u.ok && u.problems.some((p) => /cannot be filled on uploaded data/.test(p.message))).toBe(true);
  });
});
