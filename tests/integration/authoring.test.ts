// /author end to end below the browser: the routes are called as Next calls them (only the session
// lookup is replaced), against the real database and lab engine.
import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
import { getCurrentUser } from "@/lib/server/auth";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { loadCatalog } from "@/lib/content/catalog";
import { syncCatalog } from "@/lib/server/content-sync";
import { packArchive } from "@/lib/content/archive";
import { openQuiz, submitQuizAttempt } from "@/lib/server/quiz";
import { submissionEnvelopeSchema } from "@/lib/schemas/quiz";
import { PUT as putDraft } from "@/app/api/author/items/[id]/draft/route";
import { POST as verify } from "@/app/api/author/items/[id]/verify/route";
import { POST as publish } from "@/app/api/author/items/[id]/publish/route";
import { POST as setState } from "@/app/api/author/items/[id]/state/route";
import { POST as preview } from "@/app/api/author/items/[id]/preview/route";
import { PUT as putData } from "@/app/api/author/items/[id]/data/route";
import { GET as exportRoute } from "@/app/api/author/items/[id]/export/route";
import { POST as importRoute } from "@/app/api/author/import/route";
import { createItem } from "@/lib/server/authoring/items";
import { cloneItemAction, createItemAction, saveTrackAction } from "@/app/(author)/author/actions";
import { saveTrackItems, trackEditor } from "@/lib/server/authoring/tracks";
import { getTrack } from "@/lib/server/tracks";
import { settle } from "../support/settle";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";
import { asInput } from "../support/settle";
import { rightAnswers } from "../support/quiz-answers";

vi.mock("@/lib/server/auth", () => ({ getCurrentUser: vi.fn() }));
// server actions read the client address from the request's headers
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "127.0.0.1" }) }));

const QUIZ = "kubernetes-vs-mesos";
let n = 0;

async function user(role: Role) {
  const email = `author-${role}-${++n}-${Date.now()}@example.com`;
  const { userId } = await createAccount(db, { name: `${role} ${n}`, email, password: "author password 1" });
  if (role !== "learner") await db.user.update({ where: { id: userId }, data: { role } });
  return { id: userId, email, name: `${role} ${n}`, role };
}
const as = (u: Awaited<ReturnType<typeof user>> | null) => vi.mocked(getCurrentUser).mockResolvedValue(u);

