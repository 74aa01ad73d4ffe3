// Every way into the server goes through one wrapper: route handlers through `route()`, server actions
// through `action()` (lib/server/route.ts, lib/server/action.ts), which check who calls and parse the
// input with a zod schema. Read from the code: a new route or action that skips them fails here.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = path.join(process.cwd(), "app");
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** next-auth's own handler: it is the sign-in boundary itself (throttled and audited in lib/server/auth-options.ts) */
const EXEMPT = new Set(["app/api/auth/[...nextauth]/route.ts"]);

function files(dir: string, match: (name: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, match) : match(e.name) ? [p] : [];
  });
}

type Export = { name: string; wrappedBy: string | null };

/** exported names of a module and, for each, the wrapper its value is a direct call of (if any) */
function exportsOf(file: string): Export[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out: Export[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of source.statements) {
    if (ts.isFunctionDeclaration(st) && exported(st) && st.name) out.push({ name: st.name.text, wrappedBy: null });
    if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) {
        const callee = d.initializer && ts.isCallExpression(d.initializer) && ts.isIdentifier(d.initializer.expression) ? d.initializer.expression.text : null;
        if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, wrappedBy: callee });
        else out.push({ name: d.name.getText(source), wrappedBy: null });
      }
    }
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause) && !st.isTypeOnly) {
      for (const e of st.exportClause.elements) if (!e.isTypeOnly) out.push({ name: e.name.text, wrappedBy: null });
    }
  }
  return out;
}

const rel = (f: string) => path.relative(process.cwd(), f).split(path.sep).join("/");

describe("entry points", () => {
  const routes = files(APP, (n) => /^route\.(ts|tsx)$/.test(n));
  const actions = files(APP, (n) => /\.(ts|tsx)$/.test(n)).filter((f) => /^\s*["']use server["']/.test(fs.readFileSync(f, "utf8")));

  it("finds the routes and actions it checks", () => {
    expect(routes.length).toBeGreaterThanOrEqual(7);
    expect(actions.length).toBeGreaterThanOrEqual(2);
  });

  it("every route handler is built by route()", () => {
    const bad: string[] = [];
    for (const f of routes) {
      if (EXEMPT.has(rel(f))) continue;
      for (const e of exportsOf(f)) if (METHODS.has(e.name) && e.wrappedBy !== "route") bad.push(`${rel(f)}: ${e.name}`);
    }
    expect(bad).toEqual([]);
  });

  it("every server action is built by action()", () => {
    const bad: string[] = [];
    for (const f of actions) for (const e of exportsOf(f)) if (e.wrappedBy !== "action") bad.push(`${rel(f)}: ${e.name}`);
    expect(bad).toEqual([]);
  });

  it("would catch a handler written without the wrapper", () => {
    const tmp = path.join(process.cwd(), "test-results", "entrypoint-probe.ts");
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(
      tmp,
      'export async function POST() { return new Response(null); }\nexport const GET = route({ access: "anyone" }, async () => new Response());\n',
    );
    expect(exportsOf(tmp)).toEqual([
      { name: "POST", wrappedBy: null },
      { name: "GET", wrappedBy: "route" },
    ]);
  });
});
