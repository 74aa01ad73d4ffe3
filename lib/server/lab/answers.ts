import "server-only";
import type { LabAnswerInput, LabTask } from "@/lib/schemas/lab";
import { canonicalAnswer, clusterKey, detectionIds, gradeAnswer, gradeDetection, type TaskGrade } from "@/lib/lab/grade";
import { isQueryRejected } from "../lab-engine/types";
import { AppError } from "../errors";
import { audit } from "../audit";
import { db } from "../db";
import { lockProgressRow } from "../progress";
import { fingerprint, learnerLab, type LearnerLab } from "./context";
import { loadTaskStates, promptVars, type LabScore } from "./state";
import type { TaskState } from "@/lib/lab/types";

export type AnswerResult = { task: TaskState; lab: LabScore };

/** what a detection got wrong, by kind: false positives by the label or decoy they belong to (else
 *  their service), missed events by service; at most 500 of each are looked up */
export type Mistakes = { falsePositives: Record<string, number>; missed: Record<string, number> };
const MISTAKE_SAMPLE = 500;

async function detectionMistakes(ctx: LearnerLab, ids: readonly number[], expected: readonly number[]): Promise<Mistakes | null> {
  const want = new Set(expected);
  const got = new Set(ids);
  const fp = ids.filter((i) => !want.has(i)).slice(0, MISTAKE_SAMPLE);
  const missed = expected.filter((i) => !got.has(i)).slice(0, MISTAKE_SAMPLE);
  if (!fp.length && !missed.length) return null;
  // our own query over integers the engine returned: through the same allow-list as a learner's
  const r = await ctx.dataset.query(`SELECT id, host, service FROM logs WHERE id IN (${[...fp, ...missed].join(",")})`, { maxRows: 2 * MISTAKE_SAMPLE });
  const labelOf = new Map<number, string>();
  if ("labels" in ctx.key) for (const [label, list] of Object.entries(ctx.key.labels)) for (const id of list) labelOf.set(id, label);
  const decoyOf = new Map((ctx.truth?.decoys ?? []).map((d) => [d.host, d.kind]));
  const out: Mistakes = { falsePositives: {}, missed: {} };
  const isFp = new Set(fp);
  for (const [id, host, service] of r.rows as [number, string, string][]) {
    const bucket = isFp.has(Number(id)) ? out.falsePositives : out.missed;
    const label = labelOf.get(Number(id));
    const kind =
      isFp.has(Number(id)) && label ? `label ${label}` : isFp.has(Number(id)) && decoyOf.has(host) ? `decoy ${decoyOf.get(host)}` : `service ${service}`;
    bucket[kind] = (bucket[kind] ?? 0) + 1;
  }
  return out;
}

async function grade(ctx: LearnerLab, task: LabTask, answer: string | string[]): Promise<TaskGrade & { mistakes?: Mistakes }> {
  if (task.type === "choice" && (typeof answer !== "string" || !task.choices.some((c) => c.id === answer)))
    throw new AppError("invalid:answer", "Choose one of the options.");
  if ((task.type === "host" || task.type === "text" || task.type === "query") && typeof answer !== "string")
    throw new AppError("invalid:answer", "This task takes a single text answer.");
  if (task.type !== "query") return gradeAnswer(task, answer, ctx.key);
  try {
    const ids = await ctx.dataset.queryIds(answer as string);
    const expected = detectionIds(task, ctx.key);
    const graded = gradeDetection(ids, expected, task.passF1);
    const mistakes = graded.passed ? null : await detectionMistakes(ctx, ids, expected).catch(() => null);
    return mistakes ? { ...graded, mistakes } : graded;
  } catch (err) {
    if (isQueryRejected(err)) throw new AppError("invalid:detection_query", `Your detection query did not run: ${err.message}`);
    throw err;
  }
}

/** Another learner whose own correct answer this wrong answer matches, if any. */
async function copiedFrom(ctx: LearnerLab, task: LabTask, answer: string | string[]): Promise<string | null> {
  if (task.type === "choice" || !task.truth) return null; // the same key for everyone: nothing to copy
  const canonical = canonicalAnswer(task, answer, ctx.key);
  if (!canonical) return null;
  const hit = await db.answerFingerprint.findFirst({
    where: { itemId: ctx.itemId, taskId: task.id, hash: fingerprint(ctx.lab.slug, task.id, canonical), userId: { not: ctx.userId } },
    select: { userId: true },
  });
  return hit?.userId ?? null;
}

