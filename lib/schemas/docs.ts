import { z } from "zod";
import { labSchema } from "./lab";
import { quizSchema } from "./quiz";

/** Hover documentation of definition fields in the editor, by field name. */
const FIELD_DOCS: Record<string, string> = {
  kind: "What this file defines: quiz or lab.",
  slug: "The item's identity and URL (/labs/<slug>): kebab-case; it cannot change once created.",
  title: "Shown as the page heading and on the track.",
  summary: "One or two sentences shown on the track and under the title.",
  briefing: "Markdown shown above the workspace: the ticket the learner works on. Never put an answer here.",
  writeup: "Markdown shown once every task is solved: the intended path, the decoys, what to escalate.",
  dataset: 'The logs: { generator: mesos-hunt, targetEvents } for per-learner generated data, or { upload: "<slug>.logs.jsonl" } for an uploaded file.',
  generator: "The log generator (each learner gets their own variant from a seed).",
  targetEvents: "About how many events the generator writes per learner (10,000-2,000,000).",
  upload: "The uploaded log file, named <slug>.logs.jsonl or <slug>.logs.csv; upload it with the button above the editor.",
  domain: "The DNS domain of the uploaded hosts, so learners may answer with short or fully qualified names.",
  wrongAnswersPerMinute: "Wrong answers a learner may submit per task per minute before waiting.",
  tasks: "The graded tasks, in order of rising difficulty.",
  id: "Kebab-case id, unique within the file.",
  type: "Lab: host, host_set, hostport_set, text, choice, query. Quiz: single, multiple, short_text, number, date.",
  truth: "Generated labs: the piece of each learner's ground truth this task is graded against.",
  answer: "The answer key (never shown to learners before it is due).",
  labels: "Uploaded labs, detection tasks: the event labels that are the positives.",
  reference: "The author's detection query (SELECT id FROM logs ...), run by Verify: it must reach passF1.",
  passF1: "F1 score (precision/recall against the labelled events) a detection needs to pass.",
  points: "Points the task or question is worth.",
  prompt: "The question the learner sees. It must not contain the answer.",
  explanation: "Shown once the task is solved (or the quiz reveals it).",
  hints: "Hints the learner unlocks in order, each for its cost in points.",
  cost: "Points a hint takes off the task.",
  content: "The hint's text, shown once unlocked.",
  placeholder: "Example text in the empty answer box.",
  normalise: 'How a text answer is compared: "text" ignores case and spacing, "version" also accepts v1.2.3 and "Mesos 1.2.3".',
  wrongPenalty: "For sets: what each wrong entry costs, as a fraction of one right entry.",
  maxAttempts:
    "Graded attempts a learner has. A lab task: a choice task allows at most one fewer than its options (default 2), and each wrong try costs its share of the points. A quiz (default 3): a pass or the last attempt closes it, and with after_pass_or_limit that is when the key is shown.",
  feedback: "This task's own feedback sentences: subject (what a set is a set of) and wrong (said on a wrong answer).",
  choices: "The options of a choice task: { id, text }.",
  lesson: "The lesson this quiz checks (its page links there).",
  passMark: "Fraction of the points needed to pass (0-1).",
  attemptsPerHour: "Attempts a learner may submit per hour.",
  revealPolicy: "When answers and explanations are shown: after_pass_or_limit, after_pass or never.",
  questions: "The quiz's questions.",
  options: "The options of a choice question: { id, text }.",
  answers: "The correct option ids of a multiple-choice question.",
  accept: "Accepted answers of a short-text question (case, spaces and Unicode forms normalised).",
  pattern: "An optional full-match regular expression of accepted answers (at most 200 characters, checked for catastrophic backtracking).",
};

function annotate(node: unknown): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) return node.forEach(annotate);
  const obj = node as Record<string, unknown>;
  const props = obj.properties as Record<string, Record<string, unknown>> | undefined;
  if (props) for (const [name, schema] of Object.entries(props)) if (FIELD_DOCS[name] && !schema.description) schema.description = FIELD_DOCS[name];
  for (const value of Object.values(obj)) annotate(value);
}

/** The JSON Schema of a definition, from the same zod schema the server validates with, with hover docs. */
export function definitionJsonSchema(kind: "quiz" | "lab"): Record<string, unknown> {
  const schema = z.toJSONSchema(kind === "lab" ? labSchema : quizSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  annotate(schema);
  return schema;
}
