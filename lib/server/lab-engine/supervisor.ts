// The app's side of the engine processes. With LAB_ENGINE_URLS unset it starts LAB_ENGINE_PROCESSES
// of them (default 2) on loopback, each under a data-size limit it cannot exceed (prlimit
// --data=LAB_ENGINE_MEMORY_MB), restarts any that exits or stops answering, and routes each
// learner's dataset to one process by a hash of its key. With LAB_ENGINE_URLS set (a deployment
// running the engine as its own service) it starts nothing and routes over those URLs; with
// LAB_ENGINE_SRV it finds them by a DNS SRV record and follows the engines as they are scaled.
// No "server-only" marker: tests and benches start pools of their own.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import dns from "node:dns/promises";
import path from "node:path";
import readline from "node:readline";
import { logEvent } from "../log";
import type { EngineHealth } from "./protocol";

/**
 * "slow" is the slow lane: one more process, run at the lowest CPU priority, that serves the
 * learners whose recent queries were heavy, so that they cannot slow everyone else down.
 */
export type Lane = "normal" | "slow";
export type Endpoint = { index: number; lane: Lane; url: string | null; pid: number | null; restarts: number; up: boolean };

export interface EngineSet {
  readonly token: string;
  /** The endpoint that serves `key` in `lane`: its own process, or another one while that one restarts. */
  endpointFor(key: string, lane?: Lane): Promise<Endpoint>;
  endpoints(): Endpoint[];
  /** Each endpoint's own health, or null where it did not answer. */
  health(): Promise<(EngineHealth | null)[]>;
  /** Looks the engines up again, where they are found by DNS. */
  refresh?(): Promise<void>;
  stop(): Promise<void>;
}

/** The app's own lines about its engines. */
export const engineLog = (level: "info" | "warn" | "error", event: string, fields: Record<string, unknown> = {}) =>
  logEvent(level, "lab-engine-supervisor", event, fields);

/** FNV-1a, 32 bits */
function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A stable spread of keys over processes. */
export function hashIndex(key: string, n: number): number {
  return fnv1a(key) % n;
}

