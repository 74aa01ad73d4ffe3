// lib/ is the server's and the pure logic's home: nothing in it may depend on the UI (components/)
// or on the routes (app/). Read from the sources, so a new import that crosses fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated" && entry.name !== "node_modules") out.push(...sources(p));
    } else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

describe("module boundaries", () => {
  it("no file under lib/ imports from components/ or app/", () => {
    const root = path.join(process.cwd(), "lib");
    const bad: string[] = [];
    for (const file of sources(root)) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2];
        const resolved = spec.startsWith(".") ? path.relative(process.cwd(), path.resolve(path.dirname(file), spec)) : spec.replace(/^@\//, "");
        if (/^(components|app)(\/|$)/.test(resolved)) bad.push(`${path.relative(process.cwd(), file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("the lab workspace's data types live in lib/, not in components/", () => {
    expect(fs.existsSync(path.join(process.cwd(), "components/lab/types.ts"))).toBe(false);
    expect(fs.readFileSync(path.join(process.cwd(), "lib/lab/types.ts"), "utf8")).toContain("export type PublicLab");
  });
});
