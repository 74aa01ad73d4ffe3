// An uploaded dataset as the app pushes it (`POST /v1/load`): the gzip stream of its canonical
// NDJSON (one or more gzip members, each of whole lines), read as it arrives: inflated, hashed,
// split into lines, each line checked against the canonical event schema (the upload schema's
// rules, every default applied, id = line number), and encoded batch by batch for the loader
// (load.ts), which inserts one batch while the next is being read. Nothing is held whole: at most
// one batch of events, and one line. The sha256 is only known at the end, so the last batch is
// handed over only after it matched: a mismatch fails the build, and the loader removes its
// temporary file. Free of DuckDB, so it can be tested on its own.
import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { z } from "zod";
import type { LogEvent } from "@/lib/labgen";
import { UPLOAD_LIMITS, uploadEventSchema } from "@/lib/schemas/upload";
import { BATCH, encodeBatch, type EncodedBatch, type EncodedEvents } from "./encode";
import { LOAD_LIMITS, MISSING_DATA_MESSAGE, type UploadTruth } from "./protocol";

export type LoadLimits = {
  /** the gzip stream */
  maxCompressedBytes: number;
  /** the NDJSON it inflates to */
  maxBytes: number;
  maxEvents: number;
  /**
   * One canonical line. Far above what a valid event can take (raw and message 64k characters
   * each, 50 fields of 4096), so only a broken stream reaches it; it bounds what one line holds.
   */
  maxLineBytes: number;
  /** the events handed to the loader at a time stop at BATCH or at about this many bytes of lines */
  batchBytes: number;
};

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  ...LOAD_LIMITS,
  maxEvents: UPLOAD_LIMITS.maxEvents,
  maxLineBytes: 4 * 2 ** 20,
  batchBytes: 8 * 2 ** 20,
};

/** The pushed data was refused: `message` is safe to show (the app's verify step shows it). */
export class LoadRefused extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "LoadRefused";
  }
}

/** An uploaded dataset whose files are not on this engine: the app has to push it first. */
export class MissingData extends Error {
  constructor() {
    super(MISSING_DATA_MESSAGE);
    this.name = "MissingData";
  }
}

export const SHA_MISMATCH = "The data does not match its sha256.";
const NOT_GZIP = "The data is not a valid gzip stream.";

const shape = uploadEventSchema.shape;
const CANONICAL_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * One canonical line: the upload schema's field rules with every default applied (level,
 * message, fields are there), plus its id. Checked as the app writes it: ts in UTC with
 * milliseconds (`toISOString`), host and service already trimmed.
 */
export const canonicalEventSchema = z.strictObject({
  id: z.number().int().min(1),
  ts: shape.ts.refine((ts) => CANONICAL_TS.test(ts) && new Date(ts).toISOString() === ts, "expected UTC with milliseconds (toISOString)"),
  // the upload schema trims these; parseCanonicalLine refuses a line whose values were not trimmed already
  host: shape.host,
  service: shape.service,
  level: shape.level.unwrap(),
  message: shape.message.unwrap(),
  raw: shape.raw,
  fields: shape.fields.unwrap(),
  label: shape.label,
});
export type CanonicalLine = z.infer<typeof canonicalEventSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The first problem zod found, as "path: message". */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

const refuse = (line: number, what: string) => new LoadRefused(400, `Line ${line}: ${what}`, line);

/** One line of text as the event it holds, or a refusal naming the line. */
export function parseCanonicalLine(text: string, line: number): CanonicalLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse(line, "not valid JSON.");
  }
  // zod copies a record key by key, and assigning "__proto__" sets no key: the value would vanish
  if (isObject(value) && isObject(value.fields) && Object.hasOwn(value.fields, "__proto__")) throw refuse(line, 'fields: "__proto__" is not a field name.');
  const parsed = canonicalEventSchema.safeParse(value);
  if (!parsed.success) throw refuse(line, `${describeIssue(parsed.error)}.`);
  const e = parsed.data;
  const input = value as Record<string, unknown>;
  if (e.host !== input.host) throw refuse(line, "host: surrounding whitespace.");
  if (e.service !== input.service) throw refuse(line, "service: surrounding whitespace.");
  if (e.id !== line) throw refuse(line, `id: expected ${line} (ids are the line numbers), got ${e.id}.`);
  return e;
}

/** What reading an upload gives: the batches for the loader, and once they are all read, the truth. */
export type UploadReader = { encoded: EncodedEvents; truth: () => UploadTruth };

