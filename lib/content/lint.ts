// Checks a definition must pass before it can be published, beyond its schema: no answer key in
// text a learner sees before it is due, and no regular expression that could hang the grader.
import type { ItemKind } from "@/lib/schemas/content";
import { isDetectionTask, type Lab } from "@/lib/schemas/lab";
import type { Quiz } from "@/lib/schemas/quiz";
import { normaliseText } from "@/lib/lab/normalise";
import type { Definition } from "./definition";
import { MAX_PATTERN_LENGTH, regexProblem } from "./regex-safety";

export type LintProblem = { rule: "leak" | "regex"; path: string; message: string };

/** Text a learner can read, with where it is in the definition. */
type Visible = { path: string; text: string };
type Key = { what: string; value: string };

// Keys shorter than this (a number, "yes") match too much prose to be a finding.
const MIN_KEY_CHARS = 4;

/** Does `text` contain `key` as a whole token run (so "1.9" is not found in "1.9.0")? */
function contains(text: string, key: string): boolean {
  const hay = normaliseText(text);
  const needle = normaliseText(key);
  if (needle.length < MIN_KEY_CHARS) return false;
  let at = hay.indexOf(needle);
  while (at !== -1) {
    const before = hay[at - 1];
    const after = hay[at + needle.length];
    const edge = (c: string | undefined) => c === undefined || !/[\p{L}\p{N}._-]/u.test(c);
    if (edge(before) && (edge(after) || (after === "." && edge(hay[at + needle.length + 1])))) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

function labLeaks(lab: Lab): LintProblem[] {
  const visible: Visible[] = [
    { path: "title", text: lab.title },
    { path: "summary", text: lab.summary },
    { path: "briefing", text: lab.briefing },
  ];
  const keys: (Key & { task: number })[] = [];
  lab.tasks.forEach((task, i) => {
    visible.push({ path: `tasks.${i}.title`, text: task.title }, { path: `tasks.${i}.prompt`, text: task.prompt });
    if (task.placeholder) visible.push({ path: `tasks.${i}.placeholder`, text: task.placeholder });
    // a hint is paid for, but it must still not hand over the key itself
    task.hints.forEach((h, j) =>
      visible.push({ path: `tasks.${i}.hints.${j}.title`, text: h.title }, { path: `tasks.${i}.hints.${j}.content`, text: h.content }),
    );
    const own = task.type === "choice" || isDetectionTask(task) ? [] : typeof task.answer === "string" ? [task.answer] : (task.answer ?? []);
    for (const value of own) keys.push({ what: `the answer of task "${task.id}"`, value, task: i });
  });
  return leaks(visible, keys);
}

function quizLeaks(quiz: Quiz): LintProblem[] {
  const visible: Visible[] = [
    { path: "title", text: quiz.title },
    { path: "summary", text: quiz.summary },
  ];
  const keys: Key[] = [];
  quiz.questions.forEach((q, i) => {
    visible.push({ path: `questions.${i}.prompt`, text: q.prompt });
    if (q.type === "short_text") for (const a of q.accept) keys.push({ what: `an accepted answer of question "${q.id}"`, value: a });
    if (q.type === "number" || q.type === "date") keys.push({ what: `the answer of question "${q.id}"`, value: String(q.answer) });
  });
  return leaks(visible, keys);
}

function leaks(visible: Visible[], keys: Key[]): LintProblem[] {
  const out: LintProblem[] = [];
  for (const key of keys)
    for (const v of visible)
      if (contains(v.text, key.value)) out.push({ rule: "leak", path: v.path, message: `${v.path} gives away ${key.what} ("${key.value}") before it is due` });
  return out;
}

function regexes(kind: ItemKind, def: Definition): LintProblem[] {
  if (kind !== "quiz") return [];
  const out: LintProblem[] = [];
  (def as Quiz).questions.forEach((q, i) => {
    if (q.type !== "short_text" || q.pattern === undefined) return;
    // checked as the grader runs it (lib/quiz/normalise.ts): anchored, case-insensitive, Unicode
    const problem =
      q.pattern.length > MAX_PATTERN_LENGTH ? regexProblem(q.pattern) : regexProblem(`^(?:${q.pattern})$`, "iu", { maxLength: MAX_PATTERN_LENGTH + 6 });
    if (problem) out.push({ rule: "regex", path: `questions.${i}.pattern`, message: `question "${q.id}": ${problem}` });
  });
  return out;
}

/** Every problem that blocks publishing a valid definition. */
export function lintDefinition(kind: ItemKind, def: Definition): LintProblem[] {
  const leaked = kind === "lab" ? labLeaks(def as Lab) : kind === "quiz" ? quizLeaks(def as Quiz) : [];
  return [...leaked, ...regexes(kind, def)];
}
