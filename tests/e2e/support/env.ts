/**
 * Where the e2e server runs and which database it uses. Shared by the
 * Playwright config, the server launcher and tests that look into the
 * database, so all three agree.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
const PGLITE_PORT = Number(process.env.E2E_PGLITE_PORT ?? 54329);

function serverDatabaseUrl(): string | null {
  if (!process.env.DATABASE_URL) return null;
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${u.pathname.slice(1) || "postgres"}_e2e`;
  return u.toString();
}

/** A dedicated database on the server named by DATABASE_URL, or the embedded one. */
export const E2E_DATABASE_URL = serverDatabaseUrl() ?? `postgresql://postgres:postgres@127.0.0.1:${PGLITE_PORT}/postgres?sslmode=disable`;
export const E2E_USES_EMBEDDED = !process.env.DATABASE_URL;
export const E2E_PGLITE_PORT = PGLITE_PORT;

export const E2E_ADMIN = { email: "admin@e2e.watchfloor.test", password: "e2e admin password 42" };
