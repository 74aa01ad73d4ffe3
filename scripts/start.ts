/**
 * `npm start`: one command from a fresh clone to a running Watchfloor.
 * - DATABASE_URL unset: an embedded PostgreSQL (PGlite) whose data lives in
 *   DATA_DIR (default .data/), plus a generated NEXTAUTH_SECRET and, when no
 *   ADMIN_EMAIL/ADMIN_PASSWORD are given, a generated first admin.
 * - DATABASE_URL set: that server; NEXTAUTH_SECRET is then required.
 * Migrations and content are applied on every start; the app is built when
 * no build exists. `--dev` runs `next dev` instead of build + start.
 */
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ContentError } from "@/lib/content/front-matter";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { prepareDatabase } from "./lib/prepare";
import { persistentSecret } from "./lib/secrets";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

function fail(message: string): never {
  console.error(`\nwatchfloor: ${message}\n`);
  process.exit(1);
}

async function main() {
  const t0 = performance.now();
  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  let secret = process.env.NEXTAUTH_SECRET;

  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(path.join(dataDir, "pglite"), { port: Number(process.env.PGLITE_PORT ?? 0) });
    databaseUrl = embedded.url;
    console.log(`database: embedded PostgreSQL (PGlite) in ${path.join(dataDir, "pglite")}`);
    secret ??= persistentSecret(dataDir, "nextauth-secret").value;
  } else {
    console.log(`database: ${databaseUrl.replace(/\/\/[^@/]*@/, "//***@")}`);
    if (!secret) fail("NEXTAUTH_SECRET is required when DATABASE_URL is set (generate one with: openssl rand -base64 32)");
    if (secret.length < 32) fail("NEXTAUTH_SECRET must have at least 32 characters (generate one with: openssl rand -base64 32)");
  }

  const adminFromEnv =
    process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD
      ? { email: process.env.ADMIN_EMAIL.trim().toLowerCase(), password: process.env.ADMIN_PASSWORD }
      : null;
  if (adminFromEnv && adminFromEnv.password.length < 12) fail("ADMIN_PASSWORD must have at least 12 characters");

  let prepared;
  try {
    prepared = await prepareDatabase(databaseUrl, { admin: adminFromEnv });
  } catch (err) {
    await embedded?.stop();
    if (err instanceof ContentError) fail(`content error in ${err.message}`);
    throw err;
  }
  console.log(`content: ${prepared.synced.items} items in ${prepared.synced.tracks} track(s)`);

  if (!adminFromEnv && embedded && prepared.adminCount === 0) {
    const { value: password, created } = persistentSecret(dataDir, "admin-password", () => randomBytes(18).toString("base64url"));
    const { createPrismaClient } = await import("@/lib/server/prisma");
    const { ensureAdmin } = await import("@/lib/server/accounts");
    const db = createPrismaClient(databaseUrl, 1);
    await ensureAdmin(db, { email: "admin@watchfloor.local", password });
    await db.$disconnect();
    if (created) {
      console.log(`\n  First admin created (shown once; also in ${path.join(dataDir, "admin-password")}, readable by you only):`);
      console.log(`    email:    admin@watchfloor.local\n    password: ${password}\n`);
    }
  }

  if (!dev && !fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.log("build: no build found, running `next build` (about a minute)…");
    const built = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (built.status !== 0) {
      await embedded?.stop();
      fail("next build failed");
    }
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: secret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    // PGlite runs one query at a time, and its socket server can interleave the
    // extended-protocol messages of concurrent connections outside a
    // transaction (seen as 'portal "" does not exist'): one connection only.
    DB_POOL_MAX: embedded ? "1" : (process.env.DB_POOL_MAX ?? "10"),
    NEXT_TELEMETRY_DISABLED: "1",
    // Lab queries run on libuv's thread pool (4 threads by default, shared
    // with file I/O and crypto): room for several learners' queries at once.
    UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? "16",
  };
  // scripts/server.ts: Next behind the step that decides the client's address (TRUSTED_PROXIES)
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const server = [tsx, path.join(process.cwd(), "scripts", "server.ts"), ...(dev ? ["--dev"] : [])];
  const child = spawn(process.execPath, server, { stdio: "inherit", env: { ...env, PORT: String(port), NODE_ENV: dev ? "development" : "production" } });
  console.log(`ready in ${Math.round(performance.now() - t0)} ms (before Next itself): http://localhost:${port}`);

  const shutdown = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  child.on("exit", async (code, signal) => {
    await embedded?.stop();
    process.exit(code ?? (signal ? 0 : 1));
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