const envInt = (name: string, fallback: number, env = process.env) => {
  const n = Number(env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

async function fetchHealth(url: string, token: string, timeoutMs: number): Promise<EngineHealth | null> {
  try {
    const res = await fetch(`${url}/v1/health`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? ((await res.json()) as EngineHealth) : null;
  } catch {
    return null;
  }
}

const waitFor = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

type Proc = Endpoint & { child: ChildProcess | null; ready: Promise<void>; markReady: () => void; failedChecks: number; upSince: number };

export type LocalPoolOptions = {
  processes?: number;
  /** one more process at the lowest CPU priority for heavy learners (default on) */
  slowLane?: boolean;
  memoryMb?: number;
  dataDir?: string;
  /** extra environment for the engine processes (tests) */
  env?: Record<string, string>;
};

const found = new Map<string, string | null>();
/** The path of a command (util-linux prlimit, coreutils nice), or null where it is missing. */
function which(command: string): string | null {
  if (!found.has(command)) {
    const r = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
    found.set(command, r.status === 0 ? r.stdout.trim() || null : null);
  }
  return found.get(command)!;
}

const ENTRY = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "server", "lab-engine", "main.ts");
const HEALTH_EVERY_MS = 5000;
const HEALTH_TIMEOUT_MS = 3000;
// A process that answers no health check for this many rounds in a row is killed and restarted.
const MAX_FAILED_CHECKS = 3;
const READY_TIMEOUT_MS = 60_000;

/** Engine processes started, watched and restarted by this process. */
export class LocalEnginePool implements EngineSet {
  readonly token = randomBytes(24).toString("base64url");
  readonly memoryMb: number;
  private readonly procs: Proc[];
  private readonly dataDir: string;
  private readonly extraEnv: Record<string, string>;
  private stopped = false;
  private readonly normal: number;
  private readonly watchdog: NodeJS.Timeout;

  constructor(opts: LocalPoolOptions = {}) {
    const n = opts.processes ?? envInt("LAB_ENGINE_PROCESSES", 2);
    const slowLane = opts.slowLane ?? process.env.LAB_ENGINE_SLOW_LANE !== "0";
    this.memoryMb = opts.memoryMb ?? envInt("LAB_ENGINE_MEMORY_MB", 4096);
    this.dataDir = path.resolve(
      /* turbopackIgnore: true */ opts.dataDir ?? process.env.LAB_DATA_DIR ?? path.join(process.env.DATA_DIR ?? ".data", "lab-datasets"),
    );
    this.extraEnv = opts.env ?? {};
    this.procs = Array.from({ length: n + (slowLane ? 1 : 0) }, (_, index) => this.blank(index, index < n ? "normal" : "slow", 0));
    this.normal = n;
    for (const p of this.procs) this.launch(p);
    this.watchdog = setInterval(() => void this.check(), HEALTH_EVERY_MS);
    this.watchdog.unref();
  }

  private blank(index: number, lane: Lane, restarts: number): Proc {
    let markReady = () => {};
    const ready = new Promise<void>((r) => (markReady = r));
    return { index, lane, url: null, pid: null, restarts, up: false, child: null, ready, markReady, failedChecks: 0, upSince: 0 };
  }

  private launch(p: Proc): void {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      NODE_ENV: process.env.NODE_ENV ?? "production",
      LAB_ENGINE_TOKEN: this.token,
      LAB_ENGINE_SUPERVISED: "1",
      LAB_DATA_DIR: this.dataDir,
      // queries run on libuv's pool: room for many learners' queries at once
      UV_THREADPOOL_SIZE: process.env.LAB_ENGINE_THREADS ?? "16",
      // DuckDB threads per query: a normal lane's query may use both cores, a slow lane's only one
      LAB_QUERY_THREADS: p.lane === "slow" ? "1" : (process.env.LAB_QUERY_THREADS ?? "2"),
      ...(process.env.LAB_MAX_DATASETS ? { LAB_MAX_DATASETS: process.env.LAB_MAX_DATASETS } : {}),
      ...(process.env.LAB_IDLE_MS ? { LAB_IDLE_MS: process.env.LAB_IDLE_MS } : {}),
      ...this.extraEnv,
    };
    let command = [process.execPath, "--import", "tsx", ENTRY];
    const cap = which("prlimit");
    if (cap) command = [cap, `--data=${this.memoryMb * 2 ** 20}`, "--", ...command];
    else engineLog("warn", "no_memory_cap", { reason: "prlimit not found; engine processes run without a data-size limit" });
    const nice = which("nice");
    if (p.lane === "slow" && nice) command = [nice, "-n", "19", ...command];
    const [cmd, ...args] = command;
    const child = spawn(cmd, args, { cwd: process.cwd(), env, stdio: ["pipe", "pipe", "pipe"] });
    p.child = child;
    p.pid = child.pid ?? null;
    const readyTimer = setTimeout(() => {
      if (!p.up) {
        engineLog("error", "engine_not_ready", { index: p.index, pid: p.pid, afterMs: READY_TIMEOUT_MS });
        child.kill("SIGKILL");
      }
    }, READY_TIMEOUT_MS);
    readyTimer.unref();
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      let parsed: Record<string, unknown> | null = null;
      try {
        const value = JSON.parse(line) as unknown;
        if (value && typeof value === "object" && !Array.isArray(value)) parsed = value as Record<string, unknown>;
      } catch {
        // not one of the engine's own lines
      }
      if (parsed?.event === "ready" && typeof parsed.port === "number" && !p.up) {
        p.url = `http://127.0.0.1:${parsed.port}`;
        p.up = true;
        p.upSince = Date.now();
        p.markReady();
        clearTimeout(readyTimer);
      }
      // Every line goes out as one JSON object: whatever a process printed is a string value in it.
      if (parsed) console.log(JSON.stringify({ ...parsed, engine: p.index }));
      else
        console.log(JSON.stringify({ ts: new Date().toISOString(), level: "info", source: "lab-engine", engine: p.index, pid: p.pid, stream: "stdout", line }));
    });
    readline.createInterface({ input: child.stderr! }).on("line", (line) => {
      console.error(JSON.stringify({ ts: new Date().toISOString(), level: "warn", source: "lab-engine", engine: p.index, pid: p.pid, stream: "stderr", line }));
    });
    child.stdin!.on("error", () => undefined);
    child.on("exit", (code, signal) => {
      clearTimeout(readyTimer);
      if (this.procs[p.index] !== p) return;
      const uptimeMs = p.up ? Date.now() - p.upSince : 0;
      const next = this.blank(p.index, p.lane, p.restarts + 1);
      this.procs[p.index] = next;
      if (this.stopped) return;
      // quick restarts for a process that had been up a while, slower ones for one that keeps dying
      const delay = uptimeMs > 30_000 ? 100 : Math.min(5000, 250 * 2 ** Math.min(p.restarts, 5));
      engineLog("error", "engine_exit", { index: p.index, pid: p.pid, code, signal, uptimeMs, restartInMs: delay });
      setTimeout(() => !this.stopped && this.launch(next), delay).unref();
    });
  }

  private async check(): Promise<void> {
    for (const p of this.procs) {
      if (!p.up || !p.url) continue;
      const h = await fetchHealth(p.url, this.token, HEALTH_TIMEOUT_MS);
      p.failedChecks = h ? 0 : p.failedChecks + 1;
      if (p.failedChecks >= MAX_FAILED_CHECKS && this.procs[p.index] === p) {
        engineLog("error", "engine_unresponsive", { index: p.index, pid: p.pid, failedChecks: p.failedChecks });
        p.child?.kill("SIGKILL");
      }
    }
  }

  endpoints(): Endpoint[] {
    return this.procs.map(({ index, lane, url, pid, restarts, up }) => ({ index, lane, url, pid, restarts, up }));
  }

  async endpointFor(key: string, lane: Lane = "normal"): Promise<Endpoint> {
    const slow = this.procs[this.normal];
    if (lane === "slow" && slow?.up) return slow;
    const own = this.procs[hashIndex(key, this.normal)];
    if (own.up) return own;
    // its own process is (re)starting: another one can open the same files
    const other = this.procs.find((p) => p.up);
    if (other) return other;
    await Promise.race([Promise.any(this.procs.map((p) => p.ready)), waitFor(READY_TIMEOUT_MS)]);
    const first = this.procs.find((p) => p.up);
    if (!first) throw new Error("no lab engine process is up");
    return first;
  }

  async health(): Promise<(EngineHealth | null)[]> {
    return await Promise.all(this.procs.map((p) => (p.up && p.url ? fetchHealth(p.url, this.token, 2000) : Promise.resolve(null))));
  }

  /** For fault-injection tests: signal one process as an outside event would. */
  kill(index: number, signal: NodeJS.Signals = "SIGKILL"): number | null {
    const p = this.procs[index];
    p.child?.kill(signal);
    return p.pid;
  }

  /** Resolves once every process is up (tests, benches). */
  async ready(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.ready));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (!p.child || p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            p.child.once("exit", () => resolve());
            p.child.kill("SIGTERM");
            setTimeout(() => p.child?.kill("SIGKILL"), 5000).unref();
          }),
      ),
    );
  }
}

