import "server-only";
import { randomUUID } from "node:crypto";
import { buildSubmissionSchema, submissionIssuesByQuestion, type Quiz, type SubmissionEnvelope } from "@/lib/schemas/quiz";
import { AppError } from "./errors";
import { gradeQuiz } from "@/lib/quiz/grade";
import { revealFor, toPublicQuiz, type Feedback, type PublicQuiz } from "@/lib/quiz/public";
import { learnerVersion } from "./content";
import { db } from "./db";
import { tryAgainIn } from "./limits";
import { lockProgressRow, recordItemOpened } from "./progress";

const HOUR_MS = 60 * 60 * 1000;
const PART = "quiz";

export type AttemptSummary = { id: string; submittedAt: Date; score: number; maxScore: number; passed: boolean; durationSeconds: number | null };
export type QuizView = {
  quiz: PublicQuiz;
  attempts: AttemptSummary[];
  bestScore: number | null;
  passed: boolean;
  attemptsLeftThisHour: number;
  /** graded attempts in all, and how many are left */
  attemptsAllowed: number;
  attemptsLeft: number;
  /** why the quiz takes no more attempts, once it does not */
  closedReason: string | null;
  nextAttemptAt: Date | null;
  /** whole minutes (at least 1) until the next attempt is allowed; 0 when one is allowed now */
  minutesToNextAttempt: number;
};

/** The quiz version this learner takes (the one they started on), and its item. */
async function learnerQuiz(userId: string, slug: string): Promise<{ quiz: Quiz; itemId: string; version: number } | null> {
  const version = await learnerVersion(userId, "quiz", slug, { enroll: true });
  return version ? { quiz: version.definition, itemId: version.itemId, version: version.number } : null;
}

/** The learner's open quiz session (its shuffle seed and start), if any. */
async function openSession(userId: string, itemId: string) {
  const [session, last] = await Promise.all([
    db.activityEvent.findFirst({ where: { userId, itemId, type: "quiz_started" }, orderBy: { id: "desc" } }),
    db.attempt.findFirst({ where: { userId, itemId, part: PART }, orderBy: { submittedAt: "desc" }, select: { submittedAt: true } }),
  ]);
  if (!session || (last && last.submittedAt >= session.createdAt)) return null;
  return { seed: (session.data as { seed: string }).seed, startedAt: session.createdAt };
}

async function rateWindow(userId: string, itemId: string, limit: number, now = new Date()) {
  const recent = await db.attempt.findMany({
    where: { userId, itemId, part: PART, submittedAt: { gt: new Date(now.getTime() - HOUR_MS) } },
    orderBy: { submittedAt: "asc" },
    select: { submittedAt: true },
  });
  const left = Math.max(0, limit - recent.length);
  return { left, nextAttemptAt: left > 0 ? null : new Date(recent[recent.length - limit].submittedAt.getTime() + HOUR_MS) };
}

/**
 * Why no more attempts are graded, or null while they are: a pass, or the last of `maxAttempts`
 * (the two moments the key may be shown, so an attempt after them could copy it).
 */
export function quizClosed(quiz: Quiz, { passed, attemptsUsed }: { passed: boolean; attemptsUsed: number }): string | null {
  if (passed) return "You have passed this quiz; it takes no more attempts.";
  if (attemptsUsed >= quiz.maxAttempts) return `You have used all ${quiz.maxAttempts} attempts of this quiz.`;
  return null;
}

/** Opens (or resumes) an attempt: a stable option order until it is submitted. */
export async function openQuiz({ userId, slug }: { userId: string; slug: string }): Promise<QuizView | null> {
  const found = await learnerQuiz(userId, slug);
  if (!found) return null;
  const { quiz, itemId } = found;
  let session = await openSession(userId, itemId);
  if (!session) {
    const seed = randomUUID();
    const event = await db.activityEvent.create({ data: { userId, itemId, type: "quiz_started", data: { seed } } });
    session = { seed, startedAt: event.createdAt };
  }
  await recordItemOpened({ userId, itemId });
  const [attempts, progress, window] = await Promise.all([
    db.attempt.findMany({ where: { userId, itemId, part: PART }, orderBy: { submittedAt: "desc" }, take: 10 }),
    db.itemProgress.findUnique({ where: { userId_itemId: { userId, itemId } } }),
    rateWindow(userId, itemId, quiz.attemptsPerHour),
  ]);
  return {
    quiz: toPublicQuiz(quiz, session.seed),
    attempts: attempts.map((a) => ({
      id: a.id,
      submittedAt: a.submittedAt,
      score: a.score,
      maxScore: a.maxScore,
      passed: a.passed,
      durationSeconds: a.startedAt ? Math.round((a.submittedAt.getTime() - a.startedAt.getTime()) / 1000) : null,
    })),
    bestScore: progress?.score ?? null,
    passed: progress?.status === "completed",
    attemptsLeftThisHour: window.left,
    attemptsAllowed: quiz.maxAttempts,
    attemptsLeft: Math.max(0, quiz.maxAttempts - (progress?.attempts ?? 0)),
    closedReason: quizClosed(quiz, { passed: progress?.status === "completed", attemptsUsed: progress?.attempts ?? 0 }),
    nextAttemptAt: window.nextAttemptAt,
    minutesToNextAttempt: window.nextAttemptAt ? Math.max(1, Math.ceil((window.nextAttemptAt.getTime() - Date.now()) / 60_000)) : 0,
  };
}

