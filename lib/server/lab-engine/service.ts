// The engine process's side of the protocol (protocol.ts): an HTTP server that checks the token,
// validates each request with zod, runs it on the learner's dataset and answers JSON. `/v1/load`
// takes an uploaded dataset's gzip stream as its body instead (upload.ts). Nothing a learner wrote
// is ever logged; failures are one structured JSON line each.
import http from "node:http";
import fs from "node:fs";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { formatEvent, type Level } from "../log";
import { datasetStats } from "./cache";
import {
  LOAD_LIMITS,
  LOAD_SHA256_HEADER,
  PROTOCOL_VERSION,
  STATUS_OF,
  requestSchemas,
  type EngineError,
  type EngineHealth,
  type ExportEnd,
  type JsonCall,
  type LoadResult,
} from "./protocol";
import type { DatasetStore } from "./store";
import { isQueryRejected, type ExportSink } from "./types";
import { LoadRefused, MissingData } from "./upload";

const MAX_BODY = 256 * 1024;

/** One JSON object per line, all on stdout: the supervisor (or a log collector) reads them as they are. */
export function logLine(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${formatEvent(level, "lab-engine", event, { pid: process.pid, ...fields })}\n`);
}

/** The data-size limit this process runs under (set by the supervisor with prlimit), if any. */
export function memoryCap(): number | null {
  try {
    const line = fs
      .readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max data size"));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: EngineError,
  ) {
    super(body.message);
  }
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, { kind: "bad_request", message: "The request is too large." });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, { kind: "bad_request", message: "The request body is not valid JSON." });
  }
}

/**
 * Reads and drops what is left of a request body, so that its answer can go out on a connection
 * that is still in step; false when the body is too large or does not end in time (the connection
 * is then closed after the answer).
 */
function discard(req: http.IncomingMessage, maxBytes: number, timeoutMs = 30_000): Promise<boolean> {
  if (req.complete || req.readableEnded) return Promise.resolve(true);
  if (req.destroyed || Number(req.headers["content-length"]) > maxBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(req.complete);
    const timer = setTimeout(() => finish(false), timeoutMs);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
    req.resume();
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createEngineServer({ store, token }: { store: DatasetStore; token: string }): http.Server {
  const started = Date.now();
  let inFlight = 0;

  const health = (): EngineHealth => {
    const mem = process.memoryUsage();
    return {
      protocol: PROTOCOL_VERSION,
      pid: process.pid,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      datasetsOpen: datasetStats().live,
      preparing: store.preparing,
      inFlight,
      memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, capBytes: memoryCap() },
    };
  };

  function parse<C extends keyof typeof requestSchemas>(call: C, body: unknown): z.output<(typeof requestSchemas)[C]> {
    const parsed = requestSchemas[call].safeParse(body);
    if (!parsed.success) throw new HttpError(400, { kind: "bad_request", message: z.prettifyError(parsed.error) });
    return parsed.data as z.output<(typeof requestSchemas)[C]>;
  }

  async function dispatch(call: JsonCall, body: unknown): Promise<unknown> {
    const data = parse(call, body);
    switch (call) {
      case "prepare": {
        const { spec, wait } = data as z.output<typeof requestSchemas.prepare>;
        return await store.prepare(spec, wait);
      }
      case "query": {
        const { spec, learner, sql, timeoutMs, maxRows, offset } = data as z.output<typeof requestSchemas.query>;
        return await store.use(spec, (ds) => ds.query(sql, { timeoutMs, maxRows, offset }), learner);
      }
      case "ids": {
        const { spec, learner, sql, timeoutMs } = data as z.output<typeof requestSchemas.ids>;
        return { ids: await store.use(spec, (ds) => ds.queryIds(sql, { timeoutMs }), learner) };
      }
      case "explore": {
        const { spec, learner, filters, page, opts } = data as z.output<typeof requestSchemas.explore>;
        return await store.use(spec, (ds) => ds.explore(filters, page, opts), learner);
      }
      case "context": {
        const { spec, learner, id, before, after } = data as z.output<typeof requestSchemas.context>;
        return { context: await store.use(spec, (ds) => ds.context(id, { before, after }), learner) };
      }
    }
  }

  /**
   * `POST /v1/export`: a refusal before the first row is an ordinary error answer; once the result
   * is known to fit, NDJSON (protocol.ts, ExportEnd), written as fast as the app reads it.
   */
  async function exportRows(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { spec, learner, sql, timeoutMs, maxRows, maxBytes } = parse("export", await readBody(req));
    const sink: ExportSink = {
      start(header) {
        res.writeHead(200, { "content-type": "application/x-ndjson", "cache-control": "no-store" });
        res.write(`${JSON.stringify(header)}\n`);
      },
      async write(text) {
        // a reader that went away: the export stops at its next chunk (`closed`)
        if (res.destroyed || res.write(text)) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off("drain", done);
            res.off("close", done);
            resolve();
          };
          res.on("drain", done);
          res.on("close", done);
        });
      },
      get closed() {
        return res.destroyed || res.writableEnded;
      },
    };
    let rows: number;
    try {
      rows = await store.use(spec, (ds) => ds.exportRows(sql, { timeoutMs, maxRows, maxBytes }, sink), learner);
    } catch (err) {
      if (!res.headersSent) throw err;
      if (res.destroyed) return;
      const error: EngineError = isQueryRejected(err)
        ? { kind: err.kind, message: err.message }
        : { kind: "engine", message: "The export failed; run it again." };
      if (!isQueryRejected(err)) logLine("error", "export_failed", { error: err instanceof Error ? err.message : String(err) });
      const end: ExportEnd = { error };
      return void res.end(`${JSON.stringify(end)}\n`);
    }
    const end: ExportEnd = { end: { rows } };
    if (!res.destroyed) res.end(`${JSON.stringify(end)}\n`);
  }

  const send = (res: http.ServerResponse, status: number, body: unknown, close = false) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      "cache-control": "no-store",
      ...(close ? { connection: "close" } : {}),
    });
    res.end(text);
  };

  /** `POST /v1/load`: the body is the gzip stream itself. */
  async function load(req: http.IncomingMessage): Promise<LoadResult> {
    const sha = req.headers[LOAD_SHA256_HEADER];
    if (typeof sha !== "string" || !/^[0-9a-f]{64}$/.test(sha))
      throw new HttpError(400, { kind: "bad_request", message: `The ${LOAD_SHA256_HEADER} header must be a lowercase hex sha256.` });
    const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/gzip") throw new HttpError(400, { kind: "bad_request", message: "The body must be application/gzip." });
    if (Number(req.headers["content-length"]) > LOAD_LIMITS.maxCompressedBytes) throw new LoadRefused(413, "The data is larger than 64 MiB compressed.");
    const started = performance.now();
    const { meta, built } = await store.load(sha, req);
    logLine("info", "upload_loaded", { sha256: sha, built, events: meta.eventCount, fileBytes: meta.fileBytes, ms: Math.round(performance.now() - started) });
    return { meta };
  }

  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://engine");
    const call = url.pathname.startsWith("/v1/") ? url.pathname.slice(4) : "";
    inFlight++;
    const t0 = performance.now();
    let authorized = false;
    try {
      if (!tokenMatches(req.headers.authorization, token)) throw new HttpError(401, { kind: "unauthorized", message: "A valid engine token is required." });
      authorized = true;
      if (call === "health" && req.method === "GET") return send(res, 200, health());
      if (call === "load" && req.method === "POST") return send(res, 200, await load(req));
      if (req.method !== "POST" || !(call in requestSchemas)) throw new HttpError(404, { kind: "not_found", message: "No such call." });
      if (call === "export") return await exportRows(req, res);
      send(res, 200, await dispatch(call as JsonCall, await readBody(req)));
    } catch (err) {
      // an export that failed after its first line has already said so in its body
      if (res.headersSent) return void res.destroy();
      // a refused load may have left part of its body unread: read it away first (only the app's, who has
      // the token), or close the connection after the answer
      const close = call === "load" && !(authorized && (await discard(req, LOAD_LIMITS.maxCompressedBytes)));
      if (close) res.on("finish", () => req.socket.destroy());
      if (err instanceof HttpError) return send(res, err.status, { error: err.body }, close);
      if (err instanceof LoadRefused) {
        const body: EngineError = { kind: "bad_request", message: err.message, ...(err.line !== undefined ? { line: err.line } : {}) };
        logLine("warn", "upload_refused", { status: err.status, line: err.line, error: err.message, ms: Math.round(performance.now() - t0) });
        return send(res, err.status, { error: body }, close);
      }
      if (err instanceof MissingData) return send(res, STATUS_OF.missing_data, { error: { kind: "missing_data", message: err.message } }, close);
      if (isQueryRejected(err)) {
        const body: EngineError = { kind: err.kind, message: err.message, ...(err.position !== undefined ? { position: err.position } : {}) };
        if (err.kind === "engine") logLine("warn", "request_failed", { call, kind: err.kind, ms: Math.round(performance.now() - t0) });
        return send(res, STATUS_OF[err.kind], { error: body });
      }
      // ours, not the learner's: the message is logged (as a JSON string, so escaped), never shown
      logLine("error", "request_failed", { call, error: err instanceof Error ? err.message : String(err), ms: Math.round(performance.now() - t0) });
      send(res, 503, { error: { kind: "engine", message: "The lab engine could not answer; try again in a moment." } }, close);
    } finally {
      inFlight--;
    }
  });
}
