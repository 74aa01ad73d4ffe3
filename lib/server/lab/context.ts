import "server-only";
import { createHash } from "node:crypto";
import { deriveSeed, type GroundTruth } from "@/lib/labgen";
import type { Lab } from "@/lib/schemas/lab";
import { truthAnswers } from "@/lib/lab/grade";
import { getDataset, type LabDataset } from "../lab-engine";
import { generateLearnerLab } from "./generate";
import { getItem } from "../content";
import { db } from "../db";
import { findItemId } from "../tracks";

/** One learner's variant of a lab: the file, their dataset and their ground truth. */
export type LearnerLab = { lab: Lab; itemId: string; userId: string; seed: string; dataset: LabDataset; truth: GroundTruth };

// Ground truth is small; keep the most recent ones so grading never waits on
// a regeneration while the learner's dataset is alive. On globalThis, like the
// datasets: Next bundles the page and each route handler with their own copy
// of this module, and a per-copy map would regenerate the truth in each.
const MAX_TRUTHS = 1000;
const shared = globalThis as unknown as { watchfloorLabTruths?: Map<string, GroundTruth> };
const truths = (shared.watchfloorLabTruths ??= new Map<string, GroundTruth>());

function remember(seed: string, truth: GroundTruth) {
  truths.delete(seed);
  truths.set(seed, truth);
  if (truths.size > MAX_TRUTHS) truths.delete(truths.keys().next().value!);
}

export function labFile(slug: string): Lab | undefined {
  return getItem("lab", slug)?.data as Lab | undefined;
}

export function fingerprint(slug: string, taskId: string, canonical: string): string {
  return createHash("sha256").update(`${slug}\n${taskId}\n${canonical}`).digest("hex");
}

/**
 * Loads (or rebuilds) the learner's dataset. Each learner's seed comes from
 * the lab and their user id, so hosts, versions and counts differ per learner.
 * Whenever this process first computes their truth, the hashes of their
 * correct answers are stored (idempotently) so that an answer copied from
 * them can be recognised later.
 */
export async function learnerLab(userId: string, slug: string): Promise<LearnerLab | null> {
  const lab = labFile(slug);
  const itemId = lab ? await findItemId("lab", slug) : null;
  if (!lab || !itemId) return null;
  const seed = deriveSeed(slug, userId);
  // Set when this call obtained the truth itself: only then are fingerprints written, not on
  // every query or explorer page that goes through here.
  let fresh = false;
  const build = async () => {
    const generated = await generateLearnerLab(seed, lab.dataset.targetEvents);
    remember(seed, generated.truth);
    fresh = true;
    return generated.encoded;
  };
  const dataset = await getDataset(`${slug}:${seed}`, build);
  let truth = truths.get(seed);
  if (!truth) {
    truth = (await generateLearnerLab(seed, lab.dataset.targetEvents)).truth;
    remember(seed, truth);
    fresh = true;
  }
  if (fresh) {
    const rows = truthAnswers(lab.tasks, truth).map(({ taskId, canonical }) => ({ itemId, taskId, userId, hash: fingerprint(slug, taskId, canonical) }));
    if (rows.length) await db.answerFingerprint.createMany({ data: rows, skipDuplicates: true });
  }
  return { lab, itemId, userId, seed, dataset, truth };
}
