/**
 * Another instance of the app beside the one Playwright starts: `npm start`'s own server
 * (scripts/server.ts) on the same database (already migrated and synced by the first), with the
 * environment a test needs — e.g. a production setup behind a TLS-terminating proxy.
 */
import path from "node:path";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { E2E_DATABASE_URL, E2E_PORT, E2E_USES_EMBEDDED } from "./env";

export type Instance = { url: string; pid: number; running: () => boolean; output: () => string; stop: () => Promise<void> };

/** The embedded database serves one connection: a second instance needs the PostgreSQL server (as in CI). */
export const SECOND_INSTANCE_POSSIBLE = !E2E_USES_EMBEDDED;

/**
 * `prepare`: start through `npm start`'s launcher (scripts/start.ts), which migrates and syncs the
 * content first: for a database of its own rather than the first instance's.
 */
export async function startInstance(env: Record<string, string>, port = E2E_PORT + 1, { prepare = false } = {}): Promise<Instance> {
  const script = prepare ? "scripts/start.ts" : "scripts/server.ts";
  const child = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), script], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATABASE_URL: E2E_DATABASE_URL,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      // one small engine: this instance is not here to run labs
      LAB_ENGINE_PROCESSES: "1",
      LAB_ENGINE_SLOW_LANE: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + (prepare ? 120_000 : 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second instance exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the second instance did not answer in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}
