import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Points the app's lazily created Prisma singleton (lib/server/db.ts) at a
 * test database, closing any client bound to a previous one.
 */
export async function bindAppDatabase(url: string, poolMax: number): Promise<void> {
  const g = globalThis as unknown as { watchfloorPrisma?: PrismaClient };
  await g.watchfloorPrisma?.$disconnect();
  delete g.watchfloorPrisma;
  process.env.DATABASE_URL = url;
  process.env.DB_POOL_MAX = String(poolMax);
}

export async function unbindAppDatabase(): Promise<void> {
  const g = globalThis as unknown as { watchfloorPrisma?: PrismaClient };
  await g.watchfloorPrisma?.$disconnect();
  delete g.watchfloorPrisma;
}
