import "server-only";
import { isDetectionTask, type DetectionTask, type LabAnswerInput, type LabTask } from "@/lib/schemas/lab";
import { attemptLimit, canonicalAnswer, clusterKey, detectionIds, gradeAnswer, gradeDetection, triesFactor, type TaskGrade } from "@/lib/lab/grade";
import { coachDetection } from "@/lib/lab/coach";
import { compileSigma, type Problem } from "@/lib/sigma";
import { isQueryRejected } from "../lab-engine/types";
import { AppError } from "../errors";
import { audit } from "../audit";
import { db } from "../db";
import { Prisma } from "@/lib/generated/prisma/client";
import { lockProgressRow } from "../progress";
import { fingerprint, learnerLab, type LearnerLab } from "./context";
import { historySql } from "./queries";
import { loadTaskStates, promptVars, type LabScore } from "./state";
import type { TaskState } from "@/lib/lab/types";

export type AnswerResult = { task: TaskState; lab: LabScore };

/** what a detection got wrong, by kind: false positives by the label or decoy they belong to (else
 *  their service), missed events by service; at most 500 of each are looked up */
export type Mistakes = { falsePositives: Record<string, number>; missed: Record<string, number> };
const MISTAKE_SAMPLE = 500;
/** the positives looked up to tell "you miss every ... line" from "you miss some" */
const POSITIVE_SAMPLE = 1000;

/** every k-th of a list, so a sample of a long one spans all of it */
const spread = (list: readonly number[], max: number) => (list.length <= max ? [...list] : list.filter((_, i) => i % Math.ceil(list.length / max) === 0));

type Review = { mistakes: Mistakes; coach: string[] };

/** What a detection that did not pass got wrong: counts by kind for the reports, and the coach's sentences for the learner. */
async function reviewDetection(ctx: LearnerLab, task: DetectionTask, ids: readonly number[], expected: readonly number[]): Promise<Review | null> {
  const want = new Set(expected);
  const got = new Set(ids);
  const fpAll = [...got].filter((i) => !want.has(i));
  const missedAll = expected.filter((i) => !got.has(i));
  if (!fpAll.length && !missedAll.length) return null;
  const fp = spread(fpAll, MISTAKE_SAMPLE);
  const missed = spread(missedAll, MISTAKE_SAMPLE);
  // the positives tell "every" from "some" of a missed kind: without misses there is no need of them
  const positives = missedAll.length ? spread(expected, POSITIVE_SAMPLE) : [];
  const lookup = [...new Set([...fp, ...missed, ...positives])];
  // our own query over integers the engine returned: through the same allow-list as a learner's
  const r = await ctx.dataset.query(`SELECT id, host, service, message FROM logs WHERE id IN (${lookup.join(",")})`, { maxRows: lookup.length });
  const byId = new Map((r.rows as [number, string, string, string][]).map(([id, host, service, message]) => [Number(id), { host, service, message }]));
  const events = (list: number[]) => list.flatMap((id) => byId.get(id) ?? []);

  const labelOf = new Map<number, string>();
  if ("labels" in ctx.key) for (const [label, list] of Object.entries(ctx.key.labels)) for (const id of list) labelOf.set(id, label);
  const decoyOf = new Map((ctx.truth?.decoys ?? []).map((d) => [d.host, d.kind]));
  const mistakes: Mistakes = { falsePositives: {}, missed: {} };
  for (const id of fp) {
    const e = byId.get(id);
    if (!e) continue;
    const label = labelOf.get(id);
    const kind = label ? `label ${label}` : decoyOf.has(e.host) ? `decoy ${decoyOf.get(e.host)}` : `service ${e.service}`;
    mistakes.falsePositives[kind] = (mistakes.falsePositives[kind] ?? 0) + 1;
  }
  for (const e of events(missed)) mistakes.missed[`service ${e.service}`] = (mistakes.missed[`service ${e.service}`] ?? 0) + 1;
  const coach = coachDetection({
    noun: task.type === "sigma" ? "rule" : "query",
    falsePositives: { total: fpAll.length, sample: events(fp) },
    missed: { total: missedAll.length, sample: events(missed) },
    positives: { total: expected.length, sample: events(positives) },
  });
  return { mistakes, coach };
}

/** `ran`: the SQL a detection ran (a Sigma rule's compiled query), kept in the learner's query history */
type Graded = TaskGrade & Partial<Review> & { refused?: string; ran?: { sql: string; error?: string; rows?: number } };

/** A detection that did not run counts as a wrong attempt, kept with the reason, like a query in the history. */
const refusedDetection = (what: string, reason: string, kind: string): Graded => ({
  fraction: 0,
  passed: false,
  message: `Your detection ${what} did not run: ${reason} It counts as an attempt; fix it and submit again.`,
  refused: kind,
});

const problemText = (problems: readonly Problem[]) =>
  `${problems
    .slice(0, 3)
    .map((p) => `${p.line ? `line ${p.line}: ` : ""}${p.message}`)
    .join("; ")}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}.`;

