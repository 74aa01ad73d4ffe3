// The authorization matrix, over real HTTP: every page, route handler and server action, read from
// the code (app/**/page.tsx, app/**/route.ts and their exported methods, the "use server" exports
// and their ids from the build), each tried as a visitor, a learner, an instructor, an admin, a
// deactivated account and a replayed cookie of a signed-out session. An entry point without an
// expectation below fails the test, so a new one cannot be missed. Then the IDOR attempts: another
// learner's saved query, another learner's report, another author's draft.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { E2E_BASE_URL } from "./support/env";
import { sql } from "./support/db";
import { actionCall, actionIds, codeEntries } from "./support/entry-points";
import { identity, type Who } from "./support/people";

const WHO: Who[] = ["visitor", "learner", "instructor", "admin", "deactivated", "replay"];
/** who may use an entry point: the roles, "signed-in" (any active role) or "everyone" */
type Access = "everyone" | "visitors" | "signed-in" | readonly ("learner" | "instructor" | "admin")[];
const AUTHOR = ["instructor", "admin"] as const;
const REPORTS = ["instructor", "admin"] as const;
const ADMIN = ["admin"] as const;

type Ids = { itemId: string; learnerId: string; certificate: string };
/** the expectation for each page, by its route pattern, and how to fill its segments */
const PAGES: Record<string, { access: Access; url: (ids: Ids) => string }> = {
  "/": { access: "everyone", url: () => "/" },
  // for visitors: a signed-in person is sent on to their dashboard
  "/signin": { access: "visitors", url: () => "/signin" },
  "/signup": { access: "visitors", url: () => "/signup" },
  "/tracks/[slug]": { access: "everyone", url: () => "/tracks/soc-analyst-tier-1" },
  "/lessons/[slug]": { access: "everyone", url: () => "/lessons/kubernetes-vs-mesos" },
  "/certificates/[code]": { access: "everyone", url: (ids) => `/certificates/${ids.certificate}` },
  "/reset-password/[token]": { access: "everyone", url: () => "/reset-password/not-a-real-token" },
  "/dashboard": { access: "signed-in", url: () => "/dashboard" },
  "/account": { access: "signed-in", url: () => "/account" },
  "/quizzes/[slug]": { access: "signed-in", url: () => "/quizzes/kubernetes-vs-mesos" },
  "/labs/[slug]": { access: "signed-in", url: () => "/labs/cryptominer-via-marathon" },
  "/author": { access: AUTHOR, url: () => "/author" },
  "/author/items/[id]": { access: AUTHOR, url: (ids) => `/author/items/${ids.itemId}` },
  "/author/tracks/[slug]": { access: AUTHOR, url: () => "/author/tracks/soc-analyst-tier-1" },
  "/admin": { access: REPORTS, url: () => "/admin" },
  "/admin/reports": { access: REPORTS, url: () => "/admin/reports" },
  "/admin/reports/matrix": { access: REPORTS, url: () => "/admin/reports/matrix" },
  "/admin/reports/items/[id]": { access: REPORTS, url: (ids) => `/admin/reports/items/${ids.itemId}` },
  "/admin/reports/learners/[id]": { access: REPORTS, url: (ids) => `/admin/reports/learners/${ids.learnerId}` },
  "/admin/users": { access: ADMIN, url: () => "/admin/users" },
  "/admin/audit": { access: ADMIN, url: () => "/admin/audit" },
};

