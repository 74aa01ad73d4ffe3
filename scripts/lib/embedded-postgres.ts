import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

/**
 * Real Postgres compiled to wasm (PGlite), served over the Postgres wire
 * protocol on a free loopback port, so the app, Prisma and migrations use
 * exactly the same code path as with a PostgreSQL server. The server
 * multiplexes connections and keeps a transaction on its own connection.
 */
export async function startEmbeddedPostgres(dataDir: string | null, { port: wantedPort = 0, maxConnections = 32 } = {}): Promise<EmbeddedPostgres> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create(dataDir ?? "memory://");
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: wantedPort, maxConnections });
  let port = 0;
  server.addEventListener("listening", (e) => {
    port = (e as CustomEvent<{ port: number }>).detail.port;
  });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await pglite.close();
    },
  };
}