/**
 * Rendezvous (highest random weight) hashing: a key goes to the endpoint that scores highest for
 * it. When an endpoint comes or goes, only the keys it wins or held move (about 1/n of them); the
 * rest stay where their datasets already are.
 */
export function rendezvous<T extends { url: string | null }>(key: string, list: readonly T[]): T {
  let best = list[0];
  let bestScore = -1;
  for (const e of list) {
    const score = mix(fnv1a(`${key}\u0000${e.url}`));
    if (score > bestScore || (score === bestScore && (e.url ?? "") < (best.url ?? ""))) [best, bestScore] = [e, score];
  }
  return best;
}

/** murmur3's finaliser: spreads FNV's low-entropy differences over all 32 bits */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Where the engines are: their base URLs, looked up again every few seconds. */
export type Discover = () => Promise<string[]>;

/**
 * The engines of a StatefulSet behind a headless Service, from its DNS SRV record
 * (`_<port name>._tcp.<service>.<namespace>.svc.cluster.local`): one target per ready pod, by its
 * stable name, so a restarted pod keeps its datasets' keys. Scaling the StatefulSet (by hand or its
 * HorizontalPodAutoscaler) changes the record, and the app follows within LAB_ENGINE_REFRESH_MS.
 */
export function srvDiscovery(name: string, resolver: Pick<typeof dns, "resolveSrv"> = dns): Discover {
  return async () => {
    const records = await resolver.resolveSrv(name);
    return records.map((r) => `http://${r.name.replace(/\.$/, "")}:${r.port}`);
  };
}

