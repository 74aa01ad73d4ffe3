import pg from "pg";
import { E2E_DATABASE_URL } from "./env";

/** One query on the e2e server's database (or another, by its URL), for tests that look inside or set a role. */
export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[] = [], url = E2E_DATABASE_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
