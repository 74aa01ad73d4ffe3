import "server-only";
import { createHash } from "node:crypto";
import { deriveSeed, type GroundTruth } from "@/lib/labgen";
import type { Lab } from "@/lib/schemas/lab";
import { truthAnswers } from "@/lib/lab/grade";
import { RemoteDataset } from "../lab-engine/client";
import { getItem, listTrackFiles } from "../content";
import { db } from "../db";
import { findItemId } from "../tracks";

/** One learner's variant of a lab: the file, their dataset (on an engine process) and their ground truth. */
export type LearnerLab = { lab: Lab; itemId: string; userId: string; seed: string; dataset: RemoteDataset; truth: GroundTruth };

// Ground truth is small; keep the most recent ones so grading never waits on
// a regeneration while the learner's dataset is alive. On globalThis, like the
// datasets: Next bundles the page and each route handler with their own copy
// of this module, and a per-copy map would regenerate the truth in each.
const MAX_TRUTHS = 1000;
const shared = globalThis as unknown as { watchfloorLabTruths?: Map<string, GroundTruth> };
const truths = (shared.watchfloorLabTruths ??= new Map<string, GroundTruth>());

function remember(key: string, truth: GroundTruth) {
  truths.delete(key);
  truths.set(key, truth);
  if (truths.size > MAX_TRUTHS) truths.delete(truths.keys().next().value!);
}

export function labFile(slug: string): Lab | undefined {
  return getItem("lab", slug)?.data as Lab | undefined;
}

export function fingerprint(slug: string, taskId: string, canonical: string): string {
  return createHash("sha256").update(`${slug}\n${taskId}\n${canonical}`).digest("hex");
}

function datasetOf(lab: Lab, userId: string): RemoteDataset {
  return new RemoteDataset({ slug: lab.slug, seed: deriveSeed(lab.slug, userId), targetEvents: lab.dataset.targetEvents });
}

/**
 * The learner's variant: each learner's seed comes from the lab and their user id, so hosts,
 * versions and counts differ per learner. Only the ground truth is waited for (it is known before
 * the dataset is built, and kept beside it), so answers graded from it never wait for the data.
 * Whenever this process first obtains a learner's truth, the hashes of their correct answers are
 * stored (idempotently) so that an answer copied from them can be recognised later.
 */
export async function learnerLab(userId: string, slug: string): Promise<LearnerLab | null> {
  const lab = labFile(slug);
  const itemId = lab ? await findItemId("lab", slug) : null;
  if (!lab || !itemId) return null;
  const dataset = datasetOf(lab, userId);
  const { seed } = dataset.spec;
  const cacheKey = `${slug}:${seed}:${lab.dataset.targetEvents}`;
  let truth = truths.get(cacheKey);
  if (!truth) {
    truth = (await dataset.prepare("truth")).truth;
    remember(cacheKey, truth);
    const rows = truthAnswers(lab.tasks, truth).map(({ taskId, canonical }) => ({ itemId, taskId, userId, hash: fingerprint(slug, taskId, canonical) }));
    if (rows.length) await db.answerFingerprint.createMany({ data: rows, skipDuplicates: true });
  }
  return { lab, itemId, userId, seed, dataset, truth };
}

/**
 * Starts building a learner's dataset ahead of their first query (opening the track, the quiz or
 * the lab), without waiting for it. Building is idempotent on the engine's side.
 */
export function prepareLearnerLab(userId: string, slug: string): void {
  const lab = labFile(slug);
  if (!lab) return;
  datasetOf(lab, userId)
    .ready()
    .catch(() => undefined);
}

/** Prepares the labs of every track that holds this item (the lab after the quiz, say). */
export function prepareTrackLabs(userId: string, kind: "lesson" | "quiz", slug: string): void {
  for (const track of listTrackFiles()) {
    if (!track.items.includes(`${kind}/${slug}`)) continue;
    for (const ref of track.items) if (ref.startsWith("lab/")) prepareLearnerLab(userId, ref.slice(4));
  }
}
