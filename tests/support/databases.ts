import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";

/** poolMax: connections the app may open (PGlite serves one at a time, see scripts/start.ts). */
export type TestDatabase = { label: string; url: string; poolMax: number; dispose: () => Promise<void> };

/** Refuses anything but a database on this machine: tests drop and create databases. */
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) throw new Error(`refusing to run tests against non-local database host ${host}`);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, empty database on the PostgreSQL server named by DATABASE_URL. */
export async function createServerDatabase(adminUrl: string, prefix = "wf_test"): Promise<TestDatabase> {
  assertLocalDatabase(adminUrl);
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    label: "PostgreSQL server",
    url: withDatabase(adminUrl, name),
    poolMax: 8,
    dispose: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A new, empty in-memory embedded database (PGlite over the wire protocol). */
export async function createEmbeddedDatabase(): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres(null);
  return { label: "embedded PGlite", url: embedded.url, poolMax: 1, dispose: embedded.stop };
}

/**
 * Both backends the app supports. The server database comes from
 * DATABASE_URL (CI sets it); without it only the embedded one runs, and a
 * test says so rather than passing silently.
 */
export const backends: { label: string; create: () => Promise<TestDatabase> }[] = [
  ...(process.env.DATABASE_URL ? [{ label: "PostgreSQL server", create: () => createServerDatabase(process.env.DATABASE_URL!) }] : []),
  { label: "embedded PGlite", create: createEmbeddedDatabase },
];
