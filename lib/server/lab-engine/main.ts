// An engine process: `node --import tsx lib/server/lab-engine/main.ts`. The app's supervisor
// starts a few of these (supervisor.ts); a deployment may run them as their own service instead.
//   LAB_ENGINE_TOKEN   required: the bearer token every request must carry
//   LAB_ENGINE_HOST    listen address (default 127.0.0.1)
//   LAB_ENGINE_PORT    listen port (default 0: any free port, announced in the "ready" line)
//   LAB_DATA_DIR       where dataset files live (default $DATA_DIR/lab-datasets, DATA_DIR=.data);
//                      uploaded datasets under its uploads/ folder
//   LAB_ENGINE_SUPERVISED=1  exit when stdin closes, i.e. when the supervising app is gone
import path from "node:path";
import type { AddressInfo } from "node:net";
import { evictAll } from "./cache";
import { createEngineServer, logLine } from "./service";
import { DatasetStore } from "./store";

const token = process.env.LAB_ENGINE_TOKEN;
if (!token || token.length < 16) {
  logLine("error", "config", { error: "LAB_ENGINE_TOKEN (at least 16 characters) is required" });
  process.exit(2);
}

const root = path.resolve(process.env.LAB_DATA_DIR ?? path.join(process.env.DATA_DIR ?? ".data", "lab-datasets"));
const server = createEngineServer({ store: new DatasetStore(root), token });
server.keepAliveTimeout = 60_000;

let stopping = false;
async function stop(reason: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logLine("info", "stopping", { reason });
  server.close();
  await Promise.race([evictAll(), new Promise((r) => setTimeout(r, 3000))]);
  process.exit(code);
}

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
process.on("uncaughtException", (err) => {
  logLine("error", "uncaught_exception", { error: err.message });
  process.exit(1);
});
process.on("unhandledRejection", (err) => {
  logLine("error", "unhandled_rejection", { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});

if (process.env.LAB_ENGINE_SUPERVISED === "1") {
  process.stdin.on("end", () => void stop("supervisor gone"));
  process.stdin.on("error", () => void stop("supervisor gone"));
  process.stdin.resume();
}

server.listen(Number(process.env.LAB_ENGINE_PORT ?? 0), process.env.LAB_ENGINE_HOST ?? "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  logLine("info", "ready", { port, dataDir: root });
});
