import fs from "node:fs";
import path from "node:path";
import { loadCatalog, type Catalog } from "@/lib/content/catalog";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { syncCatalog, type SyncedData } from "@/lib/server/content-sync";
import { importLabData } from "@/lib/server/lab-data";
import { createPrismaClient } from "@/lib/server/prisma";
import { ensureAdmin } from "@/lib/server/accounts";
import { migrateDeploy } from "./migrate";

export type PrepareOptions = { admin?: { email: string; password: string } | null; quiet?: boolean };

/** The log files of labs on uploaded data, parsed and stored (once per content). */
async function importCatalogData(db: PrismaClient, catalog: Catalog): Promise<Map<string, SyncedData>> {
  const out = new Map<string, SyncedData>();
  for (const [key, item] of catalog.items) {
    if (!item.dataPath) continue;
    const file = path.join(catalog.root, item.dataPath);
    const stored = await importLabData(db, fs.createReadStream(file), {
      fileName: path.basename(file),
      format: file.endsWith(".csv") ? "csv" : "jsonl",
    });
    out.set(key, { id: stored.id, sha256: stored.sha256 });
  }
  return out;
}

/** Migrations, then the content files, then the configured admin. */
export async function prepareDatabase(databaseUrl: string, opts: PrepareOptions = {}) {
  const catalog = loadCatalog();
  await migrateDeploy(databaseUrl, { quiet: opts.quiet });
  const db = createPrismaClient(databaseUrl, 2);
  try {
    const synced = await syncCatalog(db, catalog, await importCatalogData(db, catalog));
    const admin = opts.admin ? await ensureAdmin(db, opts.admin) : null;
    const adminCount = await db.user.count({ where: { role: "admin", active: true } });
    return { synced, admin, adminCount };
  } finally {
    await db.$disconnect();
  }
}
