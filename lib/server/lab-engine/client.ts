// The app's client of the engine protocol. Every failure comes back as a QueryRejected with a
// sentence a learner can act on: a refusal as the engine worded it, a process that died under the
// request as "run it again" (the supervisor restarts it), a request past its deadline as a timeout.
// An uploaded dataset the engine does not have (never pushed, or evicted) is pushed from its source
// (the app's stored gzip chunks) and the call asked again.
// No "server-only" marker: tests and benches use it.
import { rememberBounded } from "@/lib/bounded-map";
import { TIMEOUT_MESSAGE } from "./guard";
import {
  LOAD_SHA256_HEADER,
  isUploadSpec,
  type AnyDatasetSpec,
  type CallRequest,
  type Call,
  type CallResult,
  type DatasetSpec,
  type EngineError,
  type ExportEnd,
  type JsonCall,
  type LoadResult,
  type PrepareResult,
  type UploadSpec,
} from "./protocol";
import { engineLog, engines, type EngineSet, type Lane } from "./supervisor";
import { EXPORT_LIMITS, QUERY_LIMITS, QueryRejected, type Cell, type EventContext, type ExploreResult, type ExportHeader, type QueryResult } from "./types";

/** On top of the engine's own limit: the round trip, and the answer's serialisation. */
const DEADLINE_GRACE_MS = 1500;
// Building a learner's dataset from scratch takes a few seconds, more while a class arrives at once.
const PREPARE_TIMEOUT_MS = 180_000;
const EXPLORE_TIMEOUT_MS = 20_000;
// Pushing an uploaded dataset (up to 64 MiB of gzip read from PostgreSQL) and building its file.
const LOAD_TIMEOUT_MS = 300_000;

export const ENGINE_GONE = "The lab engine stopped while running this (it is being restarted). Run it again.";
export const ENGINE_DOWN = "The lab engine is not available right now. Try again in a few seconds.";

export const UPLOAD_UNREADABLE = "This lab's data could not be read right now. Try again in a moment.";

export const specKey = (spec: AnyDatasetSpec) => (isUploadSpec(spec) ? `upload:${spec.upload}` : `${spec.slug}:${spec.seed}:${spec.targetEvents}`);

/** The gzip chunks of an uploaded dataset, in order (the app reads them from PostgreSQL). */
export type UploadSource = () => AsyncIterable<Uint8Array>;

/**
 * The engine does not have an uploaded dataset's files. To the caller it is an "engine" refusal
 * with the engine's message; RemoteDataset recognises it to push the data and ask again.
 */
class MissingDataRejected extends QueryRejected {
  constructor(message: string) {
    super("engine", message);
  }
}

function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return cause?.code ?? (err instanceof Error ? err.name : "");
}

/** connection failures before anything was sent: nothing ran, so the call can go again */
const UNREACHED = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"]);

/** Before asking again after an unreached engine: a pause that grows, and a fresh look at where the
 *  engines are (a scaled-down or moved one). */
const beforeRetry = (set: EngineSet, attempt: number) => Promise.all([set.refresh?.(), new Promise((r) => setTimeout(r, 300 * (attempt + 1)))]);