/** each route handler's methods; the body is valid JSON but refused by the route's schema, so an allowed call changes nothing */
const ROUTES: Record<string, { access: Access; url: (ids: Ids) => string }> = {
  "GET /api/health": { access: "everyone", url: () => "/api/health" },
  "POST /api/signup": { access: "everyone", url: () => "/api/signup" },
  "GET /api/admin/audit/export": { access: ADMIN, url: () => "/api/admin/audit/export" },
  "GET /api/admin/reports/export": { access: REPORTS, url: () => "/api/admin/reports/export" },
  "POST /api/author/import": { access: AUTHOR, url: () => "/api/author/import" },
  "PUT /api/author/items/[id]/data": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/data` },
  "PUT /api/author/items/[id]/draft": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/draft` },
  "GET /api/author/items/[id]/export": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/export` },
  "POST /api/author/items/[id]/preview": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/preview` },
  "POST /api/author/items/[id]/publish": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/publish` },
  "POST /api/author/items/[id]/state": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/state` },
  "POST /api/author/items/[id]/verify": { access: AUTHOR, url: (ids) => `/api/author/items/${ids.itemId}/verify` },
  "POST /api/labs/[slug]/answers": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/answers" },
  "POST /api/labs/[slug]/events": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/events" },
  "POST /api/labs/[slug]/explore": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/explore" },
  "POST /api/labs/[slug]/heartbeat": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/heartbeat" },
  "POST /api/labs/[slug]/hints": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/hints" },
  "POST /api/labs/[slug]/query": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/query" },
  "POST /api/labs/[slug]/query/export": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/query/export" },
  "POST /api/labs/[slug]/saved": { access: "signed-in", url: () => "/api/labs/cryptominer-via-marathon/saved" },
  "POST /api/quizzes/[slug]/attempts": { access: "signed-in", url: () => "/api/quizzes/kubernetes-vs-mesos/attempts" },
};
/** next-auth's own handler is the sign-in boundary (tests/e2e/sign-in-limits.spec.ts) */
const EXEMPT_ROUTES = new Set(["GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"]);

/** each server action: the page it is posted to and a form its schema refuses (an allowed call changes nothing) */
const ACTIONS: Record<string, { access: Access; page: string; fields: Record<string, string> }> = {
  "app/(author)/author/actions.ts#createItemAction": { access: AUTHOR, page: "/author", fields: { kind: "neither" } },
  "app/(author)/author/actions.ts#cloneItemAction": { access: AUTHOR, page: "/author", fields: { itemId: "not-a-uuid" } },
  "app/(author)/author/actions.ts#saveTrackAction": { access: AUTHOR, page: "/author/tracks/soc-analyst-tier-1", fields: {} },
  "app/(admin)/admin/users/actions.ts#changeRoleAction": { access: ADMIN, page: "/admin/users", fields: { userId: "not-a-uuid" } },
  "app/(admin)/admin/users/actions.ts#setActiveAction": { access: ADMIN, page: "/admin/users", fields: { userId: "not-a-uuid" } },
  "app/(admin)/admin/users/actions.ts#issueResetAction": { access: ADMIN, page: "/admin/users", fields: { userId: "not-a-uuid" } },
  "app/(learner)/account/actions.ts#changePasswordAction": { access: "signed-in", page: "/account", fields: { current: "" } },
  "app/(public)/lessons/[slug]/actions.ts#completeLessonAction": { access: "signed-in", page: "/lessons/kubernetes-vs-mesos", fields: { slug: "Not A Slug" } },
  "app/(public)/reset-password/[token]/actions.ts#resetPasswordAction": { access: "everyone", page: "/reset-password/not-a-real-token", fields: { token: "" } },
};

const live = (who: Who) => who !== "visitor" && who !== "deactivated" && who !== "replay";
const allows = (access: Access, who: Who) =>
  access === "everyone" || (access === "visitors" ? !live(who) : live(who) && (access === "signed-in" || access.includes(who)));

/** a quiz draft of this instructor's own, made through the authoring page's action */
async function draftOf(api: APIRequestContext, ids: Map<string, string>, slug: string): Promise<string> {
  const made = await actionCall(api, "/author", ids.get("app/(author)/author/actions.ts#createItemAction")!, { kind: "quiz", slug, title: "Private draft" });
  expect(made.status()).toBe(200);
  const [item] = await sql<{ id: string }>(`SELECT id FROM "Item" WHERE kind = 'quiz' AND slug = $1`, [slug]);
  expect(item, `the draft ${slug}: ${(await made.text()).slice(0, 200)}`).toBeTruthy();
  return item.id;
}

const refusedPage = (r: APIResponse) => r.status() === 403 || ([302, 303, 307, 308].includes(r.status()) && /\/signin/.test(r.headers()["location"] ?? ""));

