// The progress reports on a small data set whose numbers are worked out by hand: funnel, medians,
// weekly completions, the matrix and its CSV, quiz facility/discrimination, lab task analysis,
// and what an instructor (their own items only), a learner and a visitor get.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "csv-parse/sync";
import { getCurrentUser, type CurrentUser } from "@/lib/server/auth";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { reportFilterSchema } from "@/lib/schemas/reports";
import { overview } from "@/lib/server/reports/overview";
import { matrix } from "@/lib/server/reports/matrix";
import { labReport, quizReport } from "@/lib/server/reports/items";
import { learnerReport } from "@/lib/server/reports/learner";
import { reportScope, scopedItem } from "@/lib/server/reports/scope";
import { GET as reportExport } from "@/app/api/admin/reports/export/route";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

vi.mock("@/lib/server/auth", () => ({ getCurrentUser: vi.fn() }));

const NOW = new Date("2026-04-01T12:00:00Z");
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const filter = (q: Record<string, string> = {}) => reportFilterSchema.parse(q);
const exportAs = async (who: CurrentUser | null, query = "") => {
  vi.mocked(getCurrentUser).mockResolvedValue(who);
  return reportExport(new Request(`http://localhost/api/admin/reports/export${query}`), { params: Promise.resolve({}) });
};

