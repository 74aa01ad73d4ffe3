// Fuzzing every route handler and server action over real HTTP. Each entry point of the code (read
// from app/, so a new one cannot be missed) gets property-based inputs derived from its own zod schema
// (fast-check, through the schema's JSON Schema: the right shape with hostile strings, numbers out of
// range, missing and extra keys, unicode edge cases and NUL bytes), then malformed bodies: broken
// JSON, deep nesting, bodies over the limit, wrong content types, bytes that are not UTF-8. As an
// admin (so every request gets past authorization to the input checks) on an item and a lab state of
// its own. Never a 5xx; every refusal is JSON with a sentence; a refused request writes no row.
import fc from "fast-check";
import { z } from "zod";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { sql } from "./support/db";
import { E2E_BASE_URL } from "./support/env";
import { actionCall, actionIds, codeEntries } from "./support/entry-points";
import { identity } from "./support/people";
import { changePasswordSchema, signUpSchema } from "@/lib/schemas/auth";
import { auditFilterSchema, resetPasswordSchema, roleChangeSchema, setActiveSchema, userIdSchema } from "@/lib/schemas/admin";
import { reportFilterSchema } from "@/lib/schemas/reports";
import { cloneSchema, draftSchema, itemStateSchema, newItemSchema, trackItemsSchema } from "@/lib/schemas/author";
import { eventContextSchema, exploreSchema, hintRequestSchema, labAnswerSchema, queryExportSchema, querySchema, savedQuerySchema } from "@/lib/schemas/lab";
import { submissionEnvelopeSchema } from "@/lib/schemas/quiz";
import { slugSchema } from "@/lib/schemas/content";

const LAB = "cryptominer-via-marathon";
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

/** what each route reads: a JSON body's schema, a query string's, or raw bytes (an upload) */
type Input = { body: z.ZodType } | { query: z.ZodType } | { raw: true } | { none: true };
const ROUTES: Record<string, Input> = {
  "GET /api/health": { none: true },
  "POST /api/signup": { body: signUpSchema },
  "GET /api/admin/audit/export": { query: auditFilterSchema },
  "GET /api/admin/reports/export": { query: reportFilterSchema },
  "POST /api/author/import": { raw: true },
  "PUT /api/author/items/[id]/data": { raw: true },
  "PUT /api/author/items/[id]/draft": { body: draftSchema },
  "GET /api/author/items/[id]/export": { none: true },
  "POST /api/author/items/[id]/preview": { body: draftSchema },
  "POST /api/author/items/[id]/publish": { none: true },
  "POST /api/author/items/[id]/state": { body: itemStateSchema },
  "POST /api/author/items/[id]/verify": { none: true },
  "POST /api/labs/[slug]/answers": { body: labAnswerSchema },
  "POST /api/labs/[slug]/events": { body: eventContextSchema },
  "POST /api/labs/[slug]/explore": { body: exploreSchema },
  "POST /api/labs/[slug]/heartbeat": { body: z.strictObject({}) },
  "POST /api/labs/[slug]/hints": { body: hintRequestSchema },
  "POST /api/labs/[slug]/query": { body: querySchema },
  "POST /api/labs/[slug]/query/export": { body: queryExportSchema },
  "POST /api/labs/[slug]/saved": { body: savedQuerySchema },
  "POST /api/quizzes/[slug]/attempts": { body: submissionEnvelopeSchema },
};
/** next-auth's own handler: the sign-in boundary has its suite (sign-in-limits.spec.ts) */
const EXEMPT = new Set(["GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"]);
/** each server action's schema and the page it is posted to */
const ACTIONS: Record<string, { schema: z.ZodType; page: string }> = {
  "app/(author)/author/actions.ts#createItemAction": { schema: newItemSchema, page: "/author" },
  "app/(author)/author/actions.ts#cloneItemAction": { schema: cloneSchema, page: "/author" },
  "app/(author)/author/actions.ts#saveTrackAction": { schema: trackItemsSchema, page: "/author/tracks/soc-analyst-tier-1" },
  "app/(admin)/admin/users/actions.ts#changeRoleAction": { schema: roleChangeSchema, page: "/admin/users" },
  "app/(admin)/admin/users/actions.ts#setActiveAction": { schema: setActiveSchema, page: "/admin/users" },
  "app/(admin)/admin/users/actions.ts#issueResetAction": { schema: userIdSchema, page: "/admin/users" },
  "app/(learner)/account/actions.ts#changePasswordAction": { schema: changePasswordSchema, page: "/account" },
  "app/(public)/lessons/[slug]/actions.ts#completeLessonAction": { schema: z.strictObject({ slug: slugSchema }), page: "/lessons/kubernetes-vs-mesos" },
  "app/(public)/reset-password/[token]/actions.ts#resetPasswordAction": { schema: resetPasswordSchema, page: "/reset-password/not-a-real-token" },
};

