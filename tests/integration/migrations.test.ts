import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDeploy } from "@/scripts/lib/migrate";
import { backends, type TestDatabase } from "../support/databases";

const migrationDirs = fs.readdirSync(path.join(process.cwd(), "prisma", "migrations")).filter((d) => /^\d{14}_/.test(d));

it("runs against the PostgreSQL server whenever DATABASE_URL is set (CI always sets it)", () => {
  if (process.env.CI) expect(process.env.DATABASE_URL, "CI must provide DATABASE_URL").toBeTruthy();
  expect(backends.length).toBeGreaterThanOrEqual(1);
});

describe.each(backends)("migrations on $label", ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => database?.dispose());

  it("apply every migration to an empty database, then find nothing pending", async () => {
    await migrateDeploy(database.url, { quiet: true });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`);
      expect(applied.rows.map((r) => r.migration_name)).toEqual(migrationDirs.sort());
      const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(["User", "Track", "Item", "TrackItem", "ItemProgress", "Attempt", "ActivityEvent", "AuditLog"]),
      );
      await migrateDeploy(database.url, { quiet: true });
      const again = await client.query(`SELECT count(*)::int AS n FROM _prisma_migrations`);
      expect(again.rows[0].n).toBe(migrationDirs.length);
    } finally {
      await client.end();
    }
  });
});