export type SubmitResult = { attemptId: string; attemptNumber: number; feedback: Feedback; bestScore: number };

/**
 * Grades a submission on the server and records it. The per-hour limit is
 * checked and the attempt written while holding the learner's progress row
 * lock, so parallel submissions cannot slip past the limit.
 */
export async function submitQuizAttempt({
  userId,
  slug,
  input,
  ip,
}: {
  userId: string;
  slug: string;
  input: SubmissionEnvelope;
  ip: string;
}): Promise<SubmitResult> {
  const found = await learnerQuiz(userId, slug);
  if (!found) throw new AppError("not_found:quiz", "There is no such quiz.");
  const { quiz, itemId, version } = found;
  // each answer is checked against its own question, so this schema is the quiz's own
  const parsed = buildSubmissionSchema(quiz).safeParse(input);
  if (!parsed.success) {
    const { form, questions } = submissionIssuesByQuestion(parsed.error);
    throw new AppError("invalid:answers", form[0] ?? "Some answers need attention before you submit.", { questionErrors: questions });
  }
  const session = await openSession(userId, itemId);
  const result = gradeQuiz(quiz, parsed.data.answers);
  return db.$transaction(
    async (tx) => {
      await lockProgressRow(tx, { userId, itemId });
      const before = await tx.itemProgress.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } }, select: { status: true, attempts: true } });
      const closed = quizClosed(quiz, { passed: before.status === "completed", attemptsUsed: before.attempts });
      if (closed) throw new AppError("conflict:quiz_closed", closed);
      const now = new Date();
      const recent = await tx.attempt.findMany({
        where: { userId, itemId, part: PART, submittedAt: { gt: new Date(now.getTime() - HOUR_MS) } },
        orderBy: { submittedAt: "asc" },
        select: { submittedAt: true },
      });
      if (recent.length >= quiz.attemptsPerHour) {
        const freeAt = recent[recent.length - quiz.attemptsPerHour].submittedAt.getTime() + HOUR_MS;
        const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
        throw new AppError("rate_limit:quiz_attempts", `You have used all ${quiz.attemptsPerHour} attempts for this hour. ${tryAgainIn(retryAfterSeconds)}`, {
          retryAfterSeconds,
        });
      }
      const attempt = await tx.attempt.create({
        data: {
          userId,
          itemId,
          part: PART,
          startedAt: session?.startedAt ?? null,
          submittedAt: now,
          score: result.score,
          maxScore: result.maxScore,
          passed: result.passed,
          answers: parsed.data.answers,
          result: {
            version,
            fraction: result.fraction,
            questions: result.questions.map(({ id, correct, earned, points }) => ({ id, correct, earned, points })),
          },
          ip,
        },
      });
      const progress = await tx.itemProgress.update({
        where: { userId_itemId: { userId, itemId } },
        data: { attempts: { increment: 1 }, lastActivityAt: now },
      });
      const best = Math.max(progress.score ?? 0, result.fraction);
      const completed = progress.status === "completed" || result.passed;
      await tx.itemProgress.update({
        where: { id: progress.id },
        data: { score: best, status: completed ? "completed" : "in_progress", completedAt: progress.completedAt ?? (result.passed ? now : null) },
      });
      await tx.activityEvent.create({
        data: { userId, itemId, type: "quiz_submitted", data: { attemptId: attempt.id, fraction: result.fraction, passed: result.passed } },
      });
      const feedback = revealFor(quiz, result, { passed: progress.status === "completed", attemptsUsed: progress.attempts });
      return { attemptId: attempt.id, attemptNumber: progress.attempts, feedback, bestScore: best };
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}