async function gradeDetectionTask(ctx: LearnerLab, task: DetectionTask, answer: string): Promise<Graded> {
  let sql = answer;
  if (task.type === "sigma") {
    const compiled = compileSigma(answer);
    if (!compiled.ok) return refusedDetection("rule", `it is not a Sigma rule this lab can run (${problemText(compiled.problems)})`, "sigma");
    sql = compiled.sql;
  }
  let ids: number[];
  try {
    ids = await ctx.dataset.queryIds(sql);
  } catch (err) {
    // the engine restarting is not the learner's doing: nothing is recorded, they are told to retry
    if (isQueryRejected(err) && err.kind !== "engine")
      return { ...refusedDetection(task.type === "sigma" ? "rule" : "query", err.message, err.kind), ran: { sql, error: err.message } };
    throw err;
  }
  const expected = detectionIds(task, ctx.key);
  const graded = gradeDetection(ids, expected, task.passF1);
  const review = graded.passed ? null : await reviewDetection(ctx, task, ids, expected).catch(() => null);
  return { ...graded, ...review, ran: { sql, rows: ids.length } };
}

async function grade(ctx: LearnerLab, task: LabTask, answer: string | string[]): Promise<Graded> {
  if (task.type === "choice" && (typeof answer !== "string" || !task.choices.some((c) => c.id === answer)))
    throw new AppError("invalid:answer", "Choose one of the options.");
  if ((task.type === "host" || task.type === "text" || isDetectionTask(task)) && typeof answer !== "string")
    throw new AppError("invalid:answer", "This task takes a single text answer.");
  return isDetectionTask(task) ? gradeDetectionTask(ctx, task, answer as string) : gradeAnswer(task, answer, ctx.key);
}

/** Another learner whose own correct answer this wrong answer matches, if any. */
async function copiedFrom(ctx: LearnerLab, task: LabTask, answer: string | string[]): Promise<string | null> {
  if (task.type === "choice" || !task.truth) return null; // the same key for everyone: nothing to copy
  const canonical = canonicalAnswer(task, answer, ctx.key);
  if (!canonical) return null;
  const [hit] = await db.$queryRaw<{ userId: string }[]>`
    SELECT "userId" FROM "AnswerFingerprint"
    WHERE "itemId" = ${ctx.itemId}::uuid AND "taskId" = ${task.id} AND "hash" = ${fingerprint(ctx.lab.slug, task.id, canonical)} AND "userId" <> ${ctx.userId}::uuid
    LIMIT 1`;
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
        const previous = await tx.$queryRaw<{ passed: boolean; submittedAt: Date }[]>`
          SELECT "passed", "submittedAt" AT TIME ZONE 'UTC' AS "submittedAt" FROM "Attempt"
          WHERE "userId" = ${userId}::uuid AND "itemId" = ${ctx.itemId}::uuid AND "part" = ${task.id}`;
        if (previous.some((a) => a.passed)) throw new AppError("invalid:already_solved", "You have already solved this task.");
        const limit = attemptLimit(task);
        if (limit !== null && previous.length >= limit)
          throw new AppError("invalid:no_attempts_left", `No attempts left for this task (the limit is ${limit}).`);
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
        // a choice task's wrong tries cost their share of its points (lib/lab/grade.ts)
        const factor = triesFactor(task, previous.length);
        const score = Math.round(result.fraction * task.points * factor * 100) / 100;
        const message = result.passed && factor < 1 ? `${result.message} On try ${previous.length + 1}: ${score} of ${task.points} points.` : result.message;
        const recorded = {
          message,
          ...(result.counts ? { counts: result.counts } : {}),
          ...(result.mistakes ? { mistakes: result.mistakes } : {}),
          ...(result.coach?.length ? { coach: result.coach } : {}),
          ...(result.refused ? { refused: result.refused } : {}),
          ...(copied ? { copiedFromUserId: copied } : {}),
          // what the item analysis clusters wrong answers by
          ...(normalised !== null ? { normalised } : {}),
        };
        const at = Prisma.sql`(${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
        const event = { taskId: task.id, passed: result.passed, fraction: result.fraction };
        // a detection's query (or a rule's compiled SQL) joins the query history, refused ones too
        const ran = result.ran
          ? Prisma.sql`, history AS (
              INSERT INTO "LabQuery" ("userId", "itemId", "createdAt", "sql", "ok", "rowCount", "totalCount", "elapsedMs", "error")
              VALUES (${userId}::uuid, ${ctx.itemId}::uuid, ${at}, ${historySql(result.ran.sql)}, ${result.ran.error === undefined},
                      ${result.ran.rows ?? null}::int, ${result.ran.rows ?? null}::int, 0, ${result.ran.error ?? null}::text))`
          : Prisma.empty;
        // the attempt, the progress row's count, the query history and the activity event: one statement
        await tx.$executeRaw`
          WITH attempt AS (
            INSERT INTO "Attempt" ("id", "userId", "itemId", "part", "submittedAt", "score", "maxScore", "passed", "answers", "result", "ip")
            VALUES (gen_random_uuid(), ${userId}::uuid, ${ctx.itemId}::uuid, ${task.id}, ${at}, ${score}, ${task.points}, ${result.passed},
                    ${JSON.stringify({ answer })}::jsonb, ${JSON.stringify(recorded)}::jsonb, ${ip})
          ), progress AS (
            UPDATE "ItemProgress" SET "attempts" = "attempts" + 1, "lastActivityAt" = ${at}
            WHERE "userId" = ${userId}::uuid AND "itemId" = ${ctx.itemId}::uuid
          )${ran}
          INSERT INTO "ActivityEvent" ("userId", "itemId", "type", "data") VALUES (${userId}::uuid, ${ctx.itemId}::uuid, 'lab_answer', ${JSON.stringify(event)}::jsonb)`;
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
