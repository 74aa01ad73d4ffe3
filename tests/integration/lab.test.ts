import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATOR_VERSION } from "@/lib/labgen";
import { db } from "@/lib/server/db";
import { createAccount } from "@/lib/server/accounts";
import { learnerLab } from "@/lib/server/lab/context";
import { openLab } from "@/lib/server/lab/view";
import { submitLabAnswer } from "@/lib/server/lab/answers";
import { unlockHint } from "@/lib/server/lab/hints";
import { runLabQuery } from "@/lib/server/lab/queries";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";
import { DETECTION_QUERY, DETECTION_SIGMA } from "../support/lab-answers";
import { asInput, settle } from "../support/settle";
import { hintRequestSchema, labAnswerSchema, querySchema } from "@/lib/schemas/lab";

const SLUG = "unpatched-mesos-control-plane";
let n = 0;

async function learner() {
  const account = await createAccount(db, { name: "Analyst", email: `lab-${++n}-${Date.now()}@example.com`, password: "analyst password 1" });
  return account.userId;
}

const answer = (userId: string, taskId: string, value: string | string[]) =>
  settle(() => submitLabAnswer({ userId, slug: SLUG, input: asInput(labAnswerSchema, { taskId, answer: value }), ip: "127.0.0.1" }));

describe.each(backends)("the lab on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("gives each learner their own variant and sends no ground truth to the page", async () => {
    const [a, b] = [await learner(), await learner()];
    const [labA, labB] = [await openLab({ userId: a, slug: SLUG }), await openLab({ userId: b, slug: SLUG })];
    const [truthA, truthB] = [(await learnerLab(a, SLUG))!.truth!, (await learnerLab(b, SLUG))!.truth!];
    expect(labA!.dataset.eventCount).toBeGreaterThan(190_000);
    expect(truthA.masters).not.toEqual(truthB.masters);
    expect(labA!.dataset.hosts).not.toEqual(labB!.dataset.hosts);
    const json = JSON.stringify(labA);
    expect(json).not.toMatch(/"(truth|answer|explanation|writeup|controlPlaneEventIds|masters)"\s*:/);
    expect(json).not.toContain(truthA.controlPlaneEventIds.slice(0, 5).join(","));
    expect(labA!.writeupHtml).toBeUndefined();
    expect(labA!.tasks.flatMap((t) => t.hints).every((h) => h.content === undefined)).toBe(true);
    expect(labA!.tasks.find((t) => t.id === "leader")!.prompt).toContain(truthA.leaderQuestion.at.slice(0, 16));
  });

  it("cannot be harvested by trying each option of a choice task: two tries of four, a wrong one costs a third", async () => {
    const guesser = await learner();
    expect(await answer(guesser, "remedy", "patch")).toMatchObject({ ok: true, task: { passed: false, score: 0, attemptsLeft: 1, wrongTryCost: 3.33 } });
    expect(await answer(guesser, "remedy", "nothing")).toMatchObject({ ok: true, task: { passed: false, score: 0, attemptsLeft: 0 } });
    expect(await answer(guesser, "remedy", "migrate")).toMatchObject({ ok: false, status: 400, message: "No attempts left for this task (the limit is 2)." });
    const second = await learner();
    await answer(second, "remedy", "patch");
    const right = await answer(second, "remedy", "migrate");
    expect(right).toMatchObject({ ok: true, task: { passed: true, score: 6.67, lastFeedback: { message: /On try 2: 6\.67 of 10 points\.$/ } } });
    expect(await answer(await learner(), "remedy", "migrate")).toMatchObject({ ok: true, task: { passed: true, score: 10 } });
  });

  it("runs exactly 60 of 80 parallel queries in a minute and answers the rest with 429 and the wait", async () => {
    const userId = await learner();
    await learnerLab(userId, SLUG);
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => settle(() => runLabQuery({ userId, slug: SLUG, input: asInput(querySchema, { sql: `SELECT ${i} AS n` }) }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(60);
    const limited = results.filter((r) => !r.ok);
    expect(limited).toHaveLength(20);
    for (const r of limited) expect(r).toMatchObject({ ok: false, status: 429, message: /^At most 60 queries a minute\. Wait \d+ s\.$/ });
    expect(await db.labQuery.count({ where: { userId } })).toBe(60);
  });

  it("grades answers against the learner's own truth, with partial credit, and refuses a solved task", async () => {
    const userId = await learner();
    const truth = (await learnerLab(userId, SLUG))!.truth!;
    const partial = await answer(userId, "masters", [truth.masters[0]]);
    expect(partial).toMatchObject({ ok: true, task: { passed: false, attempts: 1 } });
    if (partial.ok) expect(partial.task.score).toBeGreaterThan(0);
    const full = await answer(userId, "masters", truth.masters.map((h) => `${h}.${truth.domain}`).join("\n"));
    expect(full).toMatchObject({ ok: true, task: { passed: true, score: 30, attempts: 2 } });
    expect(await answer(userId, "masters", truth.masters)).toMatchObject({ ok: false, status: 400, message: /already solved/ });
    expect(await answer(userId, "nope", "x")).toMatchObject({ ok: false, status: 400 });
    expect(await answer(userId, "remedy", "not-a-choice")).toMatchObject({ ok: false, status: 400 });
    expect(
      await settle(() => submitLabAnswer({ userId, slug: SLUG, input: asInput(labAnswerSchema, { taskId: "version", answer: "" }), ip: "x" })),
    ).toMatchObject({ ok: false, status: 400 });
    expect(await settle(() => submitLabAnswer({ userId, slug: "no-such-lab", input: { taskId: "version", answer: "1" }, ip: "x" }))).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(await db.attempt.count({ where: { userId } })).toBe(2);
  });

  it("allows at most 10 wrong answers per task per minute, even in parallel", async () => {
    const userId = await learner();
    const results = await Promise.all(Array.from({ length: 14 }, (_, i) => answer(userId, "version", `0.0.${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const limited = results.filter((r) => !r.ok);
    expect(limited).toHaveLength(4);
    for (const r of limited) expect(r).toMatchObject({ status: 429 });
    expect(await db.attempt.count({ where: { userId, part: "version" } })).toBe(10);
    // Other tasks are not affected.
    expect(await answer(userId, "remedy", "migrate")).toMatchObject({ ok: true, task: { passed: true } });
  });

  it("charges each hint once, in order", async () => {
    const userId = await learner();
    expect(await settle(() => unlockHint({ userId, slug: SLUG, input: asInput(hintRequestSchema, { taskId: "masters", hintIndex: 1 }) }))).toMatchObject({
      ok: false,
      status: 400,
    });
    const first = await settle(() => unlockHint({ userId, slug: SLUG, input: asInput(hintRequestSchema, { taskId: "masters", hintIndex: 0 }) }));
    expect(first).toMatchObject({ ok: true, task: { hints: [{ unlocked: true }, { unlocked: false }] } });
    if (first.ok) expect(first.task.hints[0].content).toMatch(/master\.cpp/);
    await settle(() => unlockHint({ userId, slug: SLUG, input: asInput(hintRequestSchema, { taskId: "masters", hintIndex: 0 }) }));
    expect(await db.hintUnlock.count({ where: { userId } })).toBe(1);
    const truth = (await learnerLab(userId, SLUG))!.truth!;
    expect(await answer(userId, "masters", truth.masters)).toMatchObject({ ok: true, task: { passed: true, score: 27 } });
  });

  it("records when a learner submits another learner's correct answer", async () => {
    const [original, copier] = [await learner(), await learner()];
    const theirs = (await learnerLab(original, SLUG))!.truth!;
    await learnerLab(copier, SLUG);
    const result = await answer(
      copier,
      "masters",
      theirs.masters.map((h) => `${h}.${theirs.domain}`),
    );
    expect(result).toMatchObject({ ok: true, task: { passed: false } });
    const attempt = await db.attempt.findFirstOrThrow({ where: { userId: copier, part: "masters" } });
    expect(attempt.result).toMatchObject({ copiedFromUserId: original });
    expect(await db.auditLog.count({ where: { action: "lab_answer_copied", actorId: copier, targetId: original } })).toBe(1);
  });

  it("runs queries into the history, refuses writes, and completes the lab with a real detection rule", async () => {
    const userId = await learner();
    const ok = await settle(() => runLabQuery({ userId, slug: SLUG, input: asInput(querySchema, { sql: "SELECT count(*) AS n FROM logs" }) }));
    expect(ok).toMatchObject({ ok: true, columns: [{ name: "n" }], rowCount: 1 });
    const refused = await settle(() => runLabQuery({ userId, slug: SLUG, input: asInput(querySchema, { sql: "DROP TABLE logs" }) }));
    expect(refused).toMatchObject({ ok: false, status: 400, kind: "not_select" });
    expect(await db.labQuery.count({ where: { userId } })).toBe(2);

    const truth = (await learnerLab(userId, SLUG))!.truth!;
    const detection = await answer(userId, "detection", DETECTION_QUERY);
    expect(detection.ok && detection.task.lastFeedback?.counts).toMatchObject({ falsePositives: 0, missed: 0 });
    expect(await answer(userId, "detection", "SELECT id FROM logs WHERE message ILIKE '%mesos%'")).toMatchObject({
      ok: false,
      status: 400,
      message: /already solved/,
    });
    // the Sigma task: a rule that is not one this lab can run counts as an attempt, with the reason
    const broken = await answer(userId, "sigma-detection", "title: x\ndetection:\n  sel:\n    message|base64: a\n  condition: sel\n");
    expect(broken).toMatchObject({ ok: true, task: { passed: false, attempts: 1, lastFeedback: { message: /did not run: .*base64/ } } });
    // a rule without the log source and the files: the coach names its mistakes by kind of line, never by id
    const broad = await answer(
      userId,
      "sigma-detection",
      "title: banner\nlogsource:\n  product: mesos\ndetection:\n  sel:\n    message|startswith: ['Build:', 'Version:']\n  condition: sel\n",
    );
    expect(broad).toMatchObject({ ok: true, task: { passed: false, attempts: 2 } });
    const coach: string[] = (broad.ok && broad.task.lastFeedback?.coach) || [];
    expect(
      coach.some((l) => /false positives .*mesos-agent lines like “(Build|Version): …/.test(l)),
      coach.join("\n"),
    ).toBe(true);
    expect(
      coach.some((l) => /You miss every mesos-master line like “Git SHA: …” \(\d+ of them\)/.test(l)),
      coach.join("\n"),
    ).toBe(true);
    for (const id of truth.controlPlaneEventIds.slice(0, 20)) expect(coach.join(" ")).not.toMatch(new RegExp(`\\b${id}\\b`));
    const sigma = await answer(userId, "sigma-detection", DETECTION_SIGMA);
    expect(sigma).toMatchObject({ ok: true, task: { passed: true, score: 20, lastFeedback: { counts: { falsePositives: 0, missed: 0 } } } });
    // the compiled SQL of each rule that ran joins the query history
    expect(await db.labQuery.count({ where: { userId, sql: { startsWith: "SELECT id FROM logs WHERE service = 'mesos-master'" } } })).toBe(1);
    await answer(userId, "masters", truth.masters);
    await answer(userId, "version", `v${truth.mesosVersion}`);
    await answer(userId, "remedy", "migrate");
    await answer(userId, "leader", truth.leaderQuestion.host);
    const last = await answer(userId, "zookeeper", truth.zookeeperEnsembleIps);
    expect(last).toMatchObject({ ok: true, lab: { completed: true, score: 120, maxScore: 120 } });
    const view = await openLab({ userId, slug: SLUG });
    expect(view!.completed).toBe(true);
    expect(view!.writeupHtml).toMatch(/intended path/);
    // the write-up speaks of this learner's own hosts and version, with no placeholder left
    const repurposed = truth.decoys.find((d) => d.kind === "repurposed-mesos-name")!.host;
    for (const own of [repurposed, truth.decommissionedMasters[0], truth.mesosVersion, truth.leaderQuestion.host, ...truth.masters])
      expect(view!.writeupHtml, own).toContain(own);
    expect(view!.writeupHtml).not.toMatch(/\{\{|mesos-…/);
    const itemId = (await db.item.findUniqueOrThrow({ where: { kind_slug: { kind: "lab", slug: SLUG } } })).id;
    expect(await db.itemProgress.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } } })).toMatchObject({ status: "completed", score: 1 });
  });
  it("keeps what a learner solved on an older generator's data, grades open tasks on the new data and says so", async () => {
    const userId = await learner();
    const first = await openLab({ userId, slug: SLUG });
    expect(first!.dataNotice).toBeUndefined();
    const { truth: maybeTruth, itemId } = (await learnerLab(userId, SLUG))!;
    const truth = maybeTruth!;
    expect(await answer(userId, "masters", truth.masters)).toMatchObject({ ok: true, task: { passed: true, score: 30 } });
    expect(await answer(userId, "leader", "not-a-master")).toMatchObject({ ok: true, task: { passed: false } });
    await settle(() => unlockHint({ userId, slug: SLUG, input: asInput(hintRequestSchema, { taskId: "leader", hintIndex: 0 }) }));
    // as the migration that introduced versions records a learner who worked on generator 1's data
    await db.labVariant.delete({ where: { userId_itemId: { userId, itemId } } });
    const migration = fs.readFileSync(path.join(process.cwd(), "prisma/migrations/20261202190000_lab_variant/migration.sql"), "utf8");
    await db.$executeRawUnsafe(migration.slice(migration.indexOf("INSERT INTO")));
    expect(await db.labVariant.findUnique({ where: { userId_itemId: { userId, itemId } } })).toMatchObject({ version: "1", previousVersion: null });

    const lab = (await openLab({ userId, slug: SLUG }))!;
    expect(lab.dataNotice).toMatchObject({ previousVersion: "1", version: GENERATOR_VERSION });
    const tasks = Object.fromEntries(lab.tasks.map((t) => [t.id, t]));
    expect(tasks.masters).toMatchObject({ passed: true, score: 30 });
    expect(tasks.leader).toMatchObject({ passed: false, attempts: 1 });
    expect(tasks.leader.hints[0]).toMatchObject({ unlocked: true });
    // the open task is graded against the data the learner now sees
    expect(tasks.leader.prompt).toContain(truth.leaderQuestion.at.slice(0, 16));
    expect(await answer(userId, "leader", truth.leaderQuestion.host)).toMatchObject({ ok: true, task: { passed: true } });
    // the notice stays on later visits, and the move is recorded once
    expect((await openLab({ userId, slug: SLUG }))!.dataNotice).toMatchObject({ previousVersion: "1" });
    expect(await db.labVariant.count({ where: { userId } })).toBe(1);
  });
});