test("every page, route and server action, as each role: the matrix holds", async ({ playwright }) => {
  test.setTimeout(180_000);
  const code = codeEntries();
  // every entry point of the code has an expectation here, and every expectation an entry point
  expect(
    code.pages.filter((p) => !(p in PAGES)),
    "pages without an expectation",
  ).toEqual([]);
  expect(
    code.routes.filter((r) => !(r in ROUTES) && !EXEMPT_ROUTES.has(r)),
    "routes without an expectation",
  ).toEqual([]);
  expect(
    code.actions.filter((a) => !(a in ACTIONS)),
    "server actions without an expectation",
  ).toEqual([]);
  expect(Object.keys(PAGES).filter((p) => !code.pages.includes(p))).toEqual([]);
  expect(Object.keys(ROUTES).filter((r) => !code.routes.includes(r))).toEqual([]);
  const ids = actionIds();

  const people = new Map<Who, Awaited<ReturnType<typeof identity>>>();
  for (const [i, who] of WHO.entries()) people.set(who, await identity(playwright, who, i));
  const [learner] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [people.get("learner")!.email]);
  // the item pages and routes are tried on a draft of the instructor's own (an admin may open every item)
  const draft = await draftOf(people.get("instructor")!.api, ids, `matrix-draft-${Date.now()}`);
  const filled: Ids = { itemId: draft, learnerId: learner.id, certificate: "no-such-code" };
  // what this test's people and draft have written (other tests run in parallel)
  const written = async () => {
    const emails = [...people.values()].map((p) => p.email).filter(Boolean);
    return sql(
      `SELECT (SELECT count(*) FROM "Attempt" a JOIN "User" u ON u.id = a."userId" WHERE u.email = ANY($1))::int AS attempts,
              (SELECT count(*) FROM "SavedQuery" q JOIN "User" u ON u.id = q."userId" WHERE u.email = ANY($1))::int AS saved,
              (SELECT count(*) FROM "ItemVersion" WHERE "itemId" = $2)::int AS versions,
              (SELECT count(*) FROM "Item" WHERE slug LIKE 'matrix-%')::int AS items`,
      [emails, draft],
    );
  };
  const before = await written();

  const table: string[] = [`${"entry point".padEnd(52)} ${WHO.map((w) => w.padEnd(11)).join(" ")}`];
  const wrong: string[] = [];
  const row = (name: string, cells: string[]) => table.push(`${name.padEnd(52)} ${cells.map((c) => c.padEnd(11)).join(" ")}`);

  for (const [pattern, { access, url }] of Object.entries(PAGES)) {
    const cells: string[] = [];
    for (const who of WHO) {
      const r = await people.get(who)!.api.get(url(filled), { maxRedirects: 0 });
      const allowed = allows(access, who);
      const ok =
        access === "visitors" && !allowed
          ? r.status() === 307 && /\/dashboard/.test(r.headers()["location"] ?? "")
          : allowed
            ? r.status() === 200 || (pattern === "/certificates/[code]" && r.status() === 404)
            : refusedPage(r);
      cells.push(`${ok ? "" : "✗ "}${r.status()}`);
      if (!ok) wrong.push(`${pattern} as ${who}: ${r.status()}`);
    }
    row(pattern, cells);
  }
  for (const [name, { access, url }] of Object.entries(ROUTES)) {
    const method = name.split(" ")[0];
    const cells: string[] = [];
    for (const who of WHO) {
      const api = people.get(who)!.api;
      const options = { headers: { Origin: E2E_BASE_URL }, data: { "not a field": true }, maxRedirects: 0 };
      const r = method === "GET" ? await api.get(url(filled), { maxRedirects: 0 }) : await api.fetch(url(filled), { method, ...options });
      const allowed = allows(access, who);
      // refused: 401 without a live session, 403 for a role that may not
      const ok = allowed ? ![401, 403].includes(r.status()) && r.status() < 500 : r.status() === (who === "learner" || who === "instructor" ? 403 : 401);
      cells.push(`${ok ? "" : "✗ "}${r.status()}`);
      if (!ok) wrong.push(`${name} as ${who}: ${r.status()}`);
    }
    row(name, cells);
  }
  for (const [name, { access, page, fields }] of Object.entries(ACTIONS)) {
    const id = ids.get(name);
    expect(id, `the build's id of ${name}`).toBeTruthy();
    const cells: string[] = [];
    for (const who of WHO) {
      const r = await actionCall(people.get(who)!.api, page, id!, fields);
      const text = await r.text();
      // refused by the action's own check, or (no session cookie at all) sent to sign in before it runs
      const refused = /"message":"(Sign in first\.|Your role may not do this\.)"/.test(text) || refusedPage(r);
      const allowed = allows(access, who);
      const ok = allowed ? r.status() === 200 && !refused && /"status":"error"/.test(text) : refused;
      cells.push(`${ok ? "" : "✗ "}${refused ? "refused" : r.status() === 200 ? "allowed" : r.status()}`);
      if (!ok) wrong.push(`${name} as ${who}: ${r.status()} ${text.slice(0, 160)}`);
    }
    row(name.replace(/^app\//, ""), cells);
  }
  console.log(`\n${table.join("\n")}\n`);
  expect(wrong).toEqual([]);
  // refused or schema-refused, nothing was written
  expect(await written()).toEqual(before);
  for (const p of people.values()) await p.api.dispose();
});

test("IDOR: another learner's saved query and report, another author's draft", async ({ playwright }) => {
  test.setTimeout(120_000);
  const [a, b] = [await identity(playwright, "learner", 101), await identity(playwright, "learner", 102)];
  const saved = await a.api.post("/api/labs/cryptominer-via-marathon/saved", {
    data: { op: "save", name: "mine", sql: "SELECT 1" },
    headers: { Origin: E2E_BASE_URL },
  });
  expect(saved.status()).toBe(200);
  const mine = (await saved.json()).saved[0] as { id: string };
  // B deletes A's saved query by its id: nothing of A's changes, and B's list stays B's
  const theirs = await b.api.post("/api/labs/cryptominer-via-marathon/saved", { data: { op: "delete", id: mine.id }, headers: { Origin: E2E_BASE_URL } });
  expect([200, 404]).toContain(theirs.status());
  if (theirs.status() === 200) expect((await theirs.json()).saved).toEqual([]);
  expect(await sql(`SELECT count(*)::int AS n FROM "SavedQuery" WHERE id = $1`, [mine.id])).toEqual([{ n: 1 }]);
  // B's link to A's saved query opens nothing of A's
  const [aUser] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [a.email]);
  const link = await b.api.get(`/labs/cryptominer-via-marathon?saved=${mine.id}`);
  expect(link.status()).toBe(200);
  expect(await link.text()).not.toContain("SELECT 1");
  // a learner reading another learner's report
  expect((await b.api.get(`/admin/reports/learners/${aUser.id}`, { maxRedirects: 0 })).status()).toBe(403);

  // an instructor's draft, opened and overwritten by another instructor
  const [one, two] = [await identity(playwright, "instructor", 103), await identity(playwright, "instructor", 104)];
  const item = { id: await draftOf(one.api, actionIds(), `idor-draft-${Date.now()}`) };
  const versions = await sql(`SELECT count(*)::int AS n FROM "ItemVersion" WHERE "itemId" = $1`, [item.id]);
  expect((await one.api.get(`/author/items/${item.id}`, { maxRedirects: 0 })).status()).toBe(200);
  expect([403, 404]).toContain((await two.api.get(`/author/items/${item.id}`, { maxRedirects: 0 })).status());
  const overwrite = await two.api.put(`/api/author/items/${item.id}/draft`, { data: { source: "kind: quiz\n" }, headers: { Origin: E2E_BASE_URL } });
  expect([403, 404]).toContain(overwrite.status());
  expect(await sql(`SELECT count(*)::int AS n FROM "ItemVersion" WHERE "itemId" = $1`, [item.id])).toEqual(versions);
  for (const p of [a, b, one, two]) await p.api.dispose();
});