/** strings a boundary must survive: NUL, lone surrogates, bidi overrides, BOMs, combining marks, markup, paths, SQL */
const EDGE = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil",
  "\ufeff",
  "e\u0301\u0301\u0301",
  "🧪".repeat(64),
  "\r\n\t",
  "' OR '1'='1",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00%2e%2e",
  "${7*7}{{7*7}}",
  "x".repeat(5000),
];
const edgeString = fc.oneof(fc.constantFrom(...EDGE), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 40 }));

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** values near a JSON Schema: often valid, often one step off (wrong type, out of range, a hostile string) */
function near(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const off = depth > 3 ? fc.constant(null) : fc.oneof(edgeString, fc.integer(), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
  const union = s.anyOf ?? s.oneOf ?? s.allOf;
  if (union) return fc.oneof(...union.map((u) => near(u, depth + 1)), off);
  if (s.const !== undefined) return fc.oneof({ weight: 4, arbitrary: fc.constant(s.const) }, { weight: 1, arbitrary: off });
  if (s.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: off });
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string": {
      const valid = s.pattern
        ? fc.stringMatching(new RegExp(s.pattern))
        : fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 200) });
      return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: edgeString }, { weight: 1, arbitrary: off });
    }
    case "integer":
    case "number":
      return fc.oneof(
        fc.integer({ min: Math.max(s.minimum ?? -1e6, -1e9), max: Math.min(s.maximum ?? 1e6, 1e9) }),
        fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 0.5),
        off,
      );
    case "boolean":
      return fc.oneof(fc.boolean(), off);
    case "array":
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(near(s.items ?? {}, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 6) }) },
        { weight: 1, arbitrary: off },
      );
    case "object": {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, near(v, depth + 1)]));
      const record = fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      const extra = fc.tuple(record, fc.dictionary(edgeString, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })).map(([r, x]) => ({ ...x, ...r }));
      return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: extra }, { weight: 1, arbitrary: off });
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}
const fromSchema = (schema: z.ZodType) => near(z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchema);

type Outcome = { status: number; text: string; contentType: string };
const answered = async (r: Awaited<ReturnType<APIRequestContext["fetch"]>>): Promise<Outcome> => ({
  status: r.status(),
  text: await r.text(),
  contentType: r.headers()["content-type"] ?? "",
});

