import "server-only";
import type { Definition } from "@/lib/content/definition";
import type { TaskCheck, Verification } from "@/lib/author/types";
import { lintDefinition } from "@/lib/content/lint";
import { detectionIds, gradeAnswer, gradeDetection, referenceAnswer } from "@/lib/lab/grade";
import { gradeQuiz } from "@/lib/quiz/grade";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isDetectionTask, type Lab } from "@/lib/schemas/lab";
import { compileSigma } from "@/lib/sigma";
import type { Quiz } from "@/lib/schemas/quiz";
import type { CurrentUser } from "../auth";
import { audit, type AuditAction } from "../audit";
import type { ContentVersion } from "../content";
import { AppError } from "../errors";
import { db } from "../db";
import { isQueryRejected } from "../lab-engine/types";
import { labContext } from "../lab/context";
import { itemFor } from "./access";

/** The newest version of an item, if it is a draft (or in review). */
async function openDraft(itemId: string) {
  const v = await db.itemVersion.findFirst({
    where: { itemId },
    orderBy: { number: "desc" },
    select: {
      id: true,
      itemId: true,
      number: true,
      state: true,
      definition: true,
      contentHash: true,
      verification: true,
      verifiedHash: true,
      data: { select: { id: true, sha256: true } },
      item: { select: { kind: true, slug: true } },
    },
  });
  if (!v || (v.state !== "draft" && v.state !== "in_review"))
    throw new AppError("invalid:no_draft", "There is no draft to act on: edit and save the item first.");
  return v;
}

/** Runs each quiz key through the grader: every question must grade as correct. */
function verifyQuiz(quiz: Quiz): TaskCheck[] {
  const answers: Record<string, unknown> = {};
  for (const q of quiz.questions) {
    answers[q.id] = q.type === "single" ? q.answer : q.type === "multiple" ? q.answers : q.type === "short_text" ? q.accept[0] : q.answer;
  }
  const result = gradeQuiz(quiz, answers);
  return result.questions.map((r) => {
    const q = quiz.questions.find((x) => x.id === r.id)!;
    return {
      id: r.id,
      title: q.prompt.slice(0, 80),
      passed: r.correct,
      message: r.correct ? "The key grades as correct." : "The key does not grade as correct.",
    };
  });
}

/** Runs each task's reference answer, and the reference detection, against the lab's data. */
async function verifyLab(version: ContentVersion<"lab">, user: CurrentUser): Promise<TaskCheck[]> {
  const lab: Lab = version.definition;
  if ("upload" in lab.dataset && !version.data)
    return [{ id: "dataset", title: "Lab data", passed: false, message: `Upload ${lab.dataset.upload} (JSON lines or CSV) before verifying.` }];
  // on generated data, the author's own variant stands in for every learner's
  const ctx = await labContext(version, user.id);
  const checks: TaskCheck[] = [];
  for (const task of lab.tasks) {
    const base = { id: task.id, title: task.title };
    const reference = referenceAnswer(task, ctx.key);
    if (!isDetectionTask(task)) {
      const grade = gradeAnswer(task, reference ?? "", ctx.key);
      checks.push({
        ...base,
        passed: grade.passed,
        message: grade.passed ? `The reference answer grades as correct.` : `The reference answer does not grade as correct: ${grade.message}`,
      });
      continue;
    }
    if (!reference) {
      const example = task.type === "sigma" ? "reference: a Sigma rule, as YAML" : "reference: SELECT id FROM logs WHERE ...";
      checks.push({ ...base, passed: false, message: `A detection task needs a reference ${task.type === "sigma" ? "rule" : "query"} (${example}).` });
      continue;
    }
    // the schema has already refused a reference rule that does not compile
    const compiled = task.type === "sigma" ? compileSigma(reference as string) : null;
    if (compiled && !compiled.ok) {
      checks.push({ ...base, passed: false, message: `The reference rule does not compile: ${compiled.problems[0]?.message}` });
      continue;
    }
    try {
      const ids = await ctx.dataset.queryIds(compiled?.ok ? compiled.sql : (reference as string), { timeoutMs: 10_000 });
      const grade = gradeDetection(ids, detectionIds(task, ctx.key), task.passF1);
      checks.push({ ...base, passed: grade.passed, message: grade.message, counts: grade.counts });
    } catch (err) {
      if (!isQueryRejected(err)) throw err;
      checks.push({ ...base, passed: false, message: `The reference query did not run: ${err.message}` });
    }
  }
  return checks;
}

