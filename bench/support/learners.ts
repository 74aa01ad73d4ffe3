/**
 * Learners for the HTTP benches: accounts created directly in the app's database with the app's
 * own createAccount (scrypt hash, audit row), then signed in over HTTP with next-auth's
 * credentials flow like a browser. Every request a learner makes is recorded (status, latency).
 * Only a server on this machine is accepted (127.0.0.1 / localhost / ::1).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createAccount } from "@/lib/server/accounts";
import { createPrismaClient } from "@/lib/server/prisma";

export const LAB_SLUG = "unpatched-mesos-control-plane";

/** ok: a 2xx status and, for a page, no error boundary rendered into the streamed HTML. */
export type Sample = { kind: string; label: string; status: number; ok: boolean; ms: number; message?: string; startedAt: number };
export type Reply<T = unknown> = { status: number; ok: boolean; ms: number; body: T | null; message?: string };

// ---------------------------------------------------------------- command line

export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
export const argNumber = (name: string, fallback: number) => {
  const v = argValue(name);
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
export const argFlag = (name: string) => process.argv.includes(`--${name}`);

/** The base URL, refused unless it points at this machine. */
export function baseUrl(): string {
  const raw = argValue("url") ?? "http://127.0.0.1:3000";
  const url = new URL(raw);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    throw new Error(`refusing ${raw}: the benches only target a server on this machine (127.0.0.1)`);
  return url.origin;
}

// ---------------------------------------------------------------- statistics and tables

export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  // nearest rank: p95 of 30 samples is the 29th, never an interpolation between two
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export type Stats = { n: number; p50: number; p95: number; max: number; min: number };
export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, min: s[0] ?? NaN, p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] ?? NaN };
}

