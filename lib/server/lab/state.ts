import "server-only";
import { WRITEUP_VARS, type Lab, type LabTask } from "@/lib/schemas/lab";
import type { TaskFeedback, TaskState } from "@/lib/lab/types";
import { attemptLimit, wrongTryCost } from "@/lib/lab/grade";
import { db } from "../db";

type AttemptRow = { part: string; score: number; passed: boolean; result: unknown; submittedAt: Date; answers?: unknown };

/** a lab attempt's answer as the answer box holds it (a list one value per line); undefined for other shapes */
export function answerText(answers: unknown): string | undefined {
  const a = (answers as { answer?: unknown } | null)?.answer;
  if (Array.isArray(a)) return a.map(String).join("\n");
  return typeof a === "string" ? a : undefined;
}

export type LabScore = { score: number; maxScore: number; completed: boolean };

export function fillPrompt(prompt: string, vars: Record<string, string>): string {
  return prompt.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? `{{${name}}}`);
}

/** A task as the learner may see it: no truth, no answer key, hint texts only once unlocked. */
export function taskState(task: LabTask, attempts: AttemptRow[], unlocked: Set<number>, vars: Record<string, string>): TaskState {
  const mine = attempts.filter((a) => a.part === task.id);
  const passed = mine.some((a) => a.passed);
  const best = mine.reduce((m, a) => Math.max(m, a.score), 0);
  const hintCost = task.hints.reduce((sum, h, i) => sum + (unlocked.has(i) ? h.cost : 0), 0);
  const last = mine.at(-1);
  const limit = attemptLimit(task);
  const tryCost = wrongTryCost(task);
  const solvedWith = passed ? answerText(mine.find((a) => a.passed)?.answers) : undefined;
  const lastResult = last?.result as { message?: string; counts?: TaskFeedback["counts"]; coach?: string[] } | undefined;
  return {
    id: task.id,
    title: task.title,
    prompt: fillPrompt(task.prompt, vars),
    answerType: task.type,
    points: task.points,
    choices: task.type === "choice" ? task.choices.map(({ id, text }) => ({ id, text })) : undefined,
    placeholder: task.placeholder,
    score: Math.max(0, Math.round((best - hintCost) * 100) / 100),
    passed,
    attempts: mine.length,
    attemptsLeft: limit === null ? null : Math.max(0, limit - mine.length),
    ...(tryCost ? { wrongTryCost: Math.round(tryCost * 100) / 100 } : {}),
    lastFeedback: last
      ? { correct: last.passed, message: lastResult?.message ?? "", counts: lastResult?.counts, ...(lastResult?.coach ? { coach: lastResult.coach } : {}) }
      : undefined,
    ...(solvedWith !== undefined ? { solvedWith } : {}),
    hints: task.hints.map((h, index) => ({
      index,
      title: h.title,
      cost: h.cost,
      unlocked: unlocked.has(index),
      content: unlocked.has(index) ? h.content : undefined,
    })),
  };
}

export async function loadTaskStates(lab: Lab, { userId, itemId, vars }: { userId: string; itemId: string; vars: Record<string, string> }) {
  // after every answer and on every lab page: plain statements (bench/README.md: an ORM query
  // costs ~1 ms of query compilation here)
  const [attempts, hints] = await Promise.all([
    db.$queryRaw<AttemptRow[]>`
      SELECT "part", "score", "passed", "result", "submittedAt" AT TIME ZONE 'UTC' AS "submittedAt", "answers" FROM "Attempt"
      WHERE "userId" = ${userId}::uuid AND "itemId" = ${itemId}::uuid ORDER BY "submittedAt", "id"`,
    db.$queryRaw<{ taskId: string; hintIndex: number }[]>`
      SELECT "taskId", "hintIndex" FROM "HintUnlock" WHERE "userId" = ${userId}::uuid AND "itemId" = ${itemId}::uuid`,
  ]);
  const unlockedFor = (taskId: string) => new Set(hints.filter((h) => h.taskId === taskId).map((h) => h.hintIndex));
  const tasks = lab.tasks.map((task) => taskState(task, attempts, unlockedFor(task.id), vars));
  return { tasks, score: scoreOf(lab, tasks) };
}

export function scoreOf(lab: Lab, tasks: TaskState[]): LabScore {
  return {
    score: Math.round(tasks.reduce((s, t) => s + t.score, 0) * 100) / 100,
    maxScore: lab.tasks.reduce((s, t) => s + t.points, 0),
    completed: tasks.every((t) => t.passed),
  };
}

type WriteupTruth = {
  masters: string[];
  mesosVersion: string;
  decommissionedMasters: string[];
  leaderQuestion: { at: string; host: string };
  zookeeperEnsemble: string[];
  decoys: { kind: string; host: string; description: string }[];
  hostTimeZones: Record<string, string>;
};

/**
 * The write-up in the learner's own data: the hosts, version and instants of their variant, so it
 * says "mesos-m5 runs kubelet" where their logs do, not a generic "a host called mesos-…". Only
 * sent once the lab is complete, like the write-up itself.
 */
export function writeupVars(truth: WriteupTruth | null): Record<string, string> {
  if (!truth) return {};
  const decoy = (kind: string) => truth.decoys.find((d) => d.kind === kind)?.host ?? "";
  const tzMaster = truth.decoys.find((d) => d.kind === "timezone" && truth.masters.includes(d.host))?.host ?? "";
  const vars: Record<(typeof WRITEUP_VARS)[number], string> = {
    masters: truth.masters.join(", "),
    mesosVersion: truth.mesosVersion,
    decommissionedMaster: truth.decommissionedMasters.join(", "),
    repurposedHost: decoy("repurposed-mesos-name"),
    mentionOnlyHost: decoy("mesos-mention-only"),
    localTimeMaster: tzMaster,
    localTimeZone: truth.hostTimeZones[tzMaster] ?? "",
    skewedAgent: decoy("clock-skew"),
    leaderQuestionAt: promptVars(truth).leaderQuestionAt,
    leaderAtQuestion: truth.leaderQuestion.host,
    zookeeperEnsemble: truth.zookeeperEnsemble.join(", "),
  };
  return vars;
}

/** The learner's own values a generated lab's prompts name ({{leaderQuestionAt}}); none on uploaded data. */
export function promptVars(truth: { leaderQuestion: { at: string } } | null): Record<string, string> {
  if (!truth) return {};
  return {
    // one time format everywhere: ISO 8601 UTC, as in the explorer and the results
    leaderQuestionAt: truth.leaderQuestion.at.replace(/\.\d+Z$/, "Z"),
  };
}
