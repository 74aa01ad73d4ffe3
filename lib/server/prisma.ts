// Shared by the app (lib/server/db.ts) and scripts/tests: no "server-only".
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Prisma 6.19's transaction manager gives a transaction's connection back to the pool only after
 * its COMMIT or ROLLBACK succeeded. When the database goes away in the middle of a transaction that
 * query fails, the connection stays checked out for good, and once the pool has lost all of them
 * every query waits forever: the app would never recover from a database restart. This gives the
 * connection back when the closing query fails (tests/e2e/durability.spec.ts crashes PostgreSQL
 * under load to show it).
 */
export class ReleasingPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await start(isolationLevel);
      const run = tx.executeRaw.bind(tx);
      tx.executeRaw = async (query) => {
        try {
          return await run(query);
        } catch (err) {
          if (query.sql === "COMMIT" || query.sql === "ROLLBACK") await tx.rollback();
          throw err;
        }
      };
      return tx;
    };
    return adapter;
  }
}

/** A wait for a free connection longer than this fails (a 503 for the caller) instead of hanging. */
const CONNECT_TIMEOUT_MS = 10_000;

export function createPrismaClient(connectionString: string, poolMax = 10): PrismaClient {
  return new PrismaClient({
    adapter: new ReleasingPrismaPg({ connectionString, max: poolMax, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true }),
  });
}
