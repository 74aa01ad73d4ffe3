// One parser for a content definition, wherever it comes from: a file under labs/ at start, the
// authoring editor, an imported archive. Problems come back with the line and column they are at
// in the author's text, so the editor marks them there and an import names them.
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";
import { itemMetaSchema, lessonFrontMatterSchema, type ItemKind, type LessonFrontMatter } from "@/lib/schemas/content";
import { labSchema, type Lab } from "@/lib/schemas/lab";
import { quizSchema, type Quiz } from "@/lib/schemas/quiz";

/** A definition's text may not be longer than this (a long lab is ~25 KB). */
export const MAX_SOURCE_BYTES = 256 * 1024;

export type Problem = { message: string; path: string; line: number; column: number };

export type LessonDefinition = LessonFrontMatter & { body: string };
export type DefinitionOf = { lesson: LessonDefinition; quiz: Quiz; lab: Lab };
export type Definition = DefinitionOf[ItemKind];

export type Parsed<K extends ItemKind = ItemKind> = { ok: true; kind: K; definition: DefinitionOf[K] } | { ok: false; problems: Problem[] };

const SCHEMAS: { [K in ItemKind]: z.ZodType<K extends "lesson" ? LessonFrontMatter : DefinitionOf[K]> } = {
  lesson: lessonFrontMatterSchema,
  quiz: quizSchema,
  lab: labSchema,
};

const pathText = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join(".") : "(root)");

/** Where a zod issue's path points in the YAML: the deepest node of the path that exists. */
function locate(doc: Document, counter: LineCounter, path: readonly PropertyKey[], lineOffset: number): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) {
      const { line, col } = counter.linePos(node.range[0]);
      return { line: line + lineOffset, column: col };
    }
  }
  return { line: 1 + lineOffset, column: 1 };
}

function parseYaml(text: string, lineOffset: number): { doc: Document; counter: LineCounter; problems: Problem[] } {
  const counter = new LineCounter();
  // maxAliasCount bounds "billion laughs" expansion; duplicate keys are errors (uniqueKeys).
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = counter.linePos(e.pos[0]);
    return { message: `invalid YAML: ${e.message.split("\n")[0]}`, path: "(yaml)", line: pos.line + lineOffset, column: pos.col };
  });
  return { doc, counter, problems };
}

/**
 * Parses and validates one definition of `kind`: YAML for quizzes and labs, Markdown with a YAML
 * front matter block for lessons. Never throws on bad input.
 */
export function parseDefinition<K extends ItemKind>(kind: K, source: string): Parsed<K> {
  if (new TextEncoder().encode(source).length > MAX_SOURCE_BYTES)
    return { ok: false, problems: [{ message: `The definition is larger than ${MAX_SOURCE_BYTES / 1024} KB.`, path: "(root)", line: 1, column: 1 }] };
  let yamlText = source;
  let lineOffset = 0;
  let body = "";
  if (kind === "lesson") {
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
    if (!match) return { ok: false, problems: [{ message: "missing front matter: the file must start with a --- block", path: "(root)", line: 1, column: 1 }] };
    yamlText = match[1];
    lineOffset = 1;
    body = match[2];
  }
  const { doc, counter, problems } = parseYaml(yamlText, lineOffset);
  if (problems.length) return { ok: false, problems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { ok: false, problems: [{ message: (err as Error).message.split("\n")[0], path: "(yaml)", line: 1, column: 1 }] };
  }
  const meta = itemMetaSchema.safeParse(data);
  if (meta.success && meta.data.kind !== kind)
    return {
      ok: false,
      problems: [{ message: `kind is "${meta.data.kind}" but this is a ${kind}`, path: "kind", ...locate(doc, counter, ["kind"], lineOffset) }],
    };
  const parsed = SCHEMAS[kind].safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        // an unknown field is reported on its object; mark the field itself
        const at = i.code === "unrecognized_keys" && i.keys.length ? [...i.path, i.keys[0]] : i.path;
        return { message: i.message, path: pathText(i.path), ...locate(doc, counter, at, lineOffset) };
      }),
    };
  }
  if (kind === "lesson") {
    if (body.trim().length < 200)
      return {
        ok: false,
        problems: [{ message: "the lesson body is missing or too short", path: "body", line: lineOffset + yamlText.split("\n").length + 2, column: 1 }],
      };
    return { ok: true, kind, definition: { ...(parsed.data as LessonFrontMatter), body } as DefinitionOf[K] };
  }
  return { ok: true, kind, definition: parsed.data as DefinitionOf[K] };
}

/** "line 12: tasks.0.answer: ..." for every problem, for messages outside the editor. */
export function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `line ${p.line}: ${p.path === "(root)" || p.path === "(yaml)" ? "" : `${p.path}: `}${p.message}`).join("; ");
}
