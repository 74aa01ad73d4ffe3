import { defineConfig } from "prisma/config";
// The 7.x pg adapter is used for migrations only: it maps Postgres' internal
// `name` type that the wasm schema engine reads from the catalogs.
import { PrismaPg } from "adapter-pg7";
import { patchCatalogTypes } from "./prisma/catalog-type-fix";

patchCatalogTypes();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
    // allowExitOnIdle: an idle pool would otherwise hold the CLI open for 10 s.
    return new PrismaPg({ connectionString, idleTimeoutMillis: 50 });
  },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