test("every route and server action, fuzzed: no 5xx, every refusal a sentence, no row written by a refusal", async ({ playwright }) => {
  test.setTimeout(420_000);
  const code = codeEntries();
  expect(
    code.routes.filter((r) => !(r in ROUTES) && !EXEMPT.has(r)),
    "routes without an input to fuzz",
  ).toEqual([]);
  expect(
    code.actions.filter((a) => !(a in ACTIONS)),
    "server actions without an input to fuzz",
  ).toEqual([]);
  const ids = actionIds();
  const { api, email } = await identity(playwright, "admin", 900);
  const [me] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
  // an item of the fuzzer's own, so no state change reaches what other tests use
  const created = await actionCall(api, "/author", ids.get("app/(author)/author/actions.ts#createItemAction")!, {
    kind: "quiz",
    slug: `fuzz-${Date.now()}`,
    title: "Fuzzed draft",
  });
  expect(created.status()).toBe(200);
  const [item] = await sql<{ id: string }>(
    `SELECT i.id FROM "Item" i JOIN "ItemAuthor" a ON a."itemId" = i.id WHERE a."userId" = $1 ORDER BY i."createdAt" DESC LIMIT 1`,
    [me.id],
  );
  const url = (pattern: string) => pattern.replace("[id]", item.id).replace("[slug]", pattern.includes("quizzes") ? "kubernetes-vs-mesos" : LAB);

  /** every row this admin's requests could have written */
  const footprint = async () =>
    (
      await sql<{ n: number }>(
        `SELECT ((SELECT count(*) FROM "Attempt" WHERE "userId" = $1) + (SELECT count(*) FROM "ActivityEvent" WHERE "userId" = $1)
          + (SELECT count(*) FROM "LabQuery" WHERE "userId" = $1) + (SELECT count(*) FROM "HintUnlock" WHERE "userId" = $1)
          + (SELECT count(*) FROM "SavedQuery" WHERE "userId" = $1) + (SELECT count(*) FROM "ItemProgress" WHERE "userId" = $1)
          + (SELECT count(*) FROM "AuditLog" WHERE "actorId" = $1) + (SELECT count(*) FROM "ItemAuthor" WHERE "userId" = $1)
          + (SELECT count(*) FROM "ItemVersion" WHERE "createdById" = $1) + (SELECT count(*) FROM "LabData" WHERE "createdById" = $1)
          + (SELECT count(*) FROM "PasswordReset" WHERE "createdById" = $1) + (SELECT count(*) FROM "Certificate" WHERE "userId" = $1))::int AS n`,
        [me.id],
      )
    )[0].n;

  const problems: string[] = [];
  const table = new Map<string, { tried: number; accepted: number; refused: number }>();
  /** one request: judged, counted, and (if refused) checked to have written nothing */
  async function check(name: string, label: string, send: () => Promise<Outcome>, { action = false } = {}) {
    const before = await footprint();
    const out = await send();
    const row = table.get(name) ?? { tried: 0, accepted: 0, refused: 0 };
    row.tried++;
    table.set(name, row);
    const fail = (why: string) => problems.push(`${name} ${label}: ${why} — ${out.status} ${out.text.slice(0, 200)}`);
    if (out.status >= 500) return fail("a server error");
    // an action answers 200 with its state ({ status: "error", message }) or is refused by the guard with JSON
    const refusedAction = action && out.status === 200 && /"status":"error"/.test(out.text);
    if (out.status < 400 && !refusedAction) {
      row.accepted++;
      return;
    }
    row.refused++;
    if (!refusedAction) {
      if (!out.contentType.includes("application/json")) return fail("a refusal that is not JSON");
      const message = (JSON.parse(out.text) as { message?: unknown }).message;
      if (typeof message !== "string" || message.trim().length < 8) return fail("a refusal without a sentence");
      // a query the engine refused is kept in the learner's history like one that ran: that row is the product
      if ((JSON.parse(out.text) as { kind?: unknown }).kind) return;
    } else if (!/"message":"[^"]{8,}/.test(out.text)) return fail("an action refusal without a sentence");
    const after = await footprint();
    if (after !== before) fail(`a refusal wrote ${after - before} row(s)`);
  }

  const headers = { Origin: E2E_BASE_URL };
  for (const [name, input] of Object.entries(ROUTES)) {
    const [method, pattern] = name.split(" ");
    const target = url(pattern);
    const send = (options: Parameters<APIRequestContext["fetch"]>[1]) => async () => answered(await api.fetch(target, { method, maxRedirects: 0, ...options }));
    if ("body" in input) {
      await fc.assert(
        fc.asyncProperty(fromSchema(input.body), async (value) => {
          await check(
            name,
            `body ${JSON.stringify(value).slice(0, 80)}`,
            send({ data: JSON.stringify(value), headers: { ...headers, "Content-Type": "application/json" } }),
          );
        }),
        { numRuns: RUNS, seed: 42 },
      );
    }
    if ("query" in input) {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom(...Object.keys(z.toJSONSchema(input.query, { unrepresentable: "any", io: "input" }).properties ?? {}), "x"),
            edgeString,
            { maxKeys: 4 },
          ),
          async (params) => {
            const qs = new URLSearchParams(params as Record<string, string>).toString();
            await check(name, `?${qs.slice(0, 80)}`, async () => answered(await api.fetch(`${target}?${qs}`, { method, maxRedirects: 0 })));
          },
        ),
        { numRuns: RUNS, seed: 42 },
      );
    }
    if (method === "GET") continue;
    // the malformed bodies, for every route that takes one (and for those that take none)
    const malformed: [string, Parameters<APIRequestContext["fetch"]>[1]][] = [
      ["broken JSON", { data: "{", headers: { ...headers, "Content-Type": "application/json" } }],
      ["null", { data: "null", headers: { ...headers, "Content-Type": "application/json" } }],
      ["an array", { data: "[]", headers: { ...headers, "Content-Type": "application/json" } }],
      ["deep nesting", { data: `{"a":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, headers: { ...headers, "Content-Type": "application/json" } }],
      ["a raw NUL", { data: '{"sql":"SELECT 1\u0000"}', headers: { ...headers, "Content-Type": "application/json" } }],
      [
        "not UTF-8",
        {
          data: Buffer.from([0x7b, 0x22, 0x73, 0x71, 0x6c, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
          headers: { ...headers, "Content-Type": "application/json" },
        },
      ],
      ["3 MB", { data: JSON.stringify({ source: "x".repeat(3 * 2 ** 20) }), headers: { ...headers, "Content-Type": "application/json" } }],
      ["text/plain", { data: '{"sql":"SELECT 1"}', headers: { ...headers, "Content-Type": "text/plain" } }],
      ["a form", { data: "sql=SELECT+1", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" } }],
      ["no content type", { data: Buffer.from('{"sql":"SELECT 1"}'), headers }],
      ["a foreign origin", { data: "{}", headers: { Origin: "https://evil.example", "Content-Type": "application/json" } }],
    ];
    for (const [label, options] of malformed) await check(name, label, send(options));
  }

  for (const [name, { schema, page }] of Object.entries(ACTIONS)) {
    const id = ids.get(name);
    expect(id, `the build's id of ${name}`).toBeTruthy();
    const keys = Object.keys((z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }) as JsonSchema).properties ?? {});
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(keys.map((k) => [k, edgeString])), { requiredKeys: [] }), async (fields) => {
        await check(
          name,
          `fields ${JSON.stringify(fields).slice(0, 80)}`,
          async () => answered(await actionCall(api, page, id!, fields as Record<string, string>)),
          {
            action: true,
          },
        );
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: 42 },
    );
    // what the action guard refuses before Next parses anything
    const post = (label: string, body: string | Buffer, contentType: string, extra: Record<string, string> = {}) =>
      check(name, label, async () =>
        answered(
          await api.post(page, { data: body, maxRedirects: 0, headers: { "Next-Action": id!, Origin: E2E_BASE_URL, "Content-Type": contentType, ...extra } }),
        ),
      );
    await post("malformed arguments", '["$K1", {"$$typeof": 1}', "text/plain;charset=UTF-8");
    await post("3 MB of arguments", JSON.stringify(["x".repeat(3 * 2 ** 20)]), "text/plain;charset=UTF-8");
    await post("a JSON body", "{}", "application/json");
    await post("a foreign origin", "[]", "text/plain;charset=UTF-8", { Origin: "https://evil.example" });
  }

  const lines = [`${"entry point".padEnd(62)} tried accepted refused`];
  for (const [name, r] of table)
    lines.push(`${name.padEnd(62)} ${String(r.tried).padStart(5)} ${String(r.accepted).padStart(8)} ${String(r.refused).padStart(7)}`);
  const total = [...table.values()].reduce((t, r) => ({ tried: t.tried + r.tried, refused: t.refused + r.refused }), { tried: 0, refused: 0 });
  lines.push(`${total.tried} requests, ${total.refused} refused, ${problems.length} problems`);
  console.log(`\n${lines.join("\n")}\n`);
  expect(problems).toEqual([]);
  await api.dispose();
});