const json = (method: string, body?: unknown) =>
  new Request("http://localhost/api/author", {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const quizSource = (slug: string, extra = "") => `kind: quiz
slug: ${slug}
title: Control planes
summary: Which component elects which leader, checked.
lesson: kubernetes-vs-mesos
questions:
  - id: elects
    type: single
    prompt: Which component elects the leading Mesos master?
    options:
      - id: zookeeper
        text: ZooKeeper
      - id: etcd
        text: etcd
    answer: zookeeper
    explanation: Mesos masters elect their leader through ZooKeeper.
  - id: port
    type: short_text
    prompt: Which service listens on port 2181 in this estate?${extra}
    accept: [zookeeper-quorum]
    explanation: ZooKeeper's client port.
`;

async function rowCounts() {
  const [items, versions, data, audits, tracks] = await Promise.all([
    db.item.count(),
    db.itemVersion.count(),
    db.labData.count(),
    db.auditLog.count(),
    db.trackItem.count(),
  ]);
  return { items, versions, data, audits, tracks };
}

describe.each(backends)("authoring on $label", ({ create }) => {
  usePreparedDatabase(create);
  beforeEach(() => {
    vi.mocked(getCurrentUser).mockReset();
  });

  it("imports labs/ at start as published version 1, once, and serves learners from the database", async () => {
    const items = await db.item.findMany({ include: { versions: true }, orderBy: { slug: "asc" } });
    expect(items.length).toBe(loadCatalog().items.size);
    for (const i of items) expect(i.versions.map((v) => [v.number, v.state, v.origin])).toEqual([[1, "published", "file"]]);
    expect(items.every((i) => i.currentVersionId === i.versions[0].id && i.state === "published")).toBe(true);
  });

  it("refuses every author route to a learner (403) and a visitor (401), changing nothing", async () => {
    const learner = await user("learner");
    const item = await db.item.findFirstOrThrow({ where: { kind: "quiz" } });
    const before = await rowCounts();
    for (const who of [learner, null]) {
      as(who);
      const status = who ? 403 : 401;
      expect((await putDraft(json("PUT", { source: quizSource("x") }), ctx(item.id))).status).toBe(status);
      expect((await verify(json("POST"), ctx(item.id))).status).toBe(status);
      expect((await publish(json("POST"), ctx(item.id))).status).toBe(status);
      expect((await setState(json("POST", { state: "archived" }), ctx(item.id))).status).toBe(status);
      expect((await preview(json("POST", { source: quizSource("x") }), ctx(item.id))).status).toBe(status);
      expect((await exportRoute(new Request("http://localhost/x"), ctx(item.id))).status).toBe(status);
      expect(
        (
          await importRoute(
            new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/zip" }, body: new Uint8Array([1]) }),
            ctx(item.id),
          )
        ).status,
      ).toBe(status);
      expect(
        (
          await putData(
            new Request("http://localhost/x?format=jsonl", { method: "PUT", headers: { "content-type": "application/x-ndjson" }, body: "{}" }),
            ctx(item.id),
          )
        ).status,
      ).toBe(status);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses every author action to a learner and a visitor, and runs them for an instructor", async () => {
    const [learner, alice] = [await user("learner"), await user("instructor")];
    const quiz = await db.item.findFirstOrThrow({ where: { kind: "quiz", slug: QUIZ } });
    const track = await db.track.findFirstOrThrow({ include: { items: { orderBy: { position: "asc" } } } });
    const form = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return f;
    };
    const calls = [
      () => createItemAction(null, form({ kind: "lab", slug: `action-${n}`, title: "From an action" })),
      () => cloneItemAction(null, form({ itemId: quiz.id, slug: `action-clone-${n}` })),
      () => saveTrackAction(null, form({ slug: track.slug, items: track.items.map((i) => i.itemId).join(",") })),
    ];
    const before = await rowCounts();
    for (const who of [learner, null]) {
      as(who);
      for (const call of calls) expect(await call()).toMatchObject({ status: "error", message: who ? "Your role may not do this." : "Sign in first." });
    }
    expect(await rowCounts()).toEqual(before);
    as(alice);
    // create and clone answer with a redirect to the editor (Next's control flow, thrown on)
    await expect(calls[0]()).rejects.toThrow(/NEXT_REDIRECT/);
    await expect(calls[1]()).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await calls[2]()).toMatchObject({ status: "ok" });
    expect(await db.item.count({ where: { slug: { in: [`action-${n}`, `action-clone-${n}`] }, authors: { some: { userId: alice.id } } } })).toBe(2);
    expect(await createItemAction(null, form({ kind: "lab", slug: "Not A Slug", title: "x" }))).toMatchObject({ status: "error" });
  });

  it("keeps drafts private to their authors; another instructor may read a published item but not change it", async () => {
    const [alice, bob, admin] = [await user("instructor"), await user("instructor"), await user("admin")];
    const { itemId } = await createItem(alice, { kind: "quiz", slug: `private-${n}`, title: "Alice's quiz" }, "127.0.0.1");
    as(bob);
    expect((await putDraft(json("PUT", { source: quizSource(`private-${n}`) }), ctx(itemId))).status).toBe(404);
    as(admin);
    expect((await putDraft(json("PUT", { source: quizSource(`private-${n}`) }), ctx(itemId))).status).toBe(200);
    const published = await db.item.findFirstOrThrow({ where: { kind: "quiz", slug: QUIZ } });
    as(bob);
    expect((await exportRoute(new Request("http://localhost/x"), ctx(published.id))).status).toBe(200);
    const refused = await answer(await putDraft(json("PUT", { source: quizSource(QUIZ) }), ctx(published.id)));
    expect(refused).toMatchObject({ status: 403, body: { code: "forbidden:author" } });
  });

  it("refuses an invalid draft with every problem at its line, and changes nothing", async () => {
    const alice = await user("instructor");
    const slug = `invalid-${n}`;
    const { itemId } = await createItem(alice, { kind: "quiz", slug, title: "A quiz" }, "127.0.0.1");
    as(alice);
    const before = await db.itemVersion.findFirstOrThrow({ where: { itemId } });
    const bad = quizSource(slug)
      .replace("answer: zookeeper", "answer: nobody")
      .replace("lesson: kubernetes-vs-mesos", "lesson: kubernetes-vs-mesos\nunknownField: 1");
    const res = await answer(await putDraft(json("PUT", { source: bad }), ctx(itemId)));
    expect(res.status).toBe(400);
    const problems = res.body.problems as { line: number; message: string }[];
    expect(problems.map((p) => p.line).sort((a, b) => a - b)).toEqual([6, 16]);
    expect(problems.map((p) => p.message).join(" ")).toMatch(/unknownField|Unrecognized/);
    const dup = await answer(await putDraft(json("PUT", { source: `${quizSource(slug)}title: twice\n` }), ctx(itemId)));
    expect(dup.status).toBe(400);
    expect((await answer(await putDraft(json("PUT", { source: "x".repeat(300 * 1024) }), ctx(itemId)))).status).toBe(413);
    expect((await answer(await putDraft(json("PUT", { source: quizSource("another-slug") }), ctx(itemId)))).status).toBe(400);
    const after = await db.itemVersion.findFirstOrThrow({ where: { itemId } });
    expect(after.source).toBe(before.source);
  });

  it("blocks publishing while a key leaks into a prompt, then publishes immutable versions; a learner mid-way finishes on theirs", async () => {
    const [alice, learnerA, learnerB] = [await user("instructor"), await user("learner"), await user("learner")];
    const slug = `versions-${n}`;
    const { itemId } = await createItem(alice, { kind: "quiz", slug, title: "A quiz" }, "127.0.0.1");
    as(alice);
    // the key of "port" appears in its own prompt: the leak lint refuses to publish
    expect((await putDraft(json("PUT", { source: quizSource(slug, " It is zookeeper-quorum, of course.") }), ctx(itemId))).status).toBe(200);
    const leaked = await answer(await publish(json("POST"), ctx(itemId)));
    expect(leaked.status).toBe(400);
    expect(leaked.body.message).toMatch(/questions\.1\.prompt gives away an accepted answer of question "port"/);
    expect(await db.item.findUniqueOrThrow({ where: { id: itemId } })).toMatchObject({ state: "draft", currentVersionId: null });
    // fixed: verify shows each question's key grading as correct, and it publishes as v1
    expect((await putDraft(json("PUT", { source: quizSource(slug) }), ctx(itemId))).status).toBe(200);
    const verified = await answer(await verify(json("POST"), ctx(itemId)));
    expect(verified.body).toMatchObject({
      ok: true,
      checks: [
        { id: "elects", passed: true },
        { id: "port", passed: true },
      ],
    });
    expect(await answer(await publish(json("POST"), ctx(itemId)))).toMatchObject({ status: 200, body: { number: 1 } });
    const audit = await db.auditLog.findFirst({ where: { action: "content_published", targetId: itemId } });
    expect(audit?.actorId).toBe(alice.id);
    // learner A starts v1
    expect((await openQuiz({ userId: learnerA.id, slug }))!.quiz.questions).toHaveLength(2);
    // v2 adds a question; the published v1 is never changed (saving starts a new draft)
    const v2 = `${quizSource(slug)}  - id: third
    type: single
    prompt: Which store backs the Kubernetes control plane?
    options:
      - { id: etcd, text: etcd }
      - { id: zk, text: ZooKeeper }
    answer: etcd
    explanation: Kubernetes keeps its state in etcd.
`;
    expect(await answer(await putDraft(json("PUT", { source: v2 }), ctx(itemId)))).toMatchObject({ status: 200, body: { number: 2 } });
    expect((await db.itemVersion.findFirstOrThrow({ where: { itemId, number: 1 } })).source).toBe(quizSource(slug));
    expect((await publish(json("POST"), ctx(itemId))).status).toBe(200);
    // A finishes on v1 (two questions, graded as v1); B, new, gets v2
    expect((await openQuiz({ userId: learnerA.id, slug }))!.quiz.questions).toHaveLength(2);
    expect((await openQuiz({ userId: learnerB.id, slug }))!.quiz.questions).toHaveLength(3);
    const v1 = (await db.itemVersion.findFirstOrThrow({ where: { itemId, number: 1 } })).definition as never;
    const submitted = await submitQuizAttempt({
      userId: learnerA.id,
      slug,
      input: asInput(submissionEnvelopeSchema, { answers: rightAnswers(v1) }),
      ip: "127.0.0.1",
    });
    expect(submitted.feedback).toMatchObject({ passed: true });
    // unpublish: A keeps going, a new learner gets nothing
    expect((await setState(json("POST", { state: "draft" }), ctx(itemId))).status).toBe(200);
    expect(await openQuiz({ userId: learnerA.id, slug })).not.toBeNull();
    expect(await openQuiz({ userId: (await user("learner")).id, slug })).toBeNull();
    expect(await db.auditLog.count({ where: { targetId: itemId, action: { in: ["content_published", "content_unpublished"] } } })).toBe(3);
  });

  it("round-trips an item: file → database → export → the same bytes, and import creates a draft", async () => {
    const admin = await user("admin");
    as(admin);
    const item = await db.item.findFirstOrThrow({ where: { kind: "quiz", slug: QUIZ } });
    const res = await exportRoute(new Request("http://localhost/x"), ctx(item.id));
    expect(res.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual([`quizzes/${QUIZ}.yaml`]);
    expect(strFromU8(files[`quizzes/${QUIZ}.yaml`])).toBe(fs.readFileSync(path.join("labs/quizzes", `${QUIZ}.yaml`), "utf8"));
    // import it back as a new slug: a draft of a new item the importer authors
    const renamed = strFromU8(files[`quizzes/${QUIZ}.yaml`]).replace(`slug: ${QUIZ}`, `slug: imported-${n}`);
    const zip = packArchive([{ path: `quizzes/imported-${n}.yaml`, data: renamed }]);
    const imported = await answer(
      await importRoute(new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/zip" }, body: Buffer.from(zip) }), ctx("")),
    );
    expect(imported).toMatchObject({ status: 200, body: { imported: [{ kind: "quiz", slug: `imported-${n}`, number: 1 }] } });
    const back = await exportRoute(new Request("http://localhost/x"), ctx((imported.body.imported as { itemId: string }[])[0].itemId));
    expect(strFromU8(unzipSync(new Uint8Array(await back.arrayBuffer()))[`quizzes/imported-${n}.yaml`])).toBe(renamed);
  });

  it("refuses bad archives and bad uploads with a clear message, storing nothing", async () => {
    const alice = await user("instructor");
    as(alice);
    const before = await rowCounts();
    const post = (body: Uint8Array) =>
      importRoute(new Request("http://localhost/x", { method: "POST", headers: { "content-type": "application/zip" }, body: Buffer.from(body) }), ctx(""));
    expect(await answer(await post(new TextEncoder().encode("not a zip")))).toMatchObject({ status: 400, body: { code: "invalid:archive" } });
    expect((await post(packArchive([{ path: "quizzes/a.yaml", data: quizSource("a").replace("kind: quiz", "kind: quiz\nextra: 1") }]))).status).toBe(400);
    expect((await post(packArchive([{ path: "quizzes/b.yaml", data: quizSource("other") }]))).status).toBe(400);
    expect((await post(packArchive([{ path: "labs/c.yaml", data: "kind: lab\n" }]))).status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("orders a track and adds an item to it; learners see only its published items, in that order", async () => {
    const [alice, learner] = [await user("instructor"), await user("learner")];
    const slug = `track-item-${n}`;
    const { itemId } = await createItem(alice, { kind: "quiz", slug, title: "Track quiz" }, "127.0.0.1");
    const editor = (await trackEditor("soc-analyst-tier-1"))!;
    expect(editor.available.map((a) => a.id)).toContain(itemId);
    const current = editor.items.map((i) => i.id);
    expect(current).toHaveLength(4);
    const order = [...current.slice(2), ...current.slice(0, 2), itemId];
    expect(await settle(() => saveTrackItems(alice, { slug: "soc-analyst-tier-1", itemIds: order }, "127.0.0.1"))).toMatchObject({ ok: true, count: 5 });
    // the draft is on the track but hidden from learners until it is published
    const seen = (await getTrack("soc-analyst-tier-1", learner.id))!.items.map((i) => i.id);
    expect(seen).toEqual(order.slice(0, 4));
    // a restart imports labs/ again: unchanged files leave the edited order (and every version) alone
    const versions = await db.itemVersion.count();
    expect((await syncCatalog(db, loadCatalog())).imported).toEqual([]);
    expect((await getTrack("soc-analyst-tier-1", learner.id))!.items.map((i) => i.id)).toEqual(order.slice(0, 4));
    expect(await db.itemVersion.count()).toBe(versions);
    expect(await settle(() => saveTrackItems(alice, { slug: "soc-analyst-tier-1", itemIds: [itemId, itemId] }, "127.0.0.1"))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await settle(() => saveTrackItems(alice, { slug: "no-such-track", itemIds: [itemId] }, "127.0.0.1"))).toMatchObject({ ok: false, status: 404 });
    expect(await db.auditLog.count({ where: { action: "track_changed", actorId: alice.id } })).toBe(1);
  });

  it("makes a lab from an uploaded log file: a malformed line is refused by number, then upload, verify (P/R), publish, and a learner solves it", async () => {
    const [alice, learner] = [await user("instructor"), await user("learner")];
    const slug = `uploaded-${n}`;
    const { itemId } = await createItem(alice, { kind: "lab", slug, title: "Uploaded lab" }, "127.0.0.1");
    as(alice);
    expect((await putDraft(json("PUT", { source: uploadedLab(slug) }), ctx(itemId))).status).toBe(200);
    // verify before the data exists says so
    expect(await answer(await verify(json("POST"), ctx(itemId)))).toMatchObject({
      status: 200,
      body: { ok: false, checks: [{ id: "dataset", passed: false }] },
    });
    const upload = (body: string) =>
      putData(new Request("http://localhost/x?format=jsonl", { method: "PUT", headers: { "content-type": "application/x-ndjson" }, body }), ctx(itemId));
    const lines = logLines();
    const before = await db.labData.count();
    const broken = [...lines.slice(0, 2), '{"ts":"not a time","host":"m1","service":"marathon","raw":"x"}', ...lines.slice(2)].join("\n");
    const refused = await answer(await upload(broken));
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid:upload", line: 3 } });
    expect(refused.body.message).toMatch(/^Line 3: ts/);
    expect(await db.labData.count()).toBe(before);
    expect(await answer(await upload(lines.join("\n")))).toMatchObject({ status: 200, body: { eventCount: lines.length, labels: { "rogue-deploy": 2 } } });
    const verified = await answer(await verify(json("POST"), ctx(itemId)));
    expect(verified.body).toMatchObject({
      ok: true,
      checks: [
        { id: "app", passed: true },
        { id: "agent", passed: true },
        { id: "detection", passed: true, counts: { precision: 1, recall: 1 } },
      ],
    });
    expect((await publish(json("POST"), ctx(itemId))).status).toBe(200);
    // the learner's side: the same logs, the key from the file, the detection graded by labels
    const { submitLabAnswer } = await import("@/lib/server/lab/answers");
    const { runLabQuery } = await import("@/lib/server/lab/queries");
    const { labAnswerSchema, querySchema } = await import("@/lib/schemas/lab");
    const q = await runLabQuery({ userId: learner.id, slug, input: asInput(querySchema, { sql: "SELECT count(*) AS n FROM logs" }) });
    expect(q.rows[0][0]).toBe(lines.length);
    const submit = (taskId: string, value: string) =>
      settle(() => submitLabAnswer({ userId: learner.id, slug, input: asInput(labAnswerSchema, { taskId, answer: value }), ip: "127.0.0.1" }));
    expect(await submit("app", "/OPS/node-exporter-v2 ")).toMatchObject({ ok: true, task: { passed: true } });
    expect(await submit("agent", "agent-2.corp.example.net")).toMatchObject({ ok: true, task: { passed: true } });
    expect(await submit("detection", "SELECT id FROM logs WHERE service = 'marathon'")).toMatchObject({ ok: true, task: { passed: false } });
    expect(await submit("detection", "SELECT id FROM logs WHERE message LIKE '%node-exporter-v2%'")).toMatchObject({ ok: true, task: { passed: true } });
    // export carries the data beside the definition, in the labs/ layout
    as(alice);
    const zip = unzipSync(new Uint8Array(await (await exportRoute(new Request("http://localhost/x"), ctx(itemId))).arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual([`labs/${slug}.logs.jsonl`, `labs/${slug}.yaml`]);
    expect(strFromU8(zip[`labs/${slug}.logs.jsonl`]).trim().split("\n")).toHaveLength(lines.length);
  });

  it("ships the second lab as an export: its files under labs/ are what /author exports, it verifies, and a learner solves it", async () => {
    const slug = "cryptominer-via-marathon";
    const [admin, learner] = [await user("admin"), await user("learner")];
    as(admin);
    const item = await db.item.findFirstOrThrow({ where: { kind: "lab", slug } });
    const zip = unzipSync(new Uint8Array(await (await exportRoute(new Request("http://localhost/x"), ctx(item.id))).arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual([`labs/${slug}.logs.jsonl`, `labs/${slug}.yaml`]);
    for (const name of Object.keys(zip)) expect(Buffer.from(zip[name]).equals(fs.readFileSync(path.join("labs", name))), name).toBe(true);
    // the published version, re-opened as a draft, passes Verify: every key grades as correct, the
    // reference detection finds exactly the labelled events, nothing leaks
    const source = fs.readFileSync(path.join("labs/labs", `${slug}.yaml`), "utf8");
    expect((await putDraft(json("PUT", { source }), ctx(item.id))).status).toBe(200);
    const verified = await answer(await verify(json("POST"), ctx(item.id)));
    expect(verified.body.problems).toEqual([]);
    const checks = verified.body.checks as { id: string; passed: boolean; counts?: { precision: number; recall: number } }[];
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.find((c) => c.id === "detection")!.counts).toMatchObject({ precision: 1, recall: 1 });
    expect(verified.body.ok).toBe(true);
    // a learner on the track: the write-up's queries run, the answers it gives are accepted
    const { submitLabAnswer } = await import("@/lib/server/lab/answers");
    const { runLabQuery } = await import("@/lib/server/lab/queries");
    const { labAnswerSchema, querySchema } = await import("@/lib/schemas/lab");
    const query = (sql: string) => runLabQuery({ userId: learner.id, slug, input: asInput(querySchema, { sql }) });
    const clients = await query(
      "SELECT split_part(message, ' ', 1) AS client, count(*) AS n FROM logs WHERE fields['logger'] = 'mesosphere.marathon.api.JettyRequestLog' GROUP BY client ORDER BY client",
    );
    const outside = clients.rows.map((r) => String(r[0])).filter((ip) => !ip.startsWith("10."));
    expect(outside).toEqual(["203.0.113.45"]);
    const submit = (taskId: string, value: string | string[]) =>
      settle(() => submitLabAnswer({ userId: learner.id, slug, input: asInput(labAnswerSchema, { taskId, answer: value }), ip: "127.0.0.1" }));
    expect(await submit("client", outside[0])).toMatchObject({ ok: true, task: { passed: true } });
    expect(await submit("app", "ops/kube-metrics")).toMatchObject({ ok: true, task: { passed: true } });
    expect(await submit("cause", "no-auth")).toMatchObject({ ok: true, task: { passed: true } });
    const agents = await query(
      "SELECT DISTINCT host FROM logs WHERE service = 'mesos-agent' AND message LIKE 'Got assigned task ''ops_kube-metrics.%' ORDER BY host",
    );
    expect(agents.rows).toHaveLength(4);
    expect(
      await submit(
        "agents",
        agents.rows.map((r) => `${r[0]}.us-east.example.net`),
      ),
    ).toMatchObject({ ok: true, task: { passed: true } });
    expect(await submit("download", "198.51.100.23")).toMatchObject({ ok: true, task: { passed: true } });
    expect(await submit("return", "mesos-a5")).toMatchObject({ ok: true, task: { passed: true } });
    // the three keys of the first hint are not enough on their own; with the joins they are
    expect(await submit("detection", "SELECT id FROM logs WHERE service = 'marathon' AND message LIKE '203.0.113.45 %'")).toMatchObject({
      ok: true,
      task: { passed: false },
    });
    // the attempt records what it got wrong, by kind: here it misses the masters' and agents' lines
    const attemptOf = async () =>
      (await db.attempt.findFirstOrThrow({ where: { userId: learner.id, part: "detection" }, orderBy: { submittedAt: "desc" } })).result as {
        mistakes: { falsePositives: Record<string, number>; missed: Record<string, number> };
      };
    expect(Object.keys((await attemptOf()).mistakes.missed).sort()).toEqual(["service marathon", "service mesos-agent", "service mesos-master"]);
    // a rule that catches the persistence instead: its false positives are the other label
    expect(await submit("detection", "SELECT id FROM logs WHERE message LIKE '%198.51.100.23%'")).toMatchObject({ ok: true, task: { passed: false } });
    expect((await attemptOf()).mistakes.falsePositives).toEqual({ "label persistence": 360 });
    const reference = (await import("yaml")).parse(source).tasks.find((t: { id: string }) => t.id === "detection").reference as string;
    expect(await submit("detection", reference)).toMatchObject({ ok: true, task: { passed: true } });
  });
});

function logLines(): string[] {
  const at = (m: number) => new Date(Date.UTC(2026, 3, 6, 10, m)).toISOString();
  const line = (m: number, host: string, service: string, message: string, label?: string) =>
    JSON.stringify({ ts: at(m), host, service, level: "INFO", message, raw: `${at(m)} ${host} ${service}: ${message}`, ...(label ? { label } : {}) });
  return [
    line(1, "marathon-1", "marathon", "Received new deployment plan for /ci/web"),
    line(2, "marathon-1", "marathon", "Received new deployment plan for /ops/node-exporter-v2 from 203.0.113.7", "rogue-deploy"),
    line(3, "agent-2", "mesos-agent", "Launching executor for /ops/node-exporter-v2", "rogue-deploy"),
    line(4, "agent-1", "mesos-agent", "Launching executor for /ci/web"),
    line(5, "bastion", "sshd", "Accepted publickey for ci from 10.0.0.5"),
  ];
}

const uploadedLab = (slug: string) => `kind: lab
slug: ${slug}
title: Uploaded lab
summary: A lab on an uploaded log file, made through the author routes.
dataset:
  upload: ${slug}.logs.jsonl
  domain: corp.example.net
briefing: |
  Someone deployed an app through Marathon that nobody asked for. Find it.
writeup: |
  Marathon's deployment plans name every app; the agent's executor lines say where it ran.
tasks:
  - id: app
    title: The unexpected app
    type: text
    points: 10
    prompt: Which Marathon app id was deployed that the CI pipeline did not deploy?
    explanation: Marathon logs a deployment plan for every app it is asked to run.
    answer: [/ops/node-exporter-v2]
  - id: agent
    title: Where it ran
    type: host
    points: 10
    prompt: Which agent launched its executor?
    explanation: The agent that launched the executor logs it.
    answer: agent-2
  - id: detection
    title: Detection
    type: query
    points: 20
    prompt: Return the ids of every event of the rogue deployment.
    explanation: The deployment plan and the executor launch.
    labels: [rogue-deploy]
    passF1: 0.9
    reference: SELECT id FROM logs WHERE message LIKE '%/ops/node-exporter-v2%'
`;
