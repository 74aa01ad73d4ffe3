import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { labSchema, labAnswerSchema, type LabTask } from "@/lib/schemas/lab";
import { attemptLimit, canonicalAnswer, gradeAnswer, gradeDetection, triesFactor, truthAnswers, wrongTryCost, type LabTruth } from "@/lib/lab/grade";
import { normaliseHost, normaliseHostPort, normaliseVersion, splitList } from "@/lib/lab/normalise";

const lab = labSchema.parse(parse(fs.readFileSync(path.join(process.cwd(), "labs/labs/unpatched-mesos-control-plane.yaml"), "utf8")));
const task = (id: string) => lab.tasks.find((t) => t.id === id) as LabTask;

const truth: LabTruth = {
  domain: "dc1.example.net",
  hostIps: { "mesos-m1": "10.20.0.11", "mesos-m2": "10.20.0.12", zk1: "10.20.0.21", zk2: "10.20.0.22", zk3: "10.20.0.23" },
  masters: ["mesos-m1", "mesos-m2"],
  mesosVersion: "1.11.0",
  leaderQuestion: { at: "2026-03-11T14:00:00.000Z", host: "mesos-m2" },
  zookeeperEnsemble: ["zk1:2181", "zk2:2181", "zk3:2181"],
  controlPlaneEventIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
};

describe("the lab file", () => {
  it("validates, with every answer type and hints in order", () => {
    expect(lab.tasks.map((t) => t.type)).toEqual(["host_set", "text", "choice", "host", "hostport_set", "query", "sigma"]);
    expect(lab.dataset).toMatchObject({ generator: "mesos-hunt", targetEvents: 200_000 });
    expect(lab.tasks.every((t) => t.explanation.length > 20)).toBe(true);
  });

  it("rejects a choice task whose answer is not a choice, and duplicate task ids", () => {
    const raw = parse(fs.readFileSync(path.join(process.cwd(), "labs/labs/unpatched-mesos-control-plane.yaml"), "utf8"));
    const badChoice = structuredClone(raw);
    badChoice.tasks[2].answer = "nope";
    expect(labSchema.safeParse(badChoice).error?.issues[0].message).toMatch(/not one of its choices/);
    const dup = structuredClone(raw);
    dup.tasks[1].id = dup.tasks[0].id;
    expect(labSchema.safeParse(dup).error?.issues[0].message).toMatch(/duplicate task id/);
    expect(labSchema.safeParse({ ...raw, tasks: [{ ...raw.tasks[0], answer: "leak" }] }).success).toBe(false);
  });

  it("does not let a choice task be passed by trying every option: fewer tries than options, each wrong one costing its share", () => {
    const remedy = task("remedy");
    expect(remedy.type === "choice" && remedy.choices).toHaveLength(4);
    expect(attemptLimit(remedy)).toBe(2);
    expect(wrongTryCost(remedy)).toBeCloseTo(10 / 3);
    expect([0, 1, 2, 3].map((w) => Math.round(triesFactor(remedy, w) * 1000) / 1000)).toEqual([1, 0.667, 0.333, 0]);
    // other answers are not enumerable: no limit unless the author sets one, and no cost
    expect(attemptLimit(task("masters"))).toBeNull();
    expect(triesFactor(task("masters"), 5)).toBe(1);
    expect(wrongTryCost(task("masters"))).toBe(0);
    const raw = parse(fs.readFileSync(path.join(process.cwd(), "labs/labs/unpatched-mesos-control-plane.yaml"), "utf8"));
    const generous = structuredClone(raw);
    generous.tasks[2].maxAttempts = 4;
    expect(labSchema.safeParse(generous).error?.issues[0].message).toMatch(/at most 3 attempts \(one fewer than its choices\)/);
    generous.tasks[2].maxAttempts = 3;
    expect(attemptLimit(labSchema.parse(generous).tasks[2])).toBe(3);
    // two options: one try
    const two = structuredClone(raw);
    two.tasks[2].choices = two.tasks[2].choices.filter((c: { id: string }) => ["patch", "migrate"].includes(c.id));
    expect(attemptLimit(labSchema.parse(two).tasks[2])).toBe(1);
  });
});

describe("normalisation", () => {
  it("accepts short names, FQDNs, trailing dots, case and IPs", () => {
    expect(normaliseHost(" Mesos-M1.dc1.example.net. ", truth)).toBe("mesos-m1");
    expect(normaliseHost("10.20.0.12", truth)).toBe("mesos-m2");
    expect(normaliseHost("mesos-m1.other.example", truth)).toBe("mesos-m1.other.example");
    expect(normaliseHostPort("10.20.0.21:2181", truth)).toBe("zk1:2181");
    expect(normaliseHostPort("zk2.dc1.example.net:02181", truth)).toBe("zk2:2181");
    expect(normaliseVersion("v1.11.0")).toBe("1.11.0");
    expect(normaliseVersion("Mesos 1.11.0")).toBe("1.11.0");
    expect(splitList(["a, b", "b\nc", " "])).toEqual(["a", "b", "c"]);
  });
});

