import { db } from "@/lib/server/db";
import { engines } from "@/lib/server/lab-engine/supervisor";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

const DB_TIMEOUT_MS = 2000;

/** Liveness and database reachability, for load balancers and the e2e web server. */
export const GET = route({ access: "anyone" }, async () => {
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
    { status: ok ? "ok" : "degraded", app: { name: "watchfloor", uptimeSeconds: Math.round(process.uptime()) }, database, engine: await engineHealth() },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
});

/** The lab engine processes: up or not, restarts, open datasets, builds under way and memory. */
async function engineHealth() {
  const set = engines();
  const [list, answers] = [set.endpoints(), await set.health()];
  const processes = list.map((e, i) => {
    const h = answers[i];
    return {
      index: e.index,
      lane: e.lane,
      up: Boolean(h),
      pid: h?.pid ?? e.pid,
      restarts: e.restarts,
      datasetsOpen: h?.datasetsOpen ?? 0,
      preparing: h?.preparing ?? 0,
      inFlight: h?.inFlight ?? 0,
      rssMB: h ? Math.round(h.memory.rssBytes / 2 ** 20) : null,
      capMB: h?.memory.capBytes ? Math.round(h.memory.capBytes / 2 ** 20) : null,
    };
  });
  const sum = (f: (p: (typeof processes)[number]) => number) => processes.reduce((s, p) => s + f(p), 0);
  return {
    status: processes.every((p) => p.up) ? "ok" : processes.some((p) => p.up) ? "degraded" : "down",
    processesUp: processes.filter((p) => p.up).length,
    datasetsOpen: sum((p) => p.datasetsOpen),
    preparing: sum((p) => p.preparing),
    rssMB: sum((p) => p.rssMB ?? 0),
    processes,
  };
}
