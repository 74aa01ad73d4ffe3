import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDefinition } from "@/lib/content/definition";
import { lintDefinition } from "@/lib/content/lint";
import { regexProblem } from "@/lib/content/regex-safety";
import type { Lab } from "@/lib/schemas/lab";

const uploadedLab = (hint: string, prompt = "Which app id was posted to Marathon from outside?") => `kind: lab
slug: leak-check
title: Leak check
summary: A lab on uploaded data, for the leak lint.
dataset:
  upload: leak-check.logs.jsonl
briefing: |
  A ticket that does not say the answer.
writeup: |
  The answer is /ops/node-exporter-v2, found in Marathon's deployment lines.
tasks:
  - id: app
    title: The unexpected app
    type: text
    points: 10
    prompt: ${prompt}
    explanation: Marathon logs every app it is asked to deploy.
    hints:
      - title: Where to look
        cost: 2
        content: ${hint}
    answer: [/ops/node-exporter-v2]
`;

function lab(source: string): Lab {
  const parsed = parseDefinition("lab", source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.definition;
}

describe("the leak lint", () => {
  it("catches an answer key in a hint, and in a prompt", () => {
    expect(lintDefinition("lab", lab(uploadedLab("Search Marathon's lines for `POST /v2/apps`.")))).toEqual([]);
    const inHint = lintDefinition("lab", lab(uploadedLab("It is /ops/node-exporter-v2, posted from outside.")));
    expect(inHint).toEqual([expect.objectContaining({ rule: "leak", path: "tasks.0.hints.0.content" })]);
    expect(inHint[0].message).toMatch(/gives away the answer of task "app"/);
    const inPrompt = lintDefinition("lab", lab(uploadedLab("Look at Marathon.", "Who posted /OPS/node-exporter-v2 ?")));
    expect(inPrompt.map((p) => p.path)).toEqual(["tasks.0.prompt"]);
  });

  it("does not flag a key that only appears inside a longer token, nor the write-up (shown after solving)", () => {
    const source = uploadedLab("Compare with /ops/node-exporter-v20 from last week.");
    expect(lintDefinition("lab", lab(source))).toEqual([]);
  });

  it("passes the content the project ships", () => {
    for (const [kind, file] of [
      ["lab", "labs/labs/unpatched-mesos-control-plane.yaml"],
      ["quiz", "labs/quizzes/kubernetes-vs-mesos.yaml"],
    ] as const) {
      const parsed = parseDefinition(kind, fs.readFileSync(file, "utf8"));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(lintDefinition(kind, parsed.definition)).toEqual([]);
    }
  });
});

describe("regular expressions that grade answers", () => {
  it("refuses catastrophic backtracking, invalid patterns and long ones; accepts ordinary ones", () => {
    for (const p of ["^(a+)+$", "(a|a)*b", "(.*a){12}", "(", "a".repeat(201)]) expect(regexProblem(p), p).not.toBeNull();
    for (const p of ["^v?\\d+\\.\\d+\\.\\d+$", "^[a-z0-9-]+$", "^xmrig( .*)?$"]) expect(regexProblem(p), p).toBeNull();
  });
});
