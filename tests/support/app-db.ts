import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Points the app's lazily created Prisma singleton (lib/server/db.ts) at a
 * test database, closing any client bound to a previous one.
 */
export async function bindAppDatabase(url: string): Promise<void> {
  const g = globalThis as unknown as { watchfloorPrisma?: PrismaClient };
  await g.watchfloorPrisma?.$disconnect();
  delete g.watchfloorPrisma;
  process.env.DATABASE_URL = url;
  process.env.DB_POOL_MAX = "8";
}

export async function unbindAppDatabase(): Promise<void> {
  const g = globalThis as unknown as { watchfloorPrisma?: PrismaClient };
  await g.watchfloorPrisma?.$disconnect();
  delete g.watchfloorPrisma;
}
