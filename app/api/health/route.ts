import { db } from "@/lib/server/db";

export const dynamic = "force-dynamic";

const DB_TIMEOUT_MS = 2000;

/** Liveness and database reachability, for load balancers and the e2e web server. */
export async function GET() {
  const started = performance.now();
  let database: { status: "ok" | "down"; latencyMs?: number; error?: string };
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS)),
    ]);
    database = { status: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    console.error("health: database check failed", err);
    database = { status: "down", error: "database unreachable" };
  }
  const ok = database.status === "ok";
  return Response.json(
    { status: ok ? "ok" : "degraded", app: { name: "watchfloor", uptimeSeconds: Math.round(process.uptime()) }, database },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