/**
 * Reads `compressed` (the request body) as the loader pulls batches. The source is piped, never
 * destroyed: on a refusal it is only unpiped, so the caller can still read (discard) the rest of
 * the body and answer on the same connection.
 */
export function readUpload(sha256: string, compressed: Readable, limits: LoadLimits = DEFAULT_LOAD_LIMITS): UploadReader {
  let count = 0;
  let done = false;
  const labels = new Map<string, number[]>();

  async function* batches(): AsyncGenerator<EncodedBatch> {
    let compressedBytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        compressedBytes += chunk.length;
        if (compressedBytes > limits.maxCompressedBytes)
          callback(new LoadRefused(413, `The data is larger than ${limits.maxCompressedBytes / 2 ** 20} MiB compressed.`));
        else callback(null, chunk);
      },
    });
    const gunzip = createGunzip();
    const fail = (err: Error) => gunzip.destroy(err);
    const cut = () => {
      if (!compressed.readableEnded) gunzip.destroy(new Error("the upload was cut short"));
    };
    counter.on("error", fail);
    compressed.on("error", fail);
    compressed.on("close", cut);
    compressed.pipe(counter).pipe(gunzip);

    const hash = createHash("sha256");
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let inflated = 0;
    let parts: Buffer[] = [];
    let partBytes = 0;
    let batch: LogEvent[] = [];
    let batchBytes = 0;

    const take = (bytes: Buffer): LogEvent => {
      const line = count + 1;
      if (line > limits.maxEvents) throw refuse(line, `the data holds more than ${limits.maxEvents.toLocaleString("en-US")} events.`);
      if (bytes.length === 0) throw refuse(line, "an empty line.");
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        throw refuse(line, "not valid UTF-8.");
      }
      const e = parseCanonicalLine(text, line);
      count = line;
      if (e.label !== undefined) {
        const ids = labels.get(e.label);
        if (ids) ids.push(e.id);
        else labels.set(e.label, [e.id]);
      }
      return { id: e.id, ts: e.ts, host: e.host, service: e.service, level: e.level, message: e.message, raw: e.raw, fields: e.fields };
    };

    try {
      try {
        for await (const chunk of gunzip as AsyncIterable<Buffer>) {
          inflated += chunk.length;
          if (inflated > limits.maxBytes) throw new LoadRefused(413, `The data is larger than ${limits.maxBytes / 2 ** 20} MiB uncompressed.`);
          hash.update(chunk);
          let start = 0;
          while (start < chunk.length) {
            const nl = chunk.indexOf(0x0a, start);
            const end = nl === -1 ? chunk.length : nl;
            if (end > start) {
              partBytes += end - start;
              if (partBytes > limits.maxLineBytes) throw refuse(count + 1, `the line is longer than ${limits.maxLineBytes / 2 ** 20} MiB.`);
              parts.push(chunk.subarray(start, end));
            }
            if (nl === -1) break;
            const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, partBytes);
            batch.push(take(bytes));
            batchBytes += partBytes + 1;
            parts = [];
            partBytes = 0;
            start = nl + 1;
            if (batch.length >= BATCH || batchBytes >= limits.batchBytes) {
              yield encodeBatch(batch, 0, batch.length);
              batch = [];
              batchBytes = 0;
            }
          }
        }
      } catch (err) {
        // an empty body is no data at all (an upload of no events), not a broken gzip stream
        const code = (err as { code?: unknown }).code;
        if (!(err instanceof LoadRefused) && typeof code === "string" && code.startsWith("Z_")) {
          if (!(compressedBytes === 0 && code === "Z_BUF_ERROR" && compressed.readableEnded)) throw new LoadRefused(400, NOT_GZIP);
        } else throw err;
      }
      if (partBytes > 0) throw refuse(count + 1, "the last line has no line break.");
      if (hash.digest("hex") !== sha256) throw new LoadRefused(400, SHA_MISMATCH);
      if (batch.length) yield encodeBatch(batch, 0, batch.length);
      done = true;
    } finally {
      compressed.unpipe(counter);
      compressed.off("error", fail);
      compressed.off("close", cut);
      counter.destroy();
      gunzip.destroy();
    }
  }

  return {
    encoded: {
      // known once every batch is read: the loader compares it with the rows it inserted after the last one
      get count() {
        return count;
      },
      batches: batches(),
    },
    truth: () => {
      if (!done) throw new Error("lab-engine: the upload's truth is known once all of it is read");
      return { labels: Object.fromEntries([...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    },
  };
}
