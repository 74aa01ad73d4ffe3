import { afterAll, beforeAll } from "vitest";
import { prepareDatabase } from "@/scripts/lib/prepare";
import { bindAppDatabase, unbindAppDatabase } from "./app-db";
import type { TestDatabase } from "./databases";

/**
 * In a describe block: a fresh database with migrations and content applied,
 * bound to the app's Prisma singleton for the block's tests.
 */
export function usePreparedDatabase(create: () => Promise<TestDatabase>): { url: () => string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await create();
    await prepareDatabase(database.url, { quiet: true });
    await bindAppDatabase(database.url, database.poolMax);
  });
  afterAll(async () => {
    await unbindAppDatabase();
    await database?.dispose();
  });
  return { url: () => database!.url };
}