describe.each(backends)("progress reports on $label", ({ create }) => {
  usePreparedDatabase(create);
  const L: { id: string; email: string }[] = [];
  let admin: CurrentUser;
  let instructor: CurrentUser;
  let items: Record<string, string>;

  beforeAll(async () => {
    const mk = async (name: string, role: "learner" | "instructor" | "admin" = "learner") => {
      const email = `${name.toLowerCase().replace(/ /g, ".")}@reports.example`;
      const { userId } = await createAccount(db, { name, email, password: "reports password 1" });
      if (role !== "learner") await db.user.update({ where: { id: userId }, data: { role } });
      return { id: userId, email, name, role };
    };
    for (const name of ["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Kim"]) L.push(await mk(name));
    await db.user.update({ where: { id: (await mk("Gone Learner")).id }, data: { active: false } });
    admin = await mk("Ada Admin", "admin");
    instructor = await mk("Ivan Instructor", "instructor");
    const rows = await db.item.findMany({ select: { id: true, kind: true, slug: true } });
    items = Object.fromEntries(rows.map((r) => [`${r.kind}/${r.slug}`, r.id]));
    const lesson = items["lesson/kubernetes-vs-mesos"];
    const quiz = items["quiz/kubernetes-vs-mesos"];
    const lab1 = items["lab/unpatched-mesos-control-plane"];
    const lab2 = items["lab/cryptominer-via-marathon"];
    await db.itemAuthor.create({ data: { itemId: lab2, userId: instructor.id } });

    const progress = (
      userId: string,
      itemId: string,
      status: "in_progress" | "completed",
      seconds: number,
      completedAt: string | null,
      last: Date,
      score: number | null,
    ) =>
      db.itemProgress.create({
        data: {
          userId,
          itemId,
          status,
          timeSpentSeconds: seconds,
          completedAt: completedAt ? at(completedAt) : null,
          lastActivityAt: last,
          firstActivityAt: at("2026-03-09T08:00:00Z"),
          score,
          attempts: 1,
        },
      });
    const [a, b, c, d] = L;
    const last = [
      new Date(NOW.getTime() - 2 * DAY),
      new Date(NOW.getTime() - 10 * DAY),
      new Date(NOW.getTime() - 40 * DAY),
      new Date(NOW.getTime() - 40 * DAY),
    ];
    // the lesson: everyone; 60, 120, 180, 600 s -> median 150
    await progress(a.id, lesson, "completed", 60, "2026-03-10T09:00:00Z", last[0], 1);
    await progress(b.id, lesson, "completed", 120, "2026-03-11T09:00:00Z", last[1], 1);
    await progress(c.id, lesson, "completed", 180, "2026-03-17T09:00:00Z", last[2], 1);
    await progress(d.id, lesson, "completed", 600, "2026-03-18T09:00:00Z", last[3], 1);
    // the quiz: two pass (300 and 500 s -> median 400), two are still at it
    await progress(a.id, quiz, "completed", 300, "2026-03-10T10:00:00Z", last[0], 0.8);
    await progress(b.id, quiz, "completed", 500, "2026-03-12T10:00:00Z", last[1], 0.7);
    await progress(c.id, quiz, "in_progress", 200, null, last[2], 0.3);
    await progress(d.id, quiz, "in_progress", 100, null, last[3], 0.2);
    // the first lab: one completes, one is at it
    await progress(a.id, lab1, "completed", 3600, "2026-03-13T10:00:00Z", last[0], 1);
    await progress(b.id, lab1, "in_progress", 900, null, last[1], 0.2);

    // quiz first attempts on three 1-point questions: q1, q3 discriminate negatively (see report-stats)
    const quizAttempt = (userId: string, when: string, q: [number, number, number], pick: string) =>
      db.attempt.create({
        data: {
          userId,
          itemId: quiz,
          part: "quiz",
          submittedAt: at(when),
          score: q[0] + q[1] + q[2],
          maxScore: 3,
          passed: false,
          answers: { "what-mesos-is": pick, "two-level-scheduling": "offers", "pod-networking": q[2] ? "flat-network" : "mesos-dns" },
          result: {
            questions: [
              { id: "what-mesos-is", earned: q[0], points: 1 },
              { id: "two-level-scheduling", earned: q[1], points: 1 },
              { id: "pod-networking", earned: q[2], points: 1 },
            ],
          },
        },
      });
    await quizAttempt(a.id, "2026-03-10T09:30:00Z", [1, 1, 0], "cluster-manager");
    await quizAttempt(b.id, "2026-03-11T09:30:00Z", [1, 1, 0], "cluster-manager");
    await quizAttempt(c.id, "2026-03-17T09:30:00Z", [0, 1, 1], "image-registry");
    await quizAttempt(d.id, "2026-03-18T09:30:00Z", [0, 1, 1], "service-mesh");
    // a later attempt is not a first attempt: ignored by the item analysis
    await quizAttempt(c.id, "2026-03-19T09:30:00Z", [1, 1, 1], "cluster-manager");

    const labAttempt = (userId: string, part: string, minutes: number, passed: boolean, answer: string | string[], result: object) =>
      db.attempt.create({
        data: {
          userId,
          itemId: lab1,
          part,
          submittedAt: new Date(Date.parse("2026-03-09T08:00:00Z") + minutes * 60_000),
          score: passed ? 10 : 0,
          maxScore: 10,
          passed,
          answers: { answer },
          result,
        },
      });
    // version: Ana wrong then right (2 tries, 10 min after she opened the lab); Ben wrong twice, the same answer two ways
    await labAttempt(a.id, "version", 5, false, "1.10", { message: "no", normalised: "1.10" });
    await labAttempt(a.id, "version", 10, true, "1.11.0", { message: "yes", normalised: "1.11.0" });
    await labAttempt(b.id, "version", 20, false, "v1.10", { message: "no", normalised: "1.10" });
    // an attempt recorded before answers were normalised: clustered by its lower-cased text
    await labAttempt(b.id, "version", 25, false, " 1.9.0 ", { message: "no" });
    await labAttempt(b.id, "masters", 30, false, ["mesos-m3", "Mesos-M1"], { message: "no" });
    // detection: Ana's best passes; Ben's best is too narrow
    const counts = (f1: number, precision: number, recall: number) => ({
      message: "graded",
      counts: { f1, precision, recall, truePositives: 1, falsePositives: 1, missed: 1 },
    });
    await labAttempt(a.id, "detection", 40, false, "SELECT 1", counts(0.5, 0.4, 0.7));
    await labAttempt(a.id, "detection", 50, true, "SELECT 2", counts(0.97, 0.96, 0.98));
    await labAttempt(b.id, "detection", 60, false, "SELECT 3", {
      ...counts(0.3, 0.9, 0.2),
      mistakes: { falsePositives: { "decoy repurposed-host": 3 }, missed: { "service mesos-master": 5 } },
    });
    await db.hintUnlock.createMany({
      data: [
        { userId: a.id, itemId: lab1, taskId: "version", hintIndex: 0, cost: 2, createdAt: at("2026-03-09T08:07:00Z") },
        { userId: b.id, itemId: lab1, taskId: "masters", hintIndex: 0, cost: 3 },
        { userId: b.id, itemId: lab1, taskId: "masters", hintIndex: 1, cost: 5 },
      ],
    });
    await db.labQuery.create({
      data: {
        userId: a.id,
        itemId: lab1,
        sql: "SELECT count(*) FROM logs",
        ok: true,
        rowCount: 1,
        totalCount: 1,
        elapsedMs: 12,
        createdAt: at("2026-03-09T08:02:00Z"),
      },
    });
  });

  it("counts the funnel, the medians and completions per week", async () => {
    const scope = await reportScope(admin);
    const o = await overview(scope, filter(), NOW);
    expect({ learners: o.learners, active7: o.active7, active30: o.active30 }).toEqual({ learners: 4, active7: 1, active30: 2 });
    expect(o.funnel.map((s) => [s.slug, s.kind, s.started, s.completed, s.medianSecondsToComplete])).toEqual([
      ["kubernetes-vs-mesos", "lesson", 4, 4, 150],
      ["kubernetes-vs-mesos", "quiz", 4, 2, 400],
      ["unpatched-mesos-control-plane", "lab", 2, 1, 3600],
      ["cryptominer-via-marathon", "lab", 0, 0, null],
    ]);
    expect(o.completionsPerWeek).toEqual([
      { week: "2026-03-09", completions: 5 },
      { week: "2026-03-16", completions: 2 },
    ]);
    // a date range: completions inside it only
    const later = await overview(scope, filter({ from: "2026-03-16", to: "2026-03-22" }), NOW);
    expect(later.completionsPerWeek).toEqual([{ week: "2026-03-16", completions: 2 }]);
    expect(later.funnel[0].completed).toBe(2);
    expect(later.funnel[0].medianSecondsToComplete).toBe(390);
  });

  it("lists the matrix sorted and searched, and exports one CSV row per learner × item", async () => {
    const scope = await reportScope(admin);
    const byScore = await matrix(scope, filter({ sort: "score" }));
    expect(byScore.total).toBe(4); // the deactivated learner is not listed
    expect(byScore.rows.slice(0, 4).map((r) => [r.name, r.completed, Math.round(r.score * 100) / 100])).toEqual([
      ["Ana Ruiz", 3, 2.8],
      ["Ben Okafor", 2, 1.9],
      ["Chen Wei", 1, 1.3],
      ["Dana Kim", 1, 1.2],
    ]);
    const ben = byScore.rows[1];
    expect(ben.cells[items["lab/unpatched-mesos-control-plane"]]).toEqual({ status: "in_progress", score: 0.2, attempts: 1, seconds: 900, hints: 2 });
    expect(ben.cells[items["lab/cryptominer-via-marathon"]]).toBeUndefined();
    expect((await matrix(scope, filter({ q: "OKAFOR" }))).rows.map((r) => r.name)).toEqual(["Ben Okafor"]);

    const res = await exportAs(admin, "?q=reports.example");
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4 * 4);
    expect(rows.find((r) => r.email === ben.email && r.item_slug === "unpatched-mesos-control-plane")).toMatchObject({
      name: "Ben Okafor",
      item_kind: "lab",
      status: "in_progress",
      score: "0.2",
      attempts: "1",
      time_on_task_seconds: "900",
      hints: "2",
    });
    expect(rows.find((r) => r.email === ben.email && r.item_slug === "cryptominer-via-marathon")).toMatchObject({ status: "not_started", score: "" });
    // a learner's page exports their rows; an item's page one row per learner for that item
    const one = parse(await (await exportAs(admin, `?learner=${ben.id}`)).text(), { columns: true }) as Record<string, string>[];
    expect(one.map((r) => r.item_slug)).toEqual(["kubernetes-vs-mesos", "kubernetes-vs-mesos", "unpatched-mesos-control-plane", "cryptominer-via-marathon"]);
    const quizRows = parse(await (await exportAs(admin, `?item=${items["quiz/kubernetes-vs-mesos"]}&q=reports.example`)).text(), { columns: true }) as Record<
      string,
      string
    >[];
    expect(quizRows.map((r) => r.status).sort()).toEqual(["completed", "completed", "in_progress", "in_progress"]);
  });

  it("analyses the quiz on first attempts: facility, discrimination, options chosen", async () => {
    const r = await quizReport(await scopedItem(admin, items["quiz/kubernetes-vs-mesos"]), filter());
    expect(r.learners).toBe(4);
    const q = Object.fromEntries(r.questions.map((x) => [x.id, x]));
    expect(q["what-mesos-is"]).toMatchObject({ attempts: 4, facility: 0.5, needsRevision: true });
    expect(q["what-mesos-is"].discrimination).toBeCloseTo(-1, 10);
    expect(q["two-level-scheduling"]).toMatchObject({ facility: 1, discrimination: null, needsRevision: false });
    expect(q["pod-networking"].discrimination).toBeCloseTo(-1, 10);
    expect(q["what-mesos-is"].choices.map((c) => [c.value, c.count, c.correct])).toEqual([
      ["cluster-manager", 2, true],
      ["container-orchestrator", 0, false],
      ["image-registry", 1, false],
      ["service-mesh", 1, false],
    ]);
    // questions nobody answered in these attempts have no figures
    expect(q["high-availability"]).toMatchObject({ attempts: 0, facility: null, discrimination: null });
  });

  it("analyses the lab per task: correct rate, tries, time, hints, wrong-answer clusters, F1", async () => {
    const r = await labReport(await scopedItem(admin, items["lab/unpatched-mesos-control-plane"]), filter());
    expect(r.learners).toBe(2);
    const t = Object.fromEntries(r.tasks.map((x) => [x.id, x]));
    expect(t.version).toMatchObject({ attempted: 2, solved: 1, correctRate: 0.5, medianTries: 2, medianSecondsToSolve: 600, hintUsers: 1, hints: 1 });
    expect(t.version.wrongAnswers).toEqual([
      { value: "1.10", count: 2 },
      { value: "1.9.0", count: 1 },
    ]);
    expect(t.masters).toMatchObject({ attempted: 1, solved: 0, correctRate: 0, medianTries: null, hintUsers: 1, hints: 2 });
    expect(t.masters.wrongAnswers).toEqual([{ value: "mesos-m1,mesos-m3", count: 1 }]);
    expect(t.detection.f1!.bins.map((b) => b.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(t.detection.f1).toMatchObject({ tooBroad: 0, tooNarrow: 1 });
    // Ana's best passed: only Ben's mistakes count, most events first among equals
    expect(t.detection.f1!.mistakes).toEqual([
      { kind: "missed: service mesos-master", learners: 1, events: 5 },
      { kind: "false positives: decoy repurposed-host", learners: 1, events: 3 },
    ]);
    expect(t.detection.wrongAnswers).toEqual([]);
    expect(t.leader).toMatchObject({ attempted: 0, correctRate: null });
  });

  it("shows a learner's timeline: attempts with their answers, hints and queries, newest first", async () => {
    const r = await learnerReport(await reportScope(admin), L[0].id);
    // the quiz (10 March), then the lab on 9 March: detection twice, version, the hint, version, the query
    expect(r.timeline.map((e) => e.kind)).toEqual(["attempt", "attempt", "attempt", "attempt", "hint", "attempt", "query"]);
    const version = r.timeline.filter((e) => e.kind === "attempt" && e.part === "version");
    expect(version.map((e) => (e.kind === "attempt" ? [e.answer, e.passed] : null))).toEqual([
      ["1.11.0", true],
      ["1.10", false],
    ]);
    expect(r.timeline.some((e) => e.kind === "query" && e.sql === "SELECT count(*) FROM logs")).toBe(true);
  });

  it("limits an instructor to the items they author, and refuses learners and visitors", async () => {
    const scope = await reportScope(instructor);
    expect(scope.items.map((i) => i.slug)).toEqual(["cryptominer-via-marathon"]);
    await expect(scopedItem(instructor, items["quiz/kubernetes-vs-mesos"])).rejects.toMatchObject({ code: "not_found:item" });
    await expect(reportScope(instructor, { item: items["quiz/kubernetes-vs-mesos"] })).rejects.toMatchObject({ code: "not_found:item" });
    const rows = parse(await (await exportAs(instructor)).text(), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.item_slug))).toEqual(new Set(["cryptominer-via-marathon"]));
    expect((await exportAs({ ...admin, role: "learner" })).status).toBe(403);
    expect((await exportAs(null)).status).toBe(401);
    expect((await exportAs(admin, "?from=yesterday")).status).toBe(400);
  });
});
