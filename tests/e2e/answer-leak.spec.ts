// The answer-leak crawl. A learner who has solved nothing (one all-wrong quiz attempt, one wrong
// answer to each lab task) loads every page the code has, every GET route, each page's RSC payload,
// and every file of the build under /_next/static, and runs a query and opens the log explorer in
// both labs; every response is kept (HTML, RSC, JSON, JS, CSS) and searched for every answer key,
// explanation, hint, reference detection, write-up and piece of ground truth of both labs and the
// quiz. Prose is searched everywhere; values that are also in the logs (an address, a version) are
// searched everywhere but the log data the learner queries; the key's own fields are searched in
// what the server renders and answers (HTML, RSC, JSON). Zero findings, and the table says so.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { deriveSeed, generateLab } from "@/lib/labgen";
import type { APIResponse, Response } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { sql } from "./support/db";
import { E2E_ADMIN, E2E_BASE_URL } from "./support/env";
import { codeEntries, staticFiles } from "./support/entry-points";
import { answerQuiz, loadQuiz } from "./support/quiz";
import { writeQuery } from "./support/lab";

const QUIZ = "kubernetes-vs-mesos";
const LABS = ["unpatched-mesos-control-plane", "cryptominer-via-marathon"];
const GENERATED = "unpatched-mesos-control-plane";

/** where a secret may not appear: prose nowhere; a value anywhere but the log data; a key field in what the server renders */
type Scope = "anywhere" | "not-in-data" | "rendered";
type Secret = { what: string; text: string; scope: Scope };
type Kind = "html" | "rsc" | "json" | "data" | "static";
type Body = { url: string; kind: Kind; text: string };

/**
 * The longest stretch of a text's own prose that Markdown, HTML or JSON would not rewrite: without
 * the log lines and names it quotes (which the lesson and the logs show too), markup, brackets,
 * template variables or line breaks, of at least four words; for a text that is mostly quotes (a
 * hint listing log lines), the whole text as the server would send it.
 */
function fragment(text: string): string | null {
  const own =
    text
      .replace(/`[^`]*`|"[^"]*"|(^|[\s(])'[^']*'/g, "\n")
      .replace(/\{\{[^}]*\}\}/g, "\n")
      .split(/[*_`'"&<>[\]{}()#|\\\n~]+/)
      .map((p) => p.trim().replace(/\s+/g, " "))
      .sort((a, b) => b.length - a.length)[0] ?? "";
  if (own.length >= 24 && own.split(" ").length >= 4) return own;
  const whole = text.trim().replace(/\s+/g, " ");
  return whole.length >= 24 ? whole : null;
}

/** what a response says once HTML entities and JSON string escapes are undone */
const plain = (text: string) =>
  text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\\+"/g, '"');

/** the texts with no stretch of prose long enough to search without false alarms (printed) */
const tooShort: string[] = [];

function prose(out: Secret[], what: string, text: unknown) {
  if (typeof text !== "string") return;
  const f = fragment(text);
  if (f) out.push({ what, text: f, scope: "anywhere" });
  else tooShort.push(what);
}

type RawTask = {
  id: string;
  type: string;
  answer?: unknown;
  explanation?: string;
  reference?: string;
  labels?: string[];
  choices?: { id: string; text: string }[];
  hints?: { content: string }[];
};

function quizSecrets(): Secret[] {
  const out: Secret[] = [];
  const quiz = loadQuiz(QUIZ);
  for (const q of quiz.questions) {
    prose(out, `quiz ${q.id}: explanation`, q.explanation);
    const key = q.type === "multiple" ? { answers: q.answers } : q.type === "short_text" ? { accept: q.accept } : { answer: q.answer };
    const [field, value] = Object.entries(key)[0];
    // the key as a serialised prop would carry it: "answer":"offers", "accept":["Marathon", ...
    out.push({
      what: `quiz ${q.id}: key`,
      text: JSON.stringify({ [field]: value })
        .slice(1, -1)
        .replace(/\]$/, ""),
      scope: "rendered",
    });
  }
  out.push({ what: "quiz: revealed answers", text: '"correctAnswer"', scope: "rendered" });
  return out;
}

