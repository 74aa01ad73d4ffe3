import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "adapter-pg7";

type PgConfig = { host: string; port: number; user: string; password: string; database: string; ssl?: { rejectUnauthorized: boolean } };

/** Parses a postgres:// URL into discrete fields (see PrismaPgForMigrations). */
export function pgConfigFromUrl(connectionString: string): PgConfig {
  const url = new URL(connectionString);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    ssl: url.searchParams.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
  };
}

async function adminQuery(config: PgConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The 7.x pg adapter factory, for the migration CLI only. Its own
 * connectToShadowDb drops the shadow database while its pool still holds a
 * connection ("is being accessed by other users"), so `migrate dev` fails;
 * this one closes the pool first and drops with FORCE.
 */
export class PrismaPgForMigrations extends PrismaPg {
  constructor(private readonly pgConfig: PgConfig) {
    super(pgConfig);
  }

  override async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await adminQuery(this.pgConfig, `CREATE DATABASE "${database}"`);
    const adapter = await new PrismaPg({ ...this.pgConfig, database }).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await adminQuery(this.pgConfig, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    };
    return adapter;
  }
}
