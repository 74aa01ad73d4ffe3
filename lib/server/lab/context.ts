import "server-only";
import { createHash } from "node:crypto";
import { rememberBounded } from "@/lib/bounded-map";
import { deriveSeed, type GroundTruth } from "@/lib/labgen";
import { isUploadedLab, type Lab } from "@/lib/schemas/lab";
import { truthAnswers, type GradingKey } from "@/lib/lab/grade";
import { RemoteDataset } from "../lab-engine/client";
import type { DatasetSpec, UploadSpec } from "../lab-engine/protocol";
import { currentVersion, learnerVersion, type ContentVersion } from "../content";
import { db } from "../db";
import { labDataChunks } from "../lab-data";

/** One learner's variant of a lab: the file, their dataset (on an engine process) and their ground truth. */
export type LearnerLab = {
  lab: Lab;
  itemId: string;
  /** the version the learner works on */
  version: number;
  userId: string;
  seed: string;
  dataset: LabDataset;
  /** what the tasks are graded against: the learner's generated truth, or the uploaded lab's key */
  key: GradingKey;
  /** generated labs only: the learner's own instants and names for prompts */
  truth: GroundTruth | null;
};

// Ground truth is small; keep the most recent ones so grading never waits on
// a regeneration while the learner's dataset is alive. On globalThis, like the
// datasets: Next bundles the page and each route handler with their own copy
// of this module, and a per-copy map would regenerate the truth in each.
const MAX_TRUTHS = 1000;
const shared = globalThis as unknown as { watchfloorLabTruths?: Map<string, GroundTruth> };
const truths = (shared.watchfloorLabTruths ??= new Map<string, GroundTruth>());

const MAX_UPLOAD_LABELS = 50;
const sharedLabels = globalThis as unknown as { watchfloorUploadLabels?: Map<string, Record<string, number[]>> };
const uploadLabels = (sharedLabels.watchfloorUploadLabels ??= new Map());

export function fingerprint(slug: string, taskId: string, canonical: string): string {
  return createHash("sha256").update(`${slug}\n${taskId}\n${canonical}`).digest("hex");
}

/** The dataset a learner of this version queries: their own generated one, or the uploaded one everyone shares. */
export type LabDataset = RemoteDataset<DatasetSpec> | RemoteDataset<UploadSpec>;

export function datasetOf(version: Pick<ContentVersion<"lab">, "definition" | "data" | "slug">, userId: string): LabDataset {
  const lab = version.definition;
  const spec = lab.dataset;
  if ("upload" in spec) {
    if (!version.data) throw new Error(`lab ${version.slug}: uploaded data missing from its version`);
    const dataId = version.data.id;
    // the same data for everyone, an engine instance and lane for each learner (a hash, not their id)
    const learner = createHash("sha256").update(`lab-learner:${userId}`).digest("hex").slice(0, 32);
    return new RemoteDataset({ upload: version.data.sha256 }, undefined, () => labDataChunks(db, dataId), learner);
  }
  return new RemoteDataset({ slug: lab.slug, seed: deriveSeed(lab.slug, userId), targetEvents: spec.targetEvents });
}

/**
 * The learner's variant: on generated data each learner's seed comes from the lab and their user
 * id, so hosts, versions and counts differ per learner, and only the ground truth is waited for (it
 * is known before the dataset is built, and kept beside it), so answers graded from it never wait for
 * the data. Whenever this process first obtains a learner's truth, the hashes of their correct
 * answers are stored (idempotently) so that an answer copied from them can be recognised later. On
 * uploaded data every learner has the same logs; the key is in the lab file, the detection's
 * positives are the events with the task's labels (the engine keeps them beside the data).
 */
export async function learnerLab(userId: string, slug: string): Promise<LearnerLab | null> {
  const version = await learnerVersion(userId, "lab", slug, { enroll: true });
  if (!version) return null;
  return await labContext(version, userId);
}

/** The grading context of one version for one user (also what /author's verification runs). */
export async function labContext(version: ContentVersion<"lab">, userId: string): Promise<LearnerLab> {
  const lab = version.definition;
  const dataset = datasetOf(version, userId);
  const base = { lab, itemId: version.itemId, version: version.number, userId, dataset };
  if (dataset.isUpload()) {
    // uploaded data is named by its hash, so its labels never change: asked of the engine once per
    // process, not on every answer
    const sha = version.data!.sha256;
    const labels = uploadLabels.get(sha) ?? rememberBounded(uploadLabels, sha, (await dataset.prepare("truth")).truth.labels, MAX_UPLOAD_LABELS);
    const key = { domain: isUploadedLab(lab) ? (lab.dataset.domain ?? "") : "", hostIps: {}, labels };
    return { ...base, seed: "", key, truth: null };
  }
  const spec = dataset.spec;
  const cacheKey = `${spec.slug}:${spec.seed}:${spec.targetEvents}`;
  let truth = truths.get(cacheKey);
  if (!truth) {
    truth = (await dataset.prepare("truth")).truth;
    rememberBounded(truths, cacheKey, truth, MAX_TRUTHS);
    const rows = truthAnswers(lab.tasks, truth).map(({ taskId, canonical }) => ({
      itemId: version.itemId,
      taskId,
      userId,
      hash: fingerprint(slug(lab), taskId, canonical),
    }));
    if (rows.length) await db.answerFingerprint.createMany({ data: rows, skipDuplicates: true });
  }
  return { ...base, seed: spec.seed, key: truth, truth };
}

const slug = (lab: Lab) => lab.slug;

/**
 * Starts building a learner's dataset ahead of their first query (opening the track, the quiz or
 * the lab), without waiting for it. Building is idempotent on the engine's side.
 */
export async function prepareLearnerLab(userId: string, labSlug: string): Promise<void> {
  const version = (await learnerVersion(userId, "lab", labSlug, { enroll: false })) ?? (await currentVersion("lab", labSlug));
  if (!version) return;
  await datasetOf(version, userId).ready();
}

/** Prepares the labs of every track that holds this item (the lab after the quiz, say). */
export function prepareTrackLabs(userId: string, kind: "lesson" | "quiz", itemSlug: string): void {
  void (async () => {
    const tracks = await db.track.findMany({
      where: { items: { some: { item: { kind, slug: itemSlug } } } },
      select: { items: { select: { item: { select: { kind: true, slug: true, state: true } } } } },
    });
    for (const track of tracks)
      for (const { item } of track.items)
        if (item.kind === "lab" && item.state === "published") await prepareLearnerLab(userId, item.slug).catch(() => undefined);
  })().catch(() => undefined);
}