/** what one lab file holds that a learner may not see before it is due */
function labSecrets(slug: string): Secret[] {
  const out: Secret[] = [];
  {
    const file = path.join("labs", "labs", `${slug}.yaml`);
    const lab = parse(fs.readFileSync(file, "utf8")) as { writeup: string; tasks: RawTask[]; dataset: { upload?: string } };
    for (const [i, paragraph] of lab.writeup.split(/\n\s*\n/).entries()) if (!paragraph.startsWith("#")) prose(out, `${slug}: write-up ¶${i + 1}`, paragraph);
    // what a learner may see of the lab: the key is not in it
    const shown = fs.readFileSync(file, "utf8").replace(/^writeup:[\s\S]*?^tasks:/m, "");
    const hosts = new Set<string>();
    if (lab.dataset.upload)
      for (const line of fs.readFileSync(path.join("labs", "labs", lab.dataset.upload), "utf8").split("\n"))
        if (line) hosts.add((JSON.parse(line) as { host: string }).host);
    for (const t of lab.tasks) {
      prose(out, `${slug} ${t.id}: explanation`, t.explanation);
      for (const [h, hint] of (t.hints ?? []).entries()) prose(out, `${slug} ${t.id}: hint ${h + 1}`, hint.content);
      // the reference detection: its long lines (a Sigma rule's id among them)
      for (const line of (t.reference ?? "").split("\n").map((l) => l.trim()))
        if ((line.length >= 40 || /^id: /.test(line)) && !line.includes("\\"))
          out.push({ what: `${slug} ${t.id}: reference detection`, text: line, scope: "anywhere" });
      for (const label of t.labels ?? []) out.push({ what: `${slug} ${t.id}: event label`, text: `"label":"${label}"`, scope: "anywhere" });
      if (t.type === "choice") out.push({ what: `${slug} ${t.id}: key`, text: `"answer":"${t.answer}"`, scope: "rendered" });
      else
        for (const value of [t.answer ?? []].flat().map(String))
          // a host name is in the lab's public host list, a value the prompts name is no secret
          if (!hosts.has(value) && !shown.includes(value)) out.push({ what: `${slug} ${t.id}: answer`, text: value, scope: "not-in-data" });
    }
  }
  return out;
}

/** the ground truth of this learner's own variant of the generated lab */
function truthSecrets(learnerId: string): Secret[] {
  const out: Secret[] = [];
  const { truth } = generateLab({ seed: deriveSeed(GENERATED, learnerId), targetEvents: 200_000 });
  for (const d of truth.decoys) prose(out, `${GENERATED}: decoy ${d.kind} ${d.host}`, d.description);
  out.push({ what: `${GENERATED}: version`, text: `Mesos ${truth.mesosVersion}`, scope: "not-in-data" });
  for (const [i, ip] of truth.zookeeperEnsembleIps.entries()) out.push({ what: `${GENERATED}: ZooKeeper ${i + 1}`, text: ip, scope: "not-in-data" });
  for (const field of ["masters", "decommissionedMasters", "controlPlaneEventIds", "leaderTimeline", "decoys", "hostIps", "zookeeperEnsemble"])
    out.push({ what: `${GENERATED}: truth field ${field}`, text: `"${field}":`, scope: "rendered" });
  return out;
}

const applies = (scope: Scope, kind: Kind) => scope === "anywhere" || (scope === "not-in-data" ? kind !== "data" : kind !== "data" && kind !== "static");

function kindOf(url: string, contentType: string): Kind | null {
  const p = new URL(url).pathname;
  if (/^\/api\/labs\/[^/]+\/(query|explore)/.test(p)) return "data";
  if (p.startsWith("/_next/static/")) return /\.(js|css|json|txt|map|mjs)$/.test(p) ? "static" : null;
  if (contentType.includes("text/x-component")) return "rsc";
  if (contentType.includes("json")) return "json";
  if (contentType.includes("text/html")) return "html";
  if (contentType.includes("text/") || contentType.includes("javascript")) return "static";
  return null;
}