/** One call's successful answer, its body unread (`signal` can end it early); every failure leaves as a QueryRejected. */
async function sendCall<C extends Call>(
  call: C,
  body: CallRequest<C>,
  opts: { timeoutMs: number; set?: EngineSet; lane?: Lane; signal?: AbortSignal },
): Promise<{ res: Response; index: number }> {
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
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    try {
      res = await fetch(`${endpoint.url}/v1/${call}`, {
        method: "POST",
        headers: { authorization: `Bearer ${set.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline,
      });
    } catch (err) {
      const code = networkCode(err);
      if (code === "TimeoutError") {
        engineLog("warn", "engine_deadline", { call, index: endpoint.index, timeoutMs: opts.timeoutMs });
        throw new QueryRejected("timeout", TIMEOUT_MESSAGE(Math.max(1000, opts.timeoutMs - DEADLINE_GRACE_MS)));
      }
      if (UNREACHED.has(code) && attempt < 3) {
        await beforeRetry(set, attempt);
        continue;
      }
      engineLog("error", "engine_request_lost", { call, index: endpoint.index, code });
      throw new QueryRejected("engine", UNREACHED.has(code) ? ENGINE_DOWN : ENGINE_GONE);
    }
    if (res.ok) return { res, index: endpoint.index };
    let payload: unknown;
    try {
      payload = await res.json();
    } catch {
      engineLog("error", "engine_bad_answer", { call, index: endpoint.index, status: res.status });
      throw new QueryRejected("engine", ENGINE_GONE);
    }
    const error = (payload as { error?: EngineError }).error;
    if (error?.kind === "missing_data") throw new MissingDataRejected(error.message);
    if (!error || error.kind === "unauthorized" || error.kind === "not_found" || error.kind === "bad_request") {
      engineLog("error", "engine_refused_call", { call, index: endpoint.index, status: res.status, kind: error?.kind });
      throw new QueryRejected("engine", ENGINE_DOWN);
    }
    throw new QueryRejected(error.kind, error.message, error.position);
  }
}

export async function callEngine<C extends JsonCall>(
  call: C,
  body: CallRequest<C>,
  opts: { timeoutMs: number; set?: EngineSet; lane?: Lane },
): Promise<CallResult[C]> {
  const { res, index } = await sendCall(call, body, opts);
  try {
    return (await res.json()) as CallResult[C];
  } catch {
    engineLog("error", "engine_bad_answer", { call, index, status: res.status });
    throw new QueryRejected("engine", ENGINE_GONE);
  }
}

/** The lines of an NDJSON body as they arrive. */
async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let pending = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line) yield JSON.parse(line);
      }
    }
    pending += decoder.decode();
    if (pending) yield JSON.parse(pending);
  } finally {
    // a reader that stops early lets go of the connection (the engine sees it close and stops)
    await reader.cancel().catch(() => undefined);
  }
}

/** An export under way: its header, then its rows as the engine sends them (see RemoteDataset.exportRows). */
export type ExportStream = { header: ExportHeader; rows: AsyncGenerator<Cell[]> };

/** The rows after the header, checked against the end line; stopping early lets go of the engine's answer. */
async function* exportedRows(lines: AsyncGenerator<unknown>, header: ExportHeader): AsyncGenerator<Cell[]> {
  let count = 0;
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await lines.next();
      } catch (err) {
        if (networkCode(err) === "TimeoutError") throw new QueryRejected("timeout", TIMEOUT_MESSAGE(EXPORT_LIMITS.timeoutMs));
        throw new QueryRejected("engine", ENGINE_GONE);
      }
      // an answer that ends without its end line: the process went away mid-export
      if (next.done) throw new QueryRejected("engine", ENGINE_GONE);
      const line = next.value;
      if (Array.isArray(line)) {
        count++;
        yield line as Cell[];
        continue;
      }
      const end = line as ExportEnd;
      if ("error" in end) {
        const { kind, message } = end.error;
        throw new QueryRejected(
          kind === "bad_request" || kind === "unauthorized" || kind === "not_found" || kind === "missing_data" ? "engine" : kind,
          message,
        );
      }
      if (end.end.rows !== count || count !== header.totalCount) throw new QueryRejected("engine", ENGINE_GONE);
      return;
    }
  } finally {
    await lines.return(undefined);
  }
}

// Keys whose files are known to exist, learners whose recent queries were heavy (until when), and
// uploaded datasets being pushed, on globalThis so every route bundle shares them.
const shared = globalThis as unknown as {
  watchfloorPrepared?: Map<string, Promise<unknown>>;
  watchfloorHeavy?: Map<string, number>;
  watchfloorUploadLoads?: Map<string, Promise<LoadResult>>;
};
const prepared = (shared.watchfloorPrepared ??= new Map());
const heavyUntil = (shared.watchfloorHeavy ??= new Map());
const loads = (shared.watchfloorUploadLoads ??= new Map());

/** The source as a request body, pulled as fetch sends it; a failure to read it is remembered for the error. */
function bodyOf(source: AsyncIterable<Uint8Array>, failed: { error?: unknown }): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await it.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        failed.error = err;
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** One push of an uploaded dataset to the process that serves its key. */
async function pushUpload(spec: UploadSpec, source: UploadSource | AsyncIterable<Uint8Array>, set: EngineSet): Promise<LoadResult> {
  const key = specKey(spec);
  for (let attempt = 0; ; attempt++) {
    let endpoint;
    try {
      endpoint = await set.endpointFor(key);
    } catch {
      throw new QueryRejected("engine", ENGINE_DOWN);
    }
    const failed: { error?: unknown } = {};
    const chunks = typeof source === "function" ? source() : source;
    let res: Response;
    try {
      res = await fetch(`${endpoint.url}/v1/load`, {
        method: "POST",
        headers: { authorization: `Bearer ${set.token}`, "content-type": "application/gzip", [LOAD_SHA256_HEADER]: spec.upload },
        body: bodyOf(chunks, failed),
        // a streamed body: Node's fetch needs this (not yet in the DOM types)
        duplex: "half",
        signal: AbortSignal.timeout(LOAD_TIMEOUT_MS),
      } as RequestInit & { duplex: "half" });
    } catch (err) {
      if (failed.error !== undefined) {
        engineLog("error", "upload_source_failed", {
          index: endpoint.index,
          error: failed.error instanceof Error ? failed.error.message : String(failed.error),
        });
        throw new QueryRejected("engine", UPLOAD_UNREADABLE);
      }
      const code = networkCode(err);
      if (code === "TimeoutError") {
        engineLog("warn", "engine_deadline", { call: "load", index: endpoint.index, timeoutMs: LOAD_TIMEOUT_MS });
        throw new QueryRejected("engine", ENGINE_GONE);
      }
      // nothing was sent; a fresh read of the source can be sent again
      if (UNREACHED.has(code) && attempt < 3 && typeof source === "function") {
        await beforeRetry(set, attempt);
        continue;
      }
      engineLog("error", "engine_request_lost", { call: "load", index: endpoint.index, code });
      throw new QueryRejected("engine", UNREACHED.has(code) ? ENGINE_DOWN : ENGINE_GONE);
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch {
      engineLog("error", "engine_bad_answer", { call: "load", index: endpoint.index, status: res.status });
      throw new QueryRejected("engine", ENGINE_GONE);
    }
    if (res.ok) return payload as LoadResult;
    const error = (payload as { error?: EngineError }).error;
    engineLog("error", "upload_refused", { index: endpoint.index, status: res.status, kind: error?.kind, line: error?.line, message: error?.message });
    // the data itself was refused (a malformed line, a wrong sha256, too large): the engine's sentence says which
    if (error && error.kind === "bad_request" && (res.status === 400 || res.status === 413)) throw new QueryRejected("engine", error.message);
    if (error && error.kind !== "unauthorized" && error.kind !== "not_found" && error.kind !== "bad_request" && error.kind !== "missing_data")
      throw new QueryRejected(error.kind, error.message, error.position);
    throw new QueryRejected("engine", ENGINE_DOWN);
  }
}

/**
 * Pushes an uploaded dataset to the engine process that serves it and waits until its files are
 * built (at once when they already are); the app's "verify" step, and what RemoteDataset does on
 * `missing_data`. Once per process and dataset at a time: a second caller waits for the first's
 * push. A refusal of the data (a malformed line, a sha256 that does not match) throws
 * QueryRejected("engine") with the engine's sentence, e.g. "Line 12: id: expected 12 ...".
 */
export function loadUpload(spec: UploadSpec, source: UploadSource | AsyncIterable<Uint8Array>, set?: EngineSet): Promise<LoadResult> {
  const key = specKey(spec);
  const running = loads.get(key);
  if (running) return running;
  const push = pushUpload(spec, source, set ?? engines());
  loads.set(key, push);
  const forget = () => loads.get(key) === push && loads.delete(key);
  push.then(forget, forget);
  return push;
}

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
  // bounded: the oldest marks go first
  rememberBounded(heavyUntil, key, Date.now() + SLOW_LANE_MS, 10_000);
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

/**
 * One learner's dataset as the app sees it: calls on the engine that holds it. S is the kind of
 * spec (a generated one by default), so `prepare` is typed by it: `RemoteDataset<UploadSpec>`
 * answers `{ truth: { labels } }`. For an uploaded dataset, `source` reads its stored gzip chunks:
 * a call that finds the data missing on the engine pushes them (loadUpload) and is asked again
 * once; without a source it throws QueryRejected("engine", MISSING_DATA_MESSAGE).
 */
export class RemoteDataset<S extends AnyDatasetSpec = DatasetSpec> {
  /**
   * `learner`: an opaque token of who queries (32 hex characters). On an uploaded dataset, which
   * every learner of the lab shares, it gives the learner an engine instance and a lane of their
   * own, so one learner's heavy queries neither queue nor slow down the others'.
   */
  constructor(
    readonly spec: S,
    private readonly set?: EngineSet,
    private readonly source?: UploadSource,
    private readonly learner?: string,
  ) {}

  /** what a call names besides the dataset: the learner, when there is one */
  private get who(): { learner?: string } {
    return this.learner ? { learner: this.learner } : {};
  }

  /** whose heavy queries move to the slow lane together: the dataset's (one learner's own), or this learner's on shared data */
  private get laneKey(): string {
    return this.learner ? `${specKey(this.spec)}#${this.learner}` : specKey(this.spec);
  }

  /** Narrows a dataset of either kind (e.g. `RemoteDataset<DatasetSpec> | RemoteDataset<UploadSpec>`). */
  isUpload(): this is RemoteDataset<UploadSpec> {
    return isUploadSpec(this.spec);
  }

  private hasSlowLane(): boolean {
    return (this.set ?? engines()).endpoints().some((e) => e.lane === "slow");
  }

  /** Runs a call; if the engine lacks this upload's files and there is a source, pushes them and runs it once more. */
  private async withData<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const spec = this.spec;
      if (!(err instanceof MissingDataRejected) || !this.source || !isUploadSpec(spec)) throw err;
      await loadUpload(spec, this.source, this.set);
      return await run();
    }
  }

  prepare(wait: "truth" | "dataset"): Promise<PrepareResult<S>> {
    const result = this.withData(() => callEngine("prepare", { spec: this.spec, wait }, { timeoutMs: PREPARE_TIMEOUT_MS, set: this.set })) as Promise<
      PrepareResult<S>
    >;
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

  /** `offset`: a later page of the same query (the rows from that 0-based index on). */
  async query(sql: string, opts: { timeoutMs?: number; maxRows?: number; offset?: number } = {}): Promise<QueryResult> {
    const timeoutMs = opts.timeoutMs ?? QUERY_LIMITS.timeoutMs;
    await this.ready();
    const { maxRows, offset } = opts;
    const run = (lane: Lane, ms: number) =>
      callEngine("query", { spec: this.spec, ...this.who, sql, timeoutMs: ms, maxRows, offset }, { timeoutMs: ms + DEADLINE_GRACE_MS, set: this.set, lane });
    return await this.withData(() => laned(this.laneKey, timeoutMs, run, this.hasSlowLane()));
  }

  async queryIds(sql: string, opts: { timeoutMs?: number } = {}): Promise<number[]> {
    const timeoutMs = opts.timeoutMs ?? QUERY_LIMITS.timeoutMs;
    await this.ready();
    const run = (lane: Lane, ms: number) =>
      callEngine("ids", { spec: this.spec, ...this.who, sql, timeoutMs: ms }, { timeoutMs: ms + DEADLINE_GRACE_MS, set: this.set, lane });
    return (await this.withData(() => laned(this.laneKey, timeoutMs, run, this.hasSlowLane()))).ids;
  }

  async explore(
    filters: CallRequest<"explore">["filters"],
    page: { offset: number; limit: number },
    opts: { facets?: boolean; histogram?: boolean } = {},
  ): Promise<ExploreResult> {
    await this.ready();
    return await this.withData(() =>
      callEngine("explore", { spec: this.spec, ...this.who, filters, page, opts }, { timeoutMs: EXPLORE_TIMEOUT_MS, set: this.set }),
    );
  }

  /** One event in full with up to `before`/`after` (at most 20 each) events around it on its host; null for an unknown id. */
  async context(id: number, around: { before: number; after: number }): Promise<EventContext | null> {
    await this.ready();
    const body = { spec: this.spec, ...this.who, id, ...around };
    return (await this.withData(() => callEngine("context", body, { timeoutMs: EXPLORE_TIMEOUT_MS, set: this.set }))).context;
  }

  /**
   * The whole result of a learner's query, within `limits` (at most EXPORT_LIMITS): refused with
   * QueryRejected("too_large") before any row when it is larger. It runs in the slow lane when there
   * is one (a bulk job should not hold a normal process's CPU). The rows arrive as the engine reads
   * them; an export that does not end as the engine promised throws instead of ending early.
   * `signal` ends it (the engine stops at its next chunk).
   */
  async exportRows(sql: string, limits: { maxRows: number; maxBytes: number }, signal?: AbortSignal): Promise<ExportStream> {
    await this.ready();
    const timeoutMs = EXPORT_LIMITS.timeoutMs;
    const body = { spec: this.spec, ...this.who, sql, timeoutMs, ...limits };
    const lane: Lane = this.hasSlowLane() ? "slow" : "normal";
    const { res } = await this.withData(() => sendCall("export", body, { timeoutMs: timeoutMs + DEADLINE_GRACE_MS, set: this.set, lane, signal }));
    const lines = ndjsonLines(res.body!);
    let first: IteratorResult<unknown>;
    try {
      first = await lines.next();
    } catch {
      throw new QueryRejected("engine", ENGINE_GONE);
    }
    const header = first.value as ExportHeader | undefined;
    if (first.done || !header || !Array.isArray(header.columns)) throw new QueryRejected("engine", ENGINE_GONE);
    return { header, rows: exportedRows(lines, header) };
  }
}
