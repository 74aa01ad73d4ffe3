/**
 * Playwright's web server: a fresh database every run, then `npm start`'s
 * own launcher. With DATABASE_URL it (re)creates <db>_e2e on that server —
 * only on this machine; without it, an embedded database in a new folder.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { assertLocalDatabase } from "../../support/databases";
import { E2E_ADMIN, E2E_DATABASE_URL, E2E_PGLITE_PORT, E2E_PORT, E2E_USES_EMBEDDED } from "./env";

async function recreateServerDatabase() {
  assertLocalDatabase(process.env.DATABASE_URL!);
  const name = new URL(E2E_DATABASE_URL).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

async function main() {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(E2E_PORT),
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    // every browser test signs up its own learner, all from this one address; the limit itself
    // is tested in tests/integration/sign-up.test.ts
    SIGNUP_LIMIT_PER_HOUR: "100000",
  };
  if (E2E_USES_EMBEDDED) {
    env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-e2e-"));
    env.PGLITE_PORT = String(E2E_PGLITE_PORT);
  } else {
    await recreateServerDatabase();
    env.DATABASE_URL = E2E_DATABASE_URL;
    env.NEXTAUTH_SECRET = randomBytes(32).toString("base64url");
  }
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => {
    if (env.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    process.exit(code ?? 0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