/**
 * Grades one answer against the learner's own variant and records it. The
 * wrong-answer limit and the attempt are checked and written under the
 * learner's progress-row lock, so parallel submissions cannot exceed it.
 */
export async function submitLabAnswer({ userId, slug, input, ip }: { userId: string; slug: string; input: LabAnswerInput; ip: string }): Promise<AnswerResult> {
  const ctx = await learnerLab(userId, slug);
  if (!ctx) throw new AppError("not_found:lab", "There is no such lab.");
  const task = ctx.lab.tasks.find((t) => t.id === input.taskId);
  if (!task) throw new AppError("invalid:task", `This lab has no task "${input.taskId}".`);
  const { answer } = input;
  {
    const result = await grade(ctx, task, answer);
    const copied = result.passed ? null : await copiedFrom(ctx, task, answer);
    const normalised = clusterKey(task, answer, ctx.key);
    await db.$transaction(
      async (tx) => {
        await lockProgressRow(tx, { userId, itemId: ctx.itemId });
        const now = new Date();
        const previous = await tx.attempt.findMany({ where: { userId, itemId: ctx.itemId, part: task.id }, select: { passed: true, submittedAt: true } });
        if (previous.some((a) => a.passed)) throw new AppError("invalid:already_solved", "You have already solved this task.");
        if (task.maxAttempts && previous.length >= task.maxAttempts)
          throw new AppError("invalid:no_attempts_left", `No attempts left for this task (the limit is ${task.maxAttempts}).`);
        const recentWrong = previous
          .filter((a) => !a.passed && a.submittedAt.getTime() > now.getTime() - 60_000)
          .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
        if (recentWrong.length >= ctx.lab.wrongAnswersPerMinute) {
          const freeAt = recentWrong[recentWrong.length - ctx.lab.wrongAnswersPerMinute].submittedAt.getTime() + 60_000;
          const wait = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
          throw new AppError("rate_limit:lab_answers", `Too many wrong answers for this task. Wait ${wait} s, and use the time to check the logs.`, {
            retryAfterSeconds: wait,
          });
        }
        await tx.attempt.create({
          data: {
            userId,
            itemId: ctx.itemId,
            part: task.id,
            submittedAt: now,
            score: Math.round(result.fraction * task.points * 100) / 100,
            maxScore: task.points,
            passed: result.passed,
            answers: { answer },
            result: {
              message: result.message,
              ...(result.counts ? { counts: result.counts } : {}),
              ...(result.mistakes ? { mistakes: result.mistakes } : {}),
              ...(copied ? { copiedFromUserId: copied } : {}),
              // what the item analysis clusters wrong answers by
              ...(normalised !== null ? { normalised } : {}),
            },
            ip,
          },
        });
        await tx.itemProgress.update({ where: { userId_itemId: { userId, itemId: ctx.itemId } }, data: { attempts: { increment: 1 }, lastActivityAt: now } });
        await tx.activityEvent.create({
          data: { userId, itemId: ctx.itemId, type: "lab_answer", data: { taskId: task.id, passed: result.passed, fraction: result.fraction } },
        });
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
    if (copied) await audit(db, { action: "lab_answer_copied", actorId: userId, targetId: copied, ip, detail: { lab: slug, taskId: task.id } });
  }
  const { tasks, score } = await loadTaskStates(ctx.lab, { userId, itemId: ctx.itemId, vars: promptVars(ctx.truth) });
  await recordLabScore(ctx, score);
  return { task: tasks.find((t) => t.id === task.id)!, lab: score };
}

/** Mirrors the lab score into the learner's progress row; completes it when every task passed. */
export async function recordLabScore(ctx: Pick<LearnerLab, "userId" | "itemId">, score: LabScore): Promise<void> {
  const fraction = score.maxScore ? score.score / score.maxScore : 0;
  await db.$executeRaw`
    UPDATE "ItemProgress" SET "score" = ${fraction},
      "status" = CASE WHEN ${score.completed} THEN 'completed'::"ProgressStatus" ELSE "status" END,
      "completedAt" = CASE WHEN ${score.completed} THEN COALESCE("completedAt", now()) ELSE "completedAt" END
    WHERE "userId" = ${ctx.userId}::uuid AND "itemId" = ${ctx.itemId}::uuid`;
}
