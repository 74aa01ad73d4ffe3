import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPrismaClient } from "./prisma";

// One client per process. It lives on globalThis because Next's dev server
// re-evaluates modules, and it is created on first use so that `next build`
// can import pages without a database.
const globalForPrisma = globalThis as unknown as { watchfloorPrisma?: PrismaClient };

function client(): PrismaClient {
  if (!globalForPrisma.watchfloorPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one");
    globalForPrisma.watchfloorPrisma = createPrismaClient(url, Number(process.env.DB_POOL_MAX ?? 10));
  }
  return globalForPrisma.watchfloorPrisma;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
