// The app's client of the engine protocol. Every failure comes back as a QueryRejected with a
// sentence a learner can act on: a refusal as the engine worded it, a process that died under the
// request as "run it again" (the supervisor restarts it), a request past its deadline as a timeout.
// No "server-only" marker: tests and benches use it.
import { TIMEOUT_MESSAGE } from "./guard";
import type { Call, CallRequest, CallResult, DatasetSpec, EngineError } from "./protocol";
import { engineLog, engines, type EngineSet, type Lane } from "./supervisor";
import { QUERY_LIMITS, QueryRejected, type ExploreResult, type QueryResult } from "./types";

/** On top of the engine's own limit: the round trip, and the answer's serialisation. */
const DEADLINE_GRACE_MS = 1500;
// Building a learner's dataset from scratch takes a few seconds, more while a class arrives at once.
const PREPARE_TIMEOUT_MS = 180_000;
const EXPLORE_TIMEOUT_MS = 20_000;

export const ENGINE_GONE = "The lab engine stopped while running this (it is being restarted). Run it again.";
export const ENGINE_DOWN = "The lab engine is not available right now. Try again in a few seconds.";

export const specKey = (spec: DatasetSpec) => `${spec.slug}:${spec.seed}:${spec.targetEvents}`;

function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return cause?.code ?? (err instanceof Error ? err.name : "");
}