test("a learner who has solved nothing finds no answer, hint, write-up or ground truth in anything the app serves", async ({
  page,
  playwright,
  signedInLearner,
}) => {
  test.setTimeout(300_000);
  const [me] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [signedInLearner.email]);
  const items = await sql<{ id: string; slug: string }>(`SELECT id, slug FROM "Item" WHERE kind IN ('quiz', 'lab') AND slug = ANY($1)`, [[QUIZ, ...LABS]]);
  const fromFile = new Map([[QUIZ, quizSecrets()], ...LABS.map((slug) => [slug, labSecrets(slug)] as const)]);
  const secrets = [...[...fromFile.values()].flat(), ...truthSecrets(me.id)];

  const bodies: Body[] = [];
  const pending: Promise<void>[] = [];
  const keep = async (url: string, contentType: string, read: () => Promise<Buffer>) => {
    const kind = kindOf(url, contentType);
    if (!kind) return;
    try {
      bodies.push({ url, kind, text: plain((await read()).toString("utf8")) });
    } catch {
      // a redirect or an aborted prefetch has no body
    }
  };
  page.on("response", (r: Response) => void pending.push(keep(r.url(), r.headers()["content-type"] ?? "", () => r.body())));
  const api = async (r: APIResponse) => {
    await keep(r.url(), r.headers()["content-type"] ?? "", () => r.body());
    return r;
  };

  // every page of the code, each segment filled with what exists (the lab and quiz items for the item pages)
  const fill: Record<string, string[]> = {
    "[slug]": ["soc-analyst-tier-1", QUIZ, ...LABS],
    "[id]": [...items.map((i) => i.id), me.id],
    "[code]": ["no-such-code"],
    "[token]": ["not-a-token"],
    "[...nextauth]": ["session", "providers", "csrf"],
  };
  const urls = (pattern: string): string[] => {
    const segment = /\[[^\]]+\]/.exec(pattern)?.[0];
    return segment ? fill[segment].flatMap((v) => urls(pattern.replace(segment, v))) : [pattern];
  };
  const { pages, routes } = codeEntries();
  const pageUrls = pages.flatMap(urls);

  // the wrong tries: an all-wrong quiz attempt through its form, a wrong answer to each lab task
  await page.goto(`/quizzes/${QUIZ}`);
  await answerQuiz(page, loadQuiz(QUIZ), "wrong");
  await expect(page.getByText(/attempts? left/).first()).toBeVisible();
  for (const slug of LABS) {
    const lab = parse(fs.readFileSync(path.join("labs", "labs", `${slug}.yaml`), "utf8")) as { tasks: RawTask[] };
    for (const t of lab.tasks) {
      const answer =
        t.type === "choice"
          ? t.choices!.find((c) => c.id !== t.answer)!.id
          : t.type === "query"
            ? "SELECT id FROM logs WHERE false"
            : t.type === "sigma"
              ? "title: nothing\nlogsource:\n  product: mesos\ndetection:\n  selection:\n    host: nobody\n  condition: selection\n"
              : t.type.endsWith("_set")
                ? [t.type === "hostport_set" ? "nobody:1" : "nobody"]
                : "nothing at all";
      const r = await api(await page.request.post(`/api/labs/${slug}/answers`, { data: { taskId: t.id, answer } }));
      expect(r.status(), `${slug} ${t.id}: ${await r.text()}`).toBe(201);
      expect((await r.json()).task.passed).toBe(false);
    }
  }

  for (const url of pageUrls) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    if (LABS.some((slug) => url === `/labs/${slug}`)) {
      // a query's result and the log explorer: the data a learner investigates, and what comes with it
      const query = await writeQuery(page, "SELECT * FROM logs ORDER BY id LIMIT 200");
      await query.getByRole("button", { name: "Run query" }).click();
      await expect(query.getByRole("table", { name: "Query results" }).getByRole("cell").first()).toBeVisible({ timeout: 30_000 });
      await page.getByRole("tab", { name: "Explore logs" }).click();
      await page.waitForLoadState("networkidle");
    }
    // the page's RSC payload, as a client-side navigation fetches it
    await api(await page.request.get(url, { headers: { RSC: "1" } }));
  }
  for (const route of routes.filter((r) => r.startsWith("GET "))) for (const url of urls(route.slice(4))) await api(await page.request.get(url));
  for (const url of staticFiles()) await api(await page.request.get(url));
  await Promise.all(pending);

  const findings: string[] = [];
  for (const b of bodies)
    for (const s of secrets) if (applies(s.scope, b.kind) && b.text.includes(s.text)) findings.push(`${s.what} in ${b.kind} ${b.url}: ${s.text.slice(0, 60)}`);

  const kinds: Kind[] = ["html", "rsc", "json", "data", "static"];
  const lines = [`${"served".padEnd(10)} ${"responses".padStart(9)} ${"KB".padStart(8)}`];
  for (const k of kinds) {
    const of = bodies.filter((b) => b.kind === k);
    lines.push(`${k.padEnd(10)} ${String(of.length).padStart(9)} ${String(Math.round(of.reduce((n, b) => n + b.text.length, 0) / 1024)).padStart(8)}`);
  }
  const scopes: Scope[] = ["anywhere", "not-in-data", "rendered"];
  lines.push("", `secrets: ${secrets.length} (${scopes.map((s) => `${secrets.filter((x) => x.scope === s).length} ${s}`).join(", ")})`);
  lines.push(`too short to search: ${tooShort.join("; ") || "none"}`);
  lines.push(`pages ${pageUrls.length}, responses ${bodies.length}, searches ${bodies.length * secrets.length}, findings ${findings.length}`);
  console.log(`\n${lines.join("\n")}\n`);
  // the control: the same search over each item's authoring page (it holds the source, as an admin sees it) finds its secrets
  const admin = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const { csrfToken } = await (await admin.get("/api/auth/csrf")).json();
  await admin.post("/api/auth/callback/credentials", { form: { ...E2E_ADMIN, csrfToken, json: "true" } });
  for (const item of items) {
    // the YAML source folds long lines: compare with its white space collapsed
    const source = plain(await (await admin.get(`/author/items/${item.id}`, { headers: { RSC: "1" } })).text())
      .replace(/\\n|\s/g, " ")
      .replace(/ +/g, " ");
    const own = fromFile.get(item.slug)!.filter((s) => s.scope !== "rendered");
    const found = own.filter((s) => source.includes(s.text)).length;
    console.log(`control: ${found} of ${own.length} secrets of ${item.slug} found in its authoring page`);
    expect(found / own.length).toBeGreaterThan(0.75);
  }
  await admin.dispose();
  // the crawl reached what it is meant to search
  for (const k of kinds) expect(bodies.filter((b) => b.kind === k).length, `responses of kind ${k}`).toBeGreaterThan(0);
  expect(secrets.length).toBeGreaterThan(60);
  expect(findings).toEqual([]);
});
