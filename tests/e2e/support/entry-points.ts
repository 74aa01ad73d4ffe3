// The app's entry points, read from the code: every page (app/**/page.tsx), route handler
// (app/**/route.ts and the methods it exports) and server action ("use server" exports, with their
// ids from the build), so the suites that walk them cannot miss a new one.
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";

function files(dir: string, match: (name: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, match) : match(e.name) ? [p] : [];
  });
}
const rel = (f: string) => path.relative(process.cwd(), f).split(path.sep).join("/");
/** app/(admin)/admin/reports/items/[id]/page.tsx -> /admin/reports/items/[id] */
const urlOf = (file: string) =>
  "/" +
  rel(path.dirname(file))
    .replace(/^app\/?/, "")
    .split("/")
    .filter((s) => !/^\(.*\)$/.test(s))
    .join("/");

/** pages by route pattern, routes as "METHOD /api/...", actions as "app/.../actions.ts#name" */
export function codeEntries() {
  const pages = files("app", (n) => n === "page.tsx").map(urlOf);
  const routes = files("app", (n) => n === "route.ts").flatMap((f) => {
    const text = fs.readFileSync(f, "utf8");
    const methods = [...text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    const listed = /export \{([^}]*)\}/.exec(text)?.[1] ?? "";
    for (const m of listed.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.push(m[1]);
    return methods.map((m) => `${m} /${rel(path.dirname(f)).replace(/^app\//, "")}`);
  });
  const actions = files("app", (n) => n.endsWith(".ts")).flatMap((f) => {
    const text = fs.readFileSync(f, "utf8");
    if (!/^\s*["']use server["']/.test(text)) return [];
    return [...text.matchAll(/^export const (\w+)/gm)].map((m) => `${rel(f)}#${m[1]}`);
  });
  return { pages, routes, actions };
}

/** the build's id of each server action, by "file#export" */
export function actionIds(): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, v]) => [`${v.filename}#${v.exportedName}`, id]));
}

/** an action call as React encodes (previous state, FormData): the form's fields first, then the arguments in part "0" */
export function actionCall(api: APIRequestContext, page: string, id: string, fields: Record<string, string>) {
  const multipart = new FormData();
  for (const [k, v] of Object.entries(fields)) multipart.append(`_1_${k}`, v);
  multipart.append("0", '["$undefined","$K1"]');
  return api.post(page, { multipart, headers: { "Next-Action": id, Origin: E2E_BASE_URL, Accept: "text/x-component" }, maxRedirects: 0 });
}

/** every file the build serves under /_next/static, as URL paths */
export function staticFiles(): string[] {
  const root = path.join(".next", "static");
  return files(root, () => true).map((f) => `/_next/static/${path.relative(root, f).split(path.sep).join("/")}`);
}
