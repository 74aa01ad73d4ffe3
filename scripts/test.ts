/**
 * `npm test`: lint (eslint with Next's config, then prettier --check), and every test, in order of
 * speed — unit and integration (vitest),
 * a fresh production build, then the browser tests (Playwright in Debian's
 * Chromium) against `npm start`'s own launcher. Ends with one summary line.
 */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const bin = (pkg: string, file: string) => path.join(process.cwd(), "node_modules", pkg, file);
const results = path.join(process.cwd(), "test-results");
fs.mkdirSync(results, { recursive: true });

function run(label: string, args: string[]): number {
  console.log(`\n── ${label} ──`);
  const { status } = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  return status ?? 1;
}

type Counts = { passed: number; failed: number; skipped: number };

function vitestCounts(file: string): Counts {
  if (!fs.existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
}

function playwrightCounts(file: string): Counts {
  if (!fs.existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const s = JSON.parse(fs.readFileSync(file, "utf8")).stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

const vitestJson = path.join(results, "vitest-report.json");
const e2eJson = path.join(results, "e2e-report.json");
for (const f of [vitestJson, e2eJson]) fs.rmSync(f, { force: true });

const failures: string[] = [];
if (
  run("lint (eslint)", [bin("eslint", "bin/eslint.js"), "."]) !== 0 ||
  run("format (prettier --check)", [bin("prettier", "bin/prettier.cjs"), "--check", "."]) !== 0
) {
  failures.push("lint");
}
if (
  run("unit and integration tests (vitest)", [
    bin("vitest", "vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestJson}`,
  ]) !== 0
)
  failures.push("vitest");
if (
  run("production build (next build)", [bin("tsx", "dist/cli.mjs"), "scripts/check-content.ts"]) !== 0 ||
  run("next build", [bin("next", "dist/bin/next"), "build"]) !== 0
) {
  failures.push("build");
} else if (run("browser tests (playwright)", [bin("@playwright/test", "cli.js"), "test"]) !== 0) {
  failures.push("playwright");
}

const v = vitestCounts(vitestJson);
const p = playwrightCounts(e2eJson);
const total = { passed: v.passed + p.passed, failed: v.failed + p.failed, skipped: v.skipped + p.skipped };
console.log(`\nvitest: ${v.passed} passed, ${v.failed} failed; playwright: ${p.passed} passed, ${p.failed} failed`);
if (failures.length) console.log(`failed steps: ${failures.join(", ")}`);
const failed = failures.length && total.failed === 0 ? 1 : total.failed;
console.log(`${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(failures.length ? 1 : 0);
