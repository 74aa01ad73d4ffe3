import type { DetectionTask, LabTask } from "@/lib/schemas/lab";
import { normaliseHost, normaliseHostPort, normaliseText, normaliseVersion, splitList, type HostDirectory } from "./normalise";

/** The parts of a learner's ground truth that tasks are graded against. */
export type LabTruth = HostDirectory & {
  masters: string[];
  mesosVersion: string;
  leaderQuestion: { at: string; host: string };
  zookeeperEnsemble: string[];
  controlPlaneEventIds: number[];
};

/** A lab on uploaded data: every learner has the same logs, the keys are in the file, and the
 *  detection's positives are the events carrying one of its labels. */
export type UploadKey = HostDirectory & { labels: Record<string, readonly number[]> };
/** What a learner's answers are graded against: their generated truth, or an uploaded lab's key. */
export type GradingKey = LabTruth | UploadKey;
const isTruth = (key: GradingKey): key is LabTruth => "masters" in key;

/** A task's expected value: from the learner's truth when the task names one, else its answer key. */
function expected<T>(task: { id: string; truth?: string }, key: GradingKey, fromTruth: (truth: LabTruth) => T, answer: T | undefined): T {
  if (task.truth) {
    if (!isTruth(key)) throw new Error(`task ${task.id}: graded against generator truth, but the lab has none`);
    return fromTruth(key);
  }
  if (answer === undefined) throw new Error(`task ${task.id}: no answer key`);
  return answer;
}

/** The ids a detection task's query (or the SQL its Sigma rule compiles to) should return. */
export function detectionIds(task: DetectionTask, key: GradingKey): number[] {
  if (task.truth) return expected(task, key, (t) => t.controlPlaneEventIds, undefined);
  const labels = isTruth(key) ? {} : key.labels;
  return [...new Set((task.labels ?? []).flatMap((l) => labels[l] ?? []))];
}

export type DetectionCounts = { truePositives: number; falsePositives: number; missed: number; precision: number; recall: number; f1: number };
export type TaskGrade = { fraction: number; passed: boolean; message: string; counts?: DetectionCounts };

function setGrade(given: string[], expected: string[], wrongPenalty: number, noun: string): TaskGrade {
  const truth = new Set(expected);
  const right = given.filter((g) => truth.has(g)).length;
  const wrong = given.length - right;
  const passed = right === truth.size && wrong === 0;
  const fraction = passed ? 1 : Math.max(0, (right - wrongPenalty * wrong) / truth.size);
  if (passed) return { fraction, passed, message: `Correct: that is the complete set of ${noun}.` };
  if (right === 0) return { fraction, passed, message: `Not yet: none of those is one of the ${noun}.` };
  return {
    fraction,
    passed,
    message: `Partly right: ${right} of your answers ${right === 1 ? "is" : "are"} correct, ${wrong} ${wrong === 1 ? "is" : "are"} not, and the set may be incomplete.`,
  };
}

export function gradeDetection(ids: readonly number[], expected: readonly number[], passF1: number): TaskGrade {
  const truth = new Set(expected);
  const unique = new Set(ids);
  let tp = 0;
  for (const id of unique) if (truth.has(id)) tp++;
  const fp = unique.size - tp;
  const missed = truth.size - tp;
  const precision = unique.size ? tp / unique.size : 0;
  const recall = truth.size ? tp / truth.size : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const passed = f1 >= passF1;
  const counts = { truePositives: tp, falsePositives: fp, missed, precision, recall, f1 };
  const message = passed
    ? `Detection passes: F1 ${f1.toFixed(3)} (precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}).`
    : `Not yet: F1 ${f1.toFixed(3)}, and ${passF1} is needed. Tighten the query to cut false positives, or widen it to catch what it missed.`;
  return { fraction: passed ? 1 : 0, passed, message, counts };
}

/** Grades every task type except the detections ("query", "sigma"), whose ids come from running the learner's SQL or rule. */
export function gradeAnswer(task: LabTask, answer: string | string[], key: GradingKey): TaskGrade {
  const text = Array.isArray(answer) ? answer.join(",") : answer;
  switch (task.type) {
    case "host_set":
      return setGrade(
        splitList(answer).map((h) => normaliseHost(h, key)),
        expected(task, key, (t) => t.masters, task.answer).map((h) => normaliseHost(h, key)),
        task.wrongPenalty,
        task.feedback?.subject ?? "hosts asked for",
      );
    case "hostport_set":
      return setGrade(
        splitList(answer).map((h) => normaliseHostPort(h, key)),
        expected(task, key, (t) => t.zookeeperEnsemble, task.answer).map((h) => normaliseHostPort(h, key)),
        task.wrongPenalty,
        task.feedback?.subject ?? "servers asked for",
      );
    case "host": {
      const ok =
        normaliseHost(text, key) ===
        normaliseHost(
          expected(task, key, (t) => t.leaderQuestion.host, task.answer),
          key,
        );
      return { fraction: ok ? 1 : 0, passed: ok, message: ok ? "Correct." : (task.feedback?.wrong ?? "Not that host.") };
    }
    case "text": {
      const norm = task.normalise === "version" ? normaliseVersion : normaliseText;
      const accepted = expected(task, key, (t) => [t.mesosVersion], task.answer).map(norm);
      const ok = accepted.includes(norm(text));
      return { fraction: ok ? 1 : 0, passed: ok, message: ok ? "Correct." : (task.feedback?.wrong ?? "Not the right answer.") };
    }
    case "choice": {
      const ok = text === task.answer;
      return { fraction: ok ? 1 : 0, passed: ok, message: ok ? "Correct." : (task.feedback?.wrong ?? "Not that one.") };
    }
    case "query":
    case "sigma":
      throw new Error("detection tasks are graded with gradeDetection on the ids their query returns");
  }
}

