import { defineConfig } from "prisma/config";
import { patchCatalogTypes } from "./prisma/catalog-type-fix";
import { PrismaPgForMigrations, pgConfigFromUrl } from "./prisma/pg-migration-adapter";

// Migrations run on Prisma's wasm schema engine through a driver adapter, so
// no native engine is ever downloaded. The workarounds they need live in
// prisma/ (catalog types, shadow database) and are used by the CLI only.
patchCatalogTypes();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
    return new PrismaPgForMigrations(pgConfigFromUrl(connectionString));
  },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