describe("grading", () => {
  it("gives partial credit per correct host and takes some back per wrong one", () => {
    expect(gradeAnswer(task("masters"), "mesos-m1\nmesos-m2.dc1.example.net", truth)).toMatchObject({ fraction: 1, passed: true });
    expect(gradeAnswer(task("masters"), ["mesos-m1"], truth)).toMatchObject({ fraction: 0.5, passed: false });
    expect(gradeAnswer(task("masters"), ["mesos-m1", "mesos-a1"], truth)).toMatchObject({ fraction: 0.25, passed: false });
    expect(gradeAnswer(task("masters"), ["mesos-m1", "mesos-m2", "mesos-a1"], truth)).toMatchObject({ fraction: 0.75, passed: false });
    expect(gradeAnswer(task("masters"), ["k8s-w1", "k8s-w2", "k8s-w3"], truth)).toMatchObject({ fraction: 0, passed: false });
    expect(gradeAnswer(task("masters"), ["mesos-m1"], truth).message).not.toMatch(/mesos-m2/);
  });

  it("grades version, choice, leader host and the ensemble", () => {
    expect(gradeAnswer(task("version"), "v1.11.0", truth).passed).toBe(true);
    expect(gradeAnswer(task("version"), "1.11", truth).passed).toBe(false);
    expect(gradeAnswer(task("remedy"), "migrate", truth).passed).toBe(true);
    expect(gradeAnswer(task("remedy"), "patch", truth).passed).toBe(false);
    // this lab's sentences come from its file; a task without them gets the generic ones
    expect(gradeAnswer(task("remedy"), "patch", truth).message).toBe(task("remedy").feedback!.wrong);
    expect(gradeAnswer(task("masters"), ["mesos-m1", "mesos-m2"], truth).message).toBe("Correct: that is the complete set of Mesos master hosts.");
    expect(gradeAnswer({ ...task("remedy"), feedback: undefined } as LabTask, "patch", truth).message).toBe("Not that one.");
    expect(gradeAnswer(task("leader"), "MESOS-M2.dc1.example.net", truth).passed).toBe(true);
    expect(gradeAnswer(task("leader"), "mesos-m1", truth).passed).toBe(false);
    expect(gradeAnswer(task("zookeeper"), "10.20.0.21:2181, zk2:2181\nzk3.dc1.example.net:2181", truth)).toMatchObject({ passed: true, fraction: 1 });
    expect(gradeAnswer(task("zookeeper"), "zk1, zk2, zk3", truth).passed).toBe(false);
  });

  it("grades a detection by precision and recall, giving counts but never ids", () => {
    const all = truth.controlPlaneEventIds;
    expect(gradeDetection(all, all, 0.95)).toMatchObject({ passed: true, counts: { truePositives: 20, falsePositives: 0, missed: 0, f1: 1 } });
    const one = gradeDetection([...all.slice(0, 19), 999], all, 0.95);
    expect(one.counts).toMatchObject({ truePositives: 19, falsePositives: 1, missed: 1 });
    expect(one.counts!.f1).toBeCloseTo(0.95, 5);
    expect(one.passed).toBe(true);
    const noisy = gradeDetection([...all, ...Array.from({ length: 20 }, (_, i) => 100 + i)], all, 0.95);
    expect(noisy).toMatchObject({ passed: false, fraction: 0, counts: { truePositives: 20, falsePositives: 20, missed: 0 } });
    expect(noisy.message).not.toMatch(/\b1[0-9]{2}\b/);
    expect(gradeDetection([], all, 0.95)).toMatchObject({ passed: false, counts: { f1: 0 } });
    expect(gradeDetection([1, 1, 1], [1], 0.95).counts).toMatchObject({ truePositives: 1, falsePositives: 0 });
  });

  it("recognises another learner's answer across domains", () => {
    const theirs = truthAnswers(lab.tasks, { ...truth, domain: "eu-west.example.org" });
    const copied = canonicalAnswer(task("masters"), "mesos-m2.eu-west.example.org, mesos-m1.eu-west.example.org", truth);
    expect(theirs.find((t) => t.taskId === "masters")!.canonical).toBe(copied);
    expect(truthAnswers(lab.tasks, truth).map((t) => t.taskId)).toEqual(["masters", "leader", "zookeeper"]);
  });
});

describe("answers at the boundary", () => {
  it("takes text or a list, and refuses empty, oversized and extra fields", () => {
    expect(labAnswerSchema.parse({ taskId: "masters", answer: ["a", "b"] })).toEqual({ taskId: "masters", answer: ["a", "b"] });
    expect(labAnswerSchema.safeParse({ taskId: "masters", answer: "" }).success).toBe(false);
    expect(labAnswerSchema.safeParse({ taskId: "masters", answer: "x".repeat(20_481) }).success).toBe(false);
    expect(labAnswerSchema.safeParse({ taskId: "masters", answer: Array(51).fill("h") }).success).toBe(false);
    expect(labAnswerSchema.safeParse({ taskId: "masters", answer: 42 }).success).toBe(false);
    expect(labAnswerSchema.safeParse({ taskId: "masters", answer: "a", userId: "someone-else" }).success).toBe(false);
  });
});