/** The answer key of a task as an author would type it (verification grades it like a learner's). */
export function referenceAnswer(task: LabTask, key: GradingKey): string | string[] | null {
  switch (task.type) {
    case "host_set":
      return expected(task, key, (t) => t.masters, task.answer);
    case "hostport_set":
      return expected(task, key, (t) => t.zookeeperEnsemble, task.answer);
    case "host":
      return expected(task, key, (t) => t.leaderQuestion.host, task.answer);
    case "text":
      return expected(task, key, (t) => t.mesosVersion, task.answer?.[0]);
    case "choice":
      return task.answer;
    case "query":
    case "sigma":
      return task.reference ?? null;
  }
}

// Another learner's hosts live under another domain: compare first labels.
const firstLabel = (host: string) => (/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : host.split(".")[0]);

/** A canonical, domain-free form of an answer, for recognising one copied from another learner. */
export function canonicalAnswer(task: LabTask, answer: string | string[], dir: HostDirectory): string {
  switch (task.type) {
    case "host_set":
      return splitList(answer)
        .map((h) => firstLabel(normaliseHost(h, dir)))
        .sort()
        .join(",");
    case "hostport_set":
      return splitList(answer)
        .map((h) => normaliseHostPort(h, dir).replace(/^[^:]+/, (host) => firstLabel(host)))
        .sort()
        .join(",");
    case "host":
      return firstLabel(normaliseHost(Array.isArray(answer) ? answer.join(",") : answer, dir));
    default:
      return "";
  }
}

/**
 * An answer as the reports cluster it: what the grader compares (hosts without their domain, sets
 * sorted, text and versions normalised, a choice's id), so "Mesos-A3 " and "mesos-a3.dc1.example.net"
 * are the same wrong answer. Null for a detection query, whose answers are compared by F1 instead.
 */
export function clusterKey(task: LabTask, answer: string | string[], dir: HostDirectory): string | null {
  const text = Array.isArray(answer) ? answer.join(",") : answer;
  switch (task.type) {
    case "host_set":
    case "hostport_set":
    case "host":
      return canonicalAnswer(task, answer, dir);
    case "text":
      return task.normalise === "version" ? normaliseVersion(text) : normaliseText(text);
    case "choice":
      return text.trim();
    case "query":
    case "sigma":
      return null;
  }
}

/** The canonical correct answer per task whose answer differs between learners. */
export function truthAnswers(tasks: readonly LabTask[], truth: LabTruth): { taskId: string; canonical: string }[] {
  return tasks.flatMap((task) => {
    if (task.type === "choice" || !task.truth) return [];
    if (task.type === "host_set") return [{ taskId: task.id, canonical: canonicalAnswer(task, truth.masters, truth) }];
    if (task.type === "hostport_set") return [{ taskId: task.id, canonical: canonicalAnswer(task, truth.zookeeperEnsemble, truth) }];
    if (task.type === "host") return [{ taskId: task.id, canonical: canonicalAnswer(task, truth.leaderQuestion.host, truth) }];
    return [];
  });
}

// Guessing policy. A choice task can be solved by trying each option, so it allows at most one
// try fewer than it has options (2 by default) and each wrong try costs 1/(options - 1) of its
// points: with four options, a pass on the second try earns two thirds, and blind guessing is
// worth about 40% of knowing. Other answers (hosts, versions, sets, detections) are not
// enumerable, so a wrong try costs nothing there beyond the per-minute limit.

/** Graded attempts a task allows, or null for no limit. */
export function attemptLimit(task: LabTask): number | null {
  if (task.type === "choice") return task.maxAttempts ?? Math.min(2, task.choices.length - 1);
  return task.maxAttempts ?? null;
}

/** Points a wrong try costs, or 0. */
export function wrongTryCost(task: LabTask): number {
  return task.type === "choice" ? task.points / (task.choices.length - 1) : 0;
}

/** The share of its points a pass earns after `wrongBefore` wrong tries. */
export function triesFactor(task: LabTask, wrongBefore: number): number {
  return task.type === "choice" ? Math.max(0, 1 - wrongBefore / (task.choices.length - 1)) : 1;
}
