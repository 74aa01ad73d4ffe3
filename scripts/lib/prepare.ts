import { loadCatalog } from "@/lib/content/catalog";
import { syncCatalog } from "@/lib/server/content-sync";
import { createPrismaClient } from "@/lib/server/prisma";
import { ensureAdmin } from "@/lib/server/accounts";
import { migrateDeploy } from "./migrate";

export type PrepareOptions = { admin?: { email: string; password: string } | null; quiet?: boolean };

/** Migrations, then the content files, then the configured admin. */
export async function prepareDatabase(databaseUrl: string, opts: PrepareOptions = {}) {
  const catalog = loadCatalog();
  await migrateDeploy(databaseUrl, { quiet: opts.quiet });
  const db = createPrismaClient(databaseUrl, 2);
  try {
    const synced = await syncCatalog(db, catalog);
    const admin = opts.admin ? await ensureAdmin(db, opts.admin) : null;
    const adminCount = await db.user.count({ where: { role: "admin", active: true } });
    return { synced, admin, adminCount };
  } finally {
    await db.$disconnect();
  }
}