export const fmtMs = (ms: number) => (Number.isFinite(ms) ? (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`) : "—");

export function table(headers: string[], rows: (string | number)[][], right: boolean[] = headers.map((_, i) => i > 0)): string {
  const head = `| ${headers.join(" | ")} |`;
  const rule = `|${headers.map((_, i) => (right[i] ? "---:" : "---")).join("|")}|`;
  const cell = (v: string | number) => String(v).replace(/\|/g, "\\|"); // a | inside a cell (SQL's ||) would split it
  return [head, rule, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

/** Non-2xx replies grouped by status and message, most frequent first. */
export function errorGroups(samples: Sample[]): { status: number; message: string; count: number }[] {
  const groups = new Map<string, { status: number; message: string; count: number }>();
  for (const s of samples) {
    if (s.ok) continue;
    const message = (s.message ?? "").replace(/\s+/g, " ").slice(0, 160);
    const key = `${s.status}\n${message}`;
    const g = groups.get(key) ?? { status: s.status, message, count: 0 };
    g.count++;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function printErrors(samples: Sample[]): void {
  const groups = errorGroups(samples);
  if (!groups.length) {
    console.log("errors: none");
    return;
  }
  console.log(`errors: ${groups.reduce((n, g) => n + g.count, 0)} of ${samples.length}`);
  console.log(
    table(
      ["status", "count", "message"],
      groups.map((g) => [g.status === 0 ? "no reply" : g.status, g.count, g.message || "—"]),
      [false, true, false],
    ),
  );
}

// ---------------------------------------------------------------- a learner over HTTP

export class Learner {
  readonly samples: Sample[] = [];
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly email: string,
    readonly password: string,
    readonly userId: string,
  ) {}

  private keepCookies(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // next-auth clears a cookie with an empty value and Max-Age=0
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** the Cookie header of this learner's session, for load generators that send their own requests */
  cookie(): string {
    return this.cookieHeader();
  }

  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.startsWith("next-auth.session-token") || k.startsWith("__Secure-next-auth.session-token"));
  }

  /** One request; never throws: a network error or timeout is status 0 with its message. */
  async send<T = unknown>(
    kind: string,
    method: "GET" | "POST",
    path: string,
    opts: { json?: unknown; form?: Record<string, string>; timeoutMs?: number; label?: string; record?: boolean } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = {
      cookie: this.cookieHeader(),
      accept: opts.form || opts.json !== undefined ? "application/json" : "text/html,application/json",
    };
    let body: string | undefined;
    if (method === "POST") headers.origin = this.base; // the same-origin check compares it with Host
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(opts.form).toString();
    }
    const startedAt = Date.now();
    const t0 = performance.now();
    let status = 0;
    let text = "";
    let message: string | undefined;
    try {
      const res = await fetch(this.base + path, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
      status = res.status;
      this.keepCookies(res);
      text = await res.text();
      if (status >= 300 && status < 400) message = `redirect to ${res.headers.get("location")}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      message =
        e.name === "TimeoutError" ? `no reply within ${opts.timeoutMs ?? 120_000} ms` : `${e.message}${e.cause ? ` (${e.cause.code ?? e.cause.message})` : ""}`;
    }
    const ms = performance.now() - t0;
    let parsed: T | null = null;
    if (text && (text.startsWith("{") || text.startsWith("["))) {
      try {
        parsed = JSON.parse(text) as T;
      } catch {
        /* not JSON */
      }
    }
    if (status !== 0 && (status < 200 || status >= 300) && !message) {
      const m = (parsed as { message?: unknown } | null)?.message;
      message =
        typeof m === "string"
          ? m
          : text
              .replace(/<[^>]*>/g, " ")
              .replace(/\s+/g, " ")
              .trim()
              .slice(0, 160) || `HTTP ${status}`;
    }
    let ok = status >= 200 && status < 300;
    // A page streams behind its loading.tsx: the status is 200 before the page has rendered, and a
    // server error arrives later in the stream as an error row of the RSC payload (E{"digest":…})
    // and React's $RX(boundary, digest), which swaps in app/error.tsx on the client; not a 500.
    // (An empty data-dgst is not one: a client-only component, the editor, skipping server render.)
    const digest = ok && kind === "page" ? (text.match(/\$RX\("[^"]*","([^"]*)"/)?.[1] ?? text.match(/E\{\\"digest\\":\\"([^\\"]*)\\"/)?.[1]) : undefined;
    if (digest !== undefined) {
      ok = false;
      message = `200, but the page rendered its error boundary (digest ${digest}; the server log has the cause)`;
    }
    if (opts.record !== false) this.samples.push({ kind, label: opts.label ?? kind, status, ok, ms, message, startedAt });
    return { status, ok, ms, body: parsed, message };
  }

  /** next-auth 4 credentials flow: csrf token + cookie, then the form post with json=true. */
  async signIn(): Promise<void> {
    const csrf = await this.send<{ csrfToken: string }>("signin", "GET", "/api/auth/csrf", { record: false, timeoutMs: 60_000 });
    if (csrf.status !== 200 || !csrf.body?.csrfToken) throw new Error(`${this.email}: GET /api/auth/csrf answered ${csrf.status} ${csrf.message ?? ""}`);
    const res = await this.send<{ url?: string }>("signin", "POST", "/api/auth/callback/credentials", {
      form: { csrfToken: csrf.body.csrfToken, email: this.email, password: this.password, json: "true", callbackUrl: `${this.base}/dashboard` },
      label: "sign-in",
      timeoutMs: 60_000,
    });
    const url = res.body?.url ?? "";
    if (!this.signedIn || url.includes("error=")) throw new Error(`${this.email}: sign-in failed (${res.status}) ${url || res.message || ""}`);
  }

  /** A page as a browser would fetch it (no redirects followed: a 307 to /signin is a failure). */
  page(path: string, timeoutMs = 300_000) {
    return this.send("page", "GET", path, { timeoutMs, label: `GET ${path}` });
  }

  query(sql: string, opts: { label?: string; timeoutMs?: number } = {}) {
    return this.send<{ rowCount: number; totalCount: number; elapsedMs: number; truncated: boolean }>("query", "POST", `/api/labs/${LAB_SLUG}/query`, {
      json: { sql },
      label: opts.label ?? "query",
      timeoutMs: opts.timeoutMs ?? 300_000,
    });
  }

  explore(
    params: { filters?: Record<string, unknown>; offset?: number; limit?: number; facets?: boolean; histogram?: boolean } = {},
    opts: { label?: string; timeoutMs?: number } = {},
  ) {
    return this.send<{ total: number }>("explore", "POST", `/api/labs/${LAB_SLUG}/explore`, {
      json: params,
      label: opts.label ?? "explore",
      timeoutMs: opts.timeoutMs ?? 300_000,
    });
  }

  answer(taskId: string, answer: string | string[], opts: { label?: string; timeoutMs?: number } = {}) {
    return this.send("answer", "POST", `/api/labs/${LAB_SLUG}/answers`, {
      json: { taskId, answer },
      label: opts.label ?? `answer ${taskId}`,
      timeoutMs: opts.timeoutMs ?? 300_000,
    });
  }
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * N fresh learners: accounts written with the app's createAccount into DATABASE_URL (unique
 * emails per run), then signed in over HTTP, a few at a time (each sign-in costs the server one
 * scrypt hash).
 */
export async function createLearners(base: string, n: number, opts: { tag: string; signInConcurrency?: number }): Promise<Learner[]> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("set DATABASE_URL to the database the app at --url uses (the learners are created there)");
  const host = new URL(databaseUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host))
    throw new Error(`refusing DATABASE_URL on ${host}: the benches only write to a database on this machine`);
  const run = `${opts.tag}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const db = createPrismaClient(databaseUrl, 4);
  const created: { email: string; password: string; userId: string }[] = [];
  try {
    await pool(
      Array.from({ length: n }, (_, i) => i),
      4,
      async (i) => {
        const email = `bench-${run}-${i + 1}@example.net`;
        const password = randomBytes(12).toString("base64url");
        const { userId } = await createAccount(db, { email, password, name: `Bench learner ${i + 1}` });
        created[i] = { email, password, userId };
      },
    );
  } finally {
    await db.$disconnect();
  }
  const learners = created.map((c) => new Learner(base, c.email, c.password, c.userId));
  await pool(learners, opts.signInConcurrency ?? 4, (l) => l.signIn());
  return learners;
}

// ---------------------------------------------------------------- the server

export async function health(base: string): Promise<Record<string, unknown> | null> {
  try {
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) });
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The engine's `preparing` count from /api/health, or undefined when the app does not report it. */
export function preparingOf(h: Record<string, unknown> | null): number | undefined {
  const engine = h?.engine as { preparing?: unknown } | undefined;
  return typeof engine?.preparing === "number" ? engine.preparing : undefined;
}

/** The pid listening on the port (the Next server process), found with `ss`; null if not visible. */
export function serverPid(base: string): number | null {
  const port = new URL(base).port || "80";
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8", timeout: 5000 });
    const m = out.match(/pid=(\d+)/);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Resident memory of a process from /proc: now and its peak (VmHWM) since it started, in MiB. */
export function processMemory(pid: number | null): { rssMiB: number; peakMiB: number; threads: number } | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, "m"))?.[1] ?? NaN);
    return { rssMiB: Math.round(kib("VmRSS") / 1024), peakMiB: Math.round(kib("VmHWM") / 1024), threads: kib("Threads") };
  } catch {
    return null;
  }
}

/** Samples the server's RSS every `everyMs` until stopped; reports the highest value seen. */
export function rssSampler(pid: number | null, everyMs = 500) {
  let max = 0;
  const sample = () => {
    const m = processMemory(pid);
    if (m) max = Math.max(max, m.rssMiB);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    /** highest RSS since the last reset, MiB */
    take(): number {
      sample();
      const v = max;
      max = processMemory(pid)?.rssMiB ?? 0;
      return v;
    },
    stop: () => clearInterval(timer),
  };
}

export async function printServerState(base: string, pid: number | null): Promise<void> {
  const h = await health(base);
  console.log(`\n/api/health:\n${h ? JSON.stringify(h, null, 2) : "(no answer)"}`);
  const m = processMemory(pid);
  console.log(
    m
      ? `server process ${pid}: RSS ${m.rssMiB} MiB now, peak RSS (VmHWM) ${m.peakMiB} MiB since it started, ${m.threads} threads`
      : "server process: not visible from here (ss/proc), RSS not measured",
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a bench's main with a watchdog: it stops by itself, exit 2 past `minutes`, 1 on an error. */
export function runBench(name: string, minutes: number, main: () => Promise<void>): void {
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${minutes} minutes, giving up`);
    process.exit(2);
  }, minutes * 60_000);
  watchdog.unref();
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