/**
 * Engines run as their own service: a fixed list of URLs, or one found by DNS and refreshed, and a
 * shared token. A failed lookup keeps the last list; an empty one is an error to the caller.
 */
export class RemoteEngineSet implements EngineSet {
  private list: Endpoint[] = [];
  private checkedAt = 0;
  private lookup: Promise<void> | null = null;
  private readonly discover: Discover;
  constructor(
    urls: string[] | Discover,
    readonly token: string,
    private readonly refreshMs = 10_000,
  ) {
    if (Array.isArray(urls)) {
      this.set(urls);
      this.discover = async () => urls;
      this.refreshMs = Infinity;
    } else this.discover = urls;
  }
  private set(urls: string[]): void {
    const sorted = [...new Set(urls.map((u) => u.replace(/\/+$/, "")))].sort();
    const before = this.list.map((e) => e.url).join(",");
    if (sorted.join(",") === before) return;
    this.list = sorted.map((url, index) => ({ index, lane: "normal" as const, url, pid: null, restarts: 0, up: true }));
    if (before) engineLog("info", "engines_changed", { from: before.split(","), to: sorted });
  }
  /** looks the engines up again (once at a time); used on demand and when the list is stale */
  async refresh(): Promise<void> {
    this.lookup ??= this.discover()
      .then((urls) => {
        if (urls.length) this.set(urls);
        else engineLog("warn", "engines_not_found", { keeping: this.list.length });
      })
      .catch((err: Error) => engineLog("warn", "engine_lookup_failed", { message: err.message, keeping: this.list.length }))
      .finally(() => {
        this.checkedAt = Date.now();
        this.lookup = null;
      });
    await this.lookup;
  }
  async endpointFor(key: string): Promise<Endpoint> {
    if (!this.list.length || Date.now() - this.checkedAt > this.refreshMs) await this.refresh();
    if (!this.list.length) throw new Error("no lab engine was found (LAB_ENGINE_SRV)");
    return rendezvous(key, this.list);
  }
  endpoints(): Endpoint[] {
    return this.list.map((e) => ({ ...e }));
  }
  async health(): Promise<(EngineHealth | null)[]> {
    if (Date.now() - this.checkedAt > this.refreshMs) await this.refresh();
    return await Promise.all(this.list.map((e) => fetchHealth(e.url!, this.token, 2000)));
  }
  async stop(): Promise<void> {}
}

const shared = globalThis as unknown as { watchfloorEngines?: EngineSet };

/** This process's engines: started on first use and kept for the life of the process. */
export function engines(): EngineSet {
  if (shared.watchfloorEngines) return shared.watchfloorEngines;
  const urls = (process.env.LAB_ENGINE_URLS ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  const srv = process.env.LAB_ENGINE_SRV?.trim();
  if (urls.length || srv) {
    const token = process.env.LAB_ENGINE_TOKEN;
    if (!token) throw new Error(`${srv ? "LAB_ENGINE_SRV" : "LAB_ENGINE_URLS"} is set: LAB_ENGINE_TOKEN is required too`);
    const refreshMs = Number(process.env.LAB_ENGINE_REFRESH_MS ?? 10_000);
    shared.watchfloorEngines = new RemoteEngineSet(srv ? srvDiscovery(srv) : urls, token, refreshMs);
  } else {
    const pool = new LocalEnginePool();
    shared.watchfloorEngines = pool;
    const stop = () => void pool.stop();
    process.once("exit", () => {
      for (const e of pool.endpoints())
        if (e.pid)
          try {
            process.kill(e.pid, "SIGTERM");
          } catch {
            /* already gone */
          }
    });
    process.once("SIGTERM", stop);
  }
  return shared.watchfloorEngines;
}

/** Replaces this process's engines (tests); the old set is stopped. */
export async function useEngines(set: EngineSet | undefined): Promise<void> {
  const old = shared.watchfloorEngines;
  shared.watchfloorEngines = set;
  if (old && old !== set) await old.stop();
}