export async function callEngine<C extends Call>(
  call: C,
  body: CallRequest<C>,
  opts: { timeoutMs: number; set?: EngineSet; lane?: Lane },
): Promise<CallResult[C]> {
  const set = opts.set ?? engines();
  const key = specKey(body.spec);
  // A refused connection means nothing ran: it is safe to ask again once the process is back.
  for (let attempt = 0; ; attempt++) {
    let endpoint;
    try {
      endpoint = await set.endpointFor(key, opts.lane);
    } catch {
      throw new QueryRejected("engine", ENGINE_DOWN);
    }
    let res: Response;
    try {
      res = await fetch(`${endpoint.url}/v1/${call}`, {
        method: "POST",
        headers: { authorization: `Bearer ${set.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      const code = networkCode(err);
      if (code === "TimeoutError") {
        engineLog("warn", "engine_deadline", { call, index: endpoint.index, timeoutMs: opts.timeoutMs });
        throw new QueryRejected("timeout", TIMEOUT_MESSAGE(Math.max(1000, opts.timeoutMs - DEADLINE_GRACE_MS)));
      }
      if (code === "ECONNREFUSED" && attempt < 3) {
        await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
        continue;
      }
      engineLog("error", "engine_request_lost", { call, index: endpoint.index, code });
      throw new QueryRejected("engine", code === "ECONNREFUSED" ? ENGINE_DOWN : ENGINE_GONE);
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch {
      engineLog("error", "engine_bad_answer", { call, index: endpoint.index, status: res.status });
      throw new QueryRejected("engine", ENGINE_GONE);
    }
    if (res.ok) return payload as CallResult[C];
    const error = (payload as { error?: EngineError }).error;
    if (!error || error.kind === "unauthorized" || error.kind === "not_found" || error.kind === "bad_request") {
      engineLog("error", "engine_refused_call", { call, index: endpoint.index, status: res.status, kind: error?.kind });
      throw new QueryRejected("engine", ENGINE_DOWN);
    }
    throw new QueryRejected(error.kind, error.message, error.position);
  }
}

// Keys whose files are known to exist, and learners whose recent queries were heavy (until when),
// on globalThis so every route bundle shares them.
const shared = globalThis as unknown as { watchfloorPrepared?: Map<string, Promise<unknown>>; watchfloorHeavy?: Map<string, number> };
const prepared = (shared.watchfloorPrepared ??= new Map());
const heavyUntil = (shared.watchfloorHeavy ??= new Map());

/**
 * A query that runs this long in the normal lane is stopped there and run again in the slow lane
 * with the rest of its time limit; a learner whose query did that, or was stopped for time or
 * memory, stays in the slow lane until this long after their last such query. So no query holds
 * a normal process's CPU for longer than HEAVY_QUERY_MS.
 */
export const HEAVY_QUERY_MS = 750;
const SLOW_LANE_MS = 120_000;

function laneOf(key: string): Lane {
  const until = heavyUntil.get(key);
  if (until === undefined) return "normal";
  if (until > Date.now()) return "slow";
  heavyUntil.delete(key);
  return "normal";
}

function markHeavy(key: string): void {
  heavyUntil.delete(key);
  heavyUntil.set(key, Date.now() + SLOW_LANE_MS);
  // bounded: the oldest marks go first
  if (heavyUntil.size > 10_000) heavyUntil.delete(heavyUntil.keys().next().value!);
}

/** Runs one learner query (timeoutMs in all) in their lane, moving it to the slow lane if it runs heavy. */
async function laned<T>(key: string, timeoutMs: number, run: (lane: Lane, timeoutMs: number) => Promise<T>, hasSlowLane: boolean): Promise<T> {
  const started = performance.now();
  const lane = laneOf(key);
  try {
    if (lane === "slow" || !hasSlowLane || timeoutMs <= HEAVY_QUERY_MS) return await run(lane, timeoutMs);
    try {
      const result = await run("normal", HEAVY_QUERY_MS);
      // rows in hand, but its count ran to the limit: the next ones go to the slow lane
      if (performance.now() - started >= HEAVY_QUERY_MS) markHeavy(key);
      return result;
    } catch (err) {
      if (!(err instanceof QueryRejected && err.kind === "timeout")) throw err;
      markHeavy(key);
      const left = Math.max(1, Math.round(timeoutMs - (performance.now() - started)));
      return await run("slow", left);
    }
  } catch (err) {
    if (err instanceof QueryRejected && (err.kind === "timeout" || err.kind === "memory")) markHeavy(key);
    if (err instanceof QueryRejected && err.kind === "timeout") throw new QueryRejected("timeout", TIMEOUT_MESSAGE(timeoutMs));
    throw err;
  }
}

/** One learner's dataset as the app sees it: calls on the engine that holds it. */
export class RemoteDataset {
  constructor(
    readonly spec: DatasetSpec,
    private readonly set?: EngineSet,
  ) {}

  private hasSlowLane(): boolean {
    return (this.set ?? engines()).endpoints().some((e) => e.lane === "slow");
  }

  prepare(wait: "truth" | "dataset") {
    const result = callEngine("prepare", { spec: this.spec, wait }, { timeoutMs: PREPARE_TIMEOUT_MS, set: this.set });
    if (wait === "dataset") this.remember(result);
    return result;
  }

  private remember(result: Promise<unknown>) {
    const key = specKey(this.spec);
    prepared.set(key, result);
    // a failed preparation is forgotten, so that the next call tries again
    result.catch(() => prepared.get(key) === result && prepared.delete(key));
  }

  /**
   * Waits until the dataset's files exist (once per process and dataset), so that the time limit
   * of each query covers the query alone: a learner's first query may wait for their data.
   */
  ready(): Promise<unknown> {
    const known = prepared.get(specKey(this.spec));
    return known ?? this.prepare("dataset");
  }

  async query(sql: string, opts: { timeoutMs?: number; maxRows?: number } = {}): Promise<QueryResult> {
    const timeoutMs = opts.timeoutMs ?? QUERY_LIMITS.timeoutMs;
    await this.ready();
    const run = (lane: Lane, ms: number) =>
      callEngine("query", { spec: this.spec, sql, timeoutMs: ms, maxRows: opts.maxRows }, { timeoutMs: ms + DEADLINE_GRACE_MS, set: this.set, lane });
    return await laned(specKey(this.spec), timeoutMs, run, this.hasSlowLane());
  }

  async queryIds(sql: string, opts: { timeoutMs?: number } = {}): Promise<number[]> {
    const timeoutMs = opts.timeoutMs ?? QUERY_LIMITS.timeoutMs;
    await this.ready();
    const run = (lane: Lane, ms: number) =>
      callEngine("ids", { spec: this.spec, sql, timeoutMs: ms }, { timeoutMs: ms + DEADLINE_GRACE_MS, set: this.set, lane });
    return (await laned(specKey(this.spec), timeoutMs, run, this.hasSlowLane())).ids;
  }

  async explore(
    filters: CallRequest<"explore">["filters"],
    page: { offset: number; limit: number },
    opts: { facets?: boolean; histogram?: boolean } = {},
  ): Promise<ExploreResult> {
    await this.ready();
    return await callEngine("explore", { spec: this.spec, filters, page, opts }, { timeoutMs: EXPLORE_TIMEOUT_MS, set: this.set });
  }
}