/** Verify before publish: the keys grade as correct against the data, nothing leaks, every regex is safe. */
export async function verifyDraft(user: CurrentUser, input: { itemId: string }): Promise<Verification> {
  const item = await itemFor(user, input.itemId, "edit");
  const v = await openDraft(item.id);
  const def = v.definition as Definition;
  const version = { id: v.id, itemId: v.itemId, number: v.number, state: v.state, kind: v.item.kind, slug: v.item.slug, definition: def, data: v.data };
  const checks = item.kind === "quiz" ? verifyQuiz(def as Quiz) : item.kind === "lab" ? await verifyLab(version as ContentVersion<"lab">, user) : [];
  const problems = lintDefinition(item.kind, def);
  const verification: Verification = {
    ok: problems.length === 0 && checks.every((c) => c.passed),
    at: new Date().toISOString(),
    number: v.number,
    checks,
    problems,
  };
  // recorded against the text it checked: an edit after it makes it stale
  await db.itemVersion.updateMany({
    where: { id: v.id, contentHash: v.contentHash },
    data: { verification: verification as unknown as Prisma.InputJsonValue, verifiedHash: v.contentHash },
  });
  return verification;
}

async function record(user: CurrentUser, action: AuditAction, itemId: string, ip: string, detail: Prisma.InputJsonValue) {
  await audit(db, { action, actorId: user.id, targetId: itemId, ip, detail });
}

/** Marks the draft as ready for a reviewer; an edit sends it back to draft. */
export async function requestReview(user: CurrentUser, input: { itemId: string }, ip: string) {
  const item = await itemFor(user, input.itemId, "edit");
  const v = await openDraft(item.id);
  await db.itemVersion.update({ where: { id: v.id }, data: { state: "in_review" } });
  if (!item.state || item.state === "draft") await db.item.update({ where: { id: item.id }, data: { state: "in_review" } });
  await record(user, "content_review_requested", item.id, ip, { version: v.number });
  return { number: v.number };
}

/**
 * Publishes the draft as an immutable version: it is verified again first (a stale or failed
 * verification refuses, with the reasons). New learners get it; learners who started an earlier
 * version finish on theirs.
 */
export async function publishDraft(user: CurrentUser, input: { itemId: string }, ip: string) {
  const item = await itemFor(user, input.itemId, "edit");
  const verification = await verifyDraft(user, input);
  if (!verification.ok) {
    const reasons = [...verification.problems.map((p) => p.message), ...verification.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)];
    throw new AppError("invalid:not_verified", `Not published: ${reasons.join(" · ")}`, { verification });
  }
  const v = await openDraft(item.id);
  const def = v.definition as Definition;
  await db.$transaction(async (tx) => {
    const now = new Date();
    const changed = await tx.itemVersion.updateMany({
      where: { id: v.id, contentHash: v.contentHash, state: { in: ["draft", "in_review"] } },
      data: { state: "published", publishedAt: now },
    });
    if (changed.count !== 1) throw new AppError("conflict:draft_changed", "The draft changed while it was being published; verify and publish again.");
    await tx.item.update({ where: { id: item.id }, data: { state: "published", currentVersionId: v.id, title: def.title, summary: def.summary } });
  });
  await record(user, "content_published", item.id, ip, { version: v.number, slug: item.slug, kind: item.kind });
  return { number: v.number, verification };
}

/** Unpublish: new learners no longer get it (learners who started keep their version); archive: retired. */
export async function setItemState(user: CurrentUser, input: { itemId: string; state: "draft" | "archived" }, ip: string) {
  const item = await itemFor(user, input.itemId, "edit");
  if (item.state === input.state) return { state: item.state };
  if (input.state === "draft" && item.state !== "published") throw new AppError("invalid:state", "Only a published item can be unpublished.");
  await db.item.update({ where: { id: item.id }, data: { state: input.state } });
  await record(user, input.state === "archived" ? "content_archived" : "content_unpublished", item.id, ip, {
    slug: item.slug,
    kind: item.kind,
    from: item.state,
  });
  return { state: input.state };
}
