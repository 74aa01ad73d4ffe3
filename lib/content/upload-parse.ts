// An uploaded lab log file (JSON lines or CSV) read once, as it streams in, into the form it is
// stored and queried in: canonical JSON lines, gzip-compressed in ~1 MiB chunks, named by the
// sha256 of those lines. Every event is validated on the way; the first malformed line throws, so
// a caller that stores only what this returns never stores a half-valid file. Pure (no
// "server-only"): scripts, the lab-data importer and tests run it alike.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CsvError, parse as parseCsv, type Parser } from "csv-parse";
import { gunzipSync, gzipSync } from "fflate";
import type { z } from "zod";
import { UPLOAD_LIMITS, uploadEventSchema, type UploadEvent, type UploadFormat } from "@/lib/schemas/upload";
import { AppError } from "@/lib/server/errors";

/** One stored event: the upload's columns with the id it got (1..N in file order) and every default applied. */
export type CanonicalEvent = {
  id: number;
  /** UTC, milliseconds, `Z` (`Date#toISOString`) */
  ts: string;
  host: string;
  service: string;
  level: UploadEvent["level"];
  message: string;
  raw: string;
  fields: Record<string, string>;
  label?: string;
};

export type ParsedUpload = {
  /** gzip members, each holding whole canonical lines; concatenated and gunzipped they are the canonical NDJSON */
  chunks: Uint8Array[];
  /** hex sha256 of the canonical NDJSON (uncompressed), so the same events are the same data whatever the file looked like */
  sha256: string;
  eventCount: number;
  /** bytes of the uploaded file */
  bytes: number;
  /** events per label */
  labels: Record<string, number>;
  range: { from: string; to: string } | null;
  /** distinct hosts */
  hosts: number;
  /** distinct services, sorted */
  services: string[];
};

export type ParseUploadOptions = {
  /** the largest file accepted (default UPLOAD_LIMITS.maxBytes) */
  maxBytes?: number;
  /** canonical NDJSON per gzip chunk before compression (default 1 MiB) */
  chunkBytes?: number;
  /** default UPLOAD_LIMITS.maxEvents */
  maxEvents?: number;
  /** the longest line (CSV: record) accepted, in bytes (default UPLOAD_LIMITS.maxLineBytes) */
  maxLineBytes?: number;
};

export const DEFAULT_CHUNK_BYTES = 2 ** 20;

/** The CSV columns: the event's keys, so a CSV and a JSON-lines file of the same events are the same data. */
const CSV_COLUMNS = ["ts", "host", "service", "level", "raw", "message", "fields", "label"] as const;
const REQUIRED_COLUMNS: readonly string[] = ["ts", "host", "service", "raw"];
/** An empty cell of these is a missing value (the schema's default applies), not an empty string. */
const OPTIONAL_COLUMNS = new Set<string>(["level", "message", "fields", "label"]);

/** CSV text handed to csv-parse at a time: bounds the records it materialises at once. */
const CSV_BATCH_CHARS = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** "50 MB", "256 KB" or "100 bytes": the limit as the user set it, not rounded. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 20 && n % 2 ** 20 === 0) return `${n / 2 ** 20} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

const invalid = (line: number, what: string) => new AppError("invalid:upload", `Line ${line}: ${what}`, { line });

const encoder = new TextEncoder();

/**
 * A string chunk as bytes. Well-formed text is plain UTF-8. A lone surrogate has no UTF-8 form:
 * TextEncoder would silently turn it into U+FFFD, so it is written as its 3-byte (WTF-8) form
 * instead, which the fatal line decoder then refuses with the line it is on.
 */
function stringBytes(s: string): Uint8Array {
  if (s.isWellFormed()) return encoder.encode(s);
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else for (const b of encoder.encode(ch)) out.push(b);
  }
  return Uint8Array.from(out);
}

/** The source as byte chunks, counted: over `maxBytes` it stops reading and throws too_large. */
async function* countedBytes(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, maxBytes: number, count: { bytes: number }) {
  // a surrogate pair split across two string chunks is one character, not two lone halves
  let carry = "";
  const take = (bytes: Uint8Array) => {
    count.bytes += bytes.length;
    if (count.bytes > maxBytes) throw new AppError("too_large:upload", `The file is larger than ${formatBytes(maxBytes)}.`, { maxBytes });
    return bytes;
  };
  for await (const piece of source) {
    if (typeof piece === "string") {
      let s = carry + piece;
      carry = "";
      const last = s.charCodeAt(s.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        carry = s.slice(-1);
        s = s.slice(0, -1);
      }
      if (s) yield take(stringBytes(s));
    } else if (piece.length) {
      if (carry) {
        yield take(stringBytes(carry));
        carry = "";
      }
      yield take(piece);
    }
  }
  if (carry) yield take(stringBytes(carry));
}

type Line = { number: number; text: string; eol: "" | "\n" | "\r\n" };

/**
 * Splits bytes into physical lines before decoding them. LF never occurs inside a multi-byte UTF-8
 * sequence, so a character split across chunks is always whole within its line; and each line is
 * decoded on its own with a fatal decoder, so invalid UTF-8 is reported with its line number. A
 * line over the limit throws while it is still being read, not after a 50 MB line is buffered.
 */
class LineSplitter {
  private parts: Uint8Array[] = [];
  private size = 0;
  private count = 0;
  private first = true;
  // ignoreBOM keeps a U+FEFF inside the file as text; only the file's leading one is dropped (below)
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(private readonly maxLineBytes: number) {}

  *push(chunk: Uint8Array): Generator<Line> {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      const end = nl === -1 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl === -1) return;
      yield this.take(true);
      start = nl + 1;
    }
  }

  *end(): Generator<Line> {
    if (this.size > 0) yield this.take(false);
  }

  private append(piece: Uint8Array) {
    if (!piece.length) return;
    this.size += piece.length;
    // the line's CR of a CRLF is still in `size` here; one byte of slack keeps the limit on the text
    if (this.size > this.maxLineBytes + 1) throw invalid(this.count + 1, `the line is longer than ${formatBytes(this.maxLineBytes)}.`);
    this.parts.push(piece);
  }

  private take(newline: boolean): Line {
    const number = ++this.count;
    let bytes = this.parts.length === 1 ? this.parts[0] : concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    if (this.first) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const crlf = newline && bytes[bytes.length - 1] === CR;
    if (crlf) bytes = bytes.subarray(0, -1);
    if (bytes.length > this.maxLineBytes) throw invalid(number, `the line is longer than ${formatBytes(this.maxLineBytes)}.`);
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      throw invalid(number, "the text is not valid UTF-8; save the file as UTF-8.");
    }
    return { number, text, eol: crlf ? "\r\n" : newline ? "\n" : "" };
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The first problem zod found, as "path: message" (the path is empty for the event itself). */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** Validates events one at a time and writes their canonical lines into gzip chunks as it goes. */
class CanonicalWriter {
  private readonly hash = createHash("sha256");
  private readonly chunks: Uint8Array[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private count = 0;
  private readonly labels = new Map<string, number>();
  private readonly hosts = new Set<string>();
  private readonly services = new Set<string>();
  private min = Infinity;
  private max = -Infinity;

  constructor(
    private readonly chunkBytes: number,
    private readonly maxEvents: number,
  ) {}

  add(input: unknown, line: number) {
    // zod copies a record key by key, and assigning "__proto__" sets no key: the value would vanish
    // silently instead of being refused
    if (isObject(input) && isObject(input.fields) && Object.hasOwn(input.fields, "__proto__")) throw invalid(line, 'fields: "__proto__" is not a field name.');
    const parsed = uploadEventSchema.safeParse(input);
    if (!parsed.success) throw invalid(line, describeIssue(parsed.error));
    if (this.count >= this.maxEvents) throw invalid(line, `the file holds more than ${this.maxEvents.toLocaleString("en-US")} events.`);
    const e = parsed.data;
    const ms = Date.parse(e.ts);
    // the schema's pattern admits only real instants, but a NaN here would poison the range
    if (!Number.isFinite(ms)) throw invalid(line, "ts: Invalid ISO datetime");
    const fields: Record<string, string> = {};
    for (const key of Object.keys(e.fields).sort()) fields[key] = e.fields[key];
    const event: CanonicalEvent = {
      id: ++this.count,
      ts: new Date(ms).toISOString(),
      host: e.host,
      service: e.service,
      level: e.level,
      message: e.message ?? e.raw,
      raw: e.raw,
      fields,
      ...(e.label !== undefined ? { label: e.label } : {}),
    };
    this.write(encoder.encode(`${JSON.stringify(event)}\n`));
    if (e.label !== undefined) this.labels.set(e.label, (this.labels.get(e.label) ?? 0) + 1);
    this.hosts.add(e.host);
    this.services.add(e.service);
    this.min = Math.min(this.min, ms);
    this.max = Math.max(this.max, ms);
  }

  finish(bytes: number): ParsedUpload {
    this.flush();
    return {
      chunks: this.chunks,
      sha256: this.hash.digest("hex"),
      eventCount: this.count,
      bytes,
      // a Map while counting: a label such as "constructor" must not meet Object.prototype
      labels: Object.fromEntries([...this.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      range: this.count ? { from: new Date(this.min).toISOString(), to: new Date(this.max).toISOString() } : null,
      hosts: this.hosts.size,
      services: [...this.services].sort(),
    };
  }

  private write(line: Uint8Array) {
    this.hash.update(line);
    // a chunk holds whole lines and stays under chunkBytes unless a single line is larger
    if (this.pendingBytes > 0 && this.pendingBytes + line.length > this.chunkBytes) this.flush();
    this.pending.push(line);
    this.pendingBytes += line.length;
  }

  private flush() {
    if (!this.pendingBytes) return;
    // mtime 0: the same events give the same bytes, not only the same sha256
    this.chunks.push(gzipSync(concat(this.pending, this.pendingBytes), { level: 6, mtime: 0 }));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Parses an uploaded log file as it is read. Throws AppError `too_large:upload` over `maxBytes`,
 * `invalid:upload` ("Line 12: ts: Invalid ISO datetime", details `{ line }`) at the first
 * malformed line; returns only when every event is valid.
 */
export async function parseLogUpload(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  format: UploadFormat,
  opts: ParseUploadOptions = {},
): Promise<ParsedUpload> {
  const maxBytes = opts.maxBytes ?? UPLOAD_LIMITS.maxBytes;
  const maxLineBytes = opts.maxLineBytes ?? UPLOAD_LIMITS.maxLineBytes;
  const writer = new CanonicalWriter(opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, opts.maxEvents ?? UPLOAD_LIMITS.maxEvents);
  const count = { bytes: 0 };
  const lines = new LineSplitter(maxLineBytes);
  const bytes = countedBytes(source, maxBytes, count);
  if (format === "jsonl") await readJsonLines(bytes, lines, writer);
  else await readCsv(bytes, lines, writer, maxLineBytes);
  return writer.finish(count.bytes);
}

async function readJsonLines(bytes: AsyncIterable<Uint8Array>, lines: LineSplitter, writer: CanonicalWriter) {
  const handle = (line: Line) => {
    if (line.text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      throw invalid(line.number, `not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
    }
    writer.add(value, line.number);
  };
  for await (const chunk of bytes) for (const line of lines.push(chunk)) handle(line);
  for (const line of lines.end()) handle(line);
}

type CsvRow = { record: Record<string, string>; info: { lines: number } };

async function readCsv(bytes: AsyncIterable<Uint8Array>, lines: LineSplitter, writer: CanonicalWriter, maxLineBytes: number) {
  // The reader runs ahead of csv-parse (stream buffers), so a problem it finds (invalid UTF-8, a
  // long line, too many bytes) is kept, not thrown: csv-parse first gets every line before it, and
  // a record error on an earlier line is still the one reported.
  // an object, not a `let`: TypeScript does not see a closure's assignment and would narrow it to null
  const read: { error: AppError | null } = { error: null };
  async function* text() {
    let batch = "";
    try {
      for await (const chunk of bytes) {
        for (const line of lines.push(chunk)) {
          // the line ending goes back in: a quoted cell may span lines and keeps its own line breaks
          batch += line.text + line.eol;
          if (batch.length >= CSV_BATCH_CHARS) {
            yield batch;
            batch = "";
          }
        }
      }
      for (const line of lines.end()) batch += line.text + line.eol;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      read.error = err;
    }
    if (batch) yield batch;
  }

  const parser: Parser = parseCsv({
    columns: (header: string[]) => checkHeader(header, parser.info.lines),
    // the reader already dropped a leading BOM; this covers a BOM csv-parse would otherwise keep in "ts"
    bom: true,
    relax_column_count: false,
    skip_empty_lines: true,
    record_delimiter: ["\r\n", "\n"],
    // characters, not bytes: the reader holds each physical line to maxLineBytes, this a record spanning lines
    max_record_size: maxLineBytes,
    info: true,
  });

  try {
    await pipeline(Readable.from(text()), parser, async (rows: AsyncIterable<CsvRow>) => {
      for await (const { record, info } of rows) writer.add(csvEvent(record, info.lines), info.lines);
    });
  } catch (err) {
    const error = err instanceof CsvError ? csvError(err) : err;
    // the stream csv-parse saw ends where the reader stopped: an unclosed quote there is the cut, not the problem
    const cut = err instanceof CsvError && err.code === "CSV_QUOTE_NOT_CLOSED";
    if (read.error && (cut || !(error instanceof AppError) || lineOf(error) >= lineOf(read.error))) throw read.error;
    throw error;
  }
  if (read.error) throw read.error;
}

const lineOf = (err: AppError) => (typeof err.details.line === "number" ? err.details.line : Infinity);

function csvError(err: CsvError): AppError {
  // csv-parse's own line count (it counts the CR and LF of a CRLF inside a quoted cell as two lines)
  const line = typeof err.lines === "number" ? err.lines : 0;
  return invalid(line, err.message.endsWith(".") ? err.message : `${err.message}.`);
}

/** The header row names the event's keys, each once; the four an event cannot do without are there. */
function checkHeader(header: string[], line: number): string[] {
  const seen = new Set<string>();
  const known: readonly string[] = CSV_COLUMNS;
  for (const name of header) {
    if (!known.includes(name)) throw invalid(line, `unknown column ${JSON.stringify(name)}; the columns are ${CSV_COLUMNS.join(", ")}.`);
    if (seen.has(name)) throw invalid(line, `the column ${JSON.stringify(name)} appears twice.`);
    seen.add(name);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length) throw invalid(line, `the header has no ${missing.map((c) => JSON.stringify(c)).join(", ")} column${missing.length > 1 ? "s" : ""}.`);
  return header;
}

/** A CSV row as the event it stands for: `fields` is JSON text, an empty optional cell is no value. */
function csvEvent(record: Record<string, string>, line: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === "" && OPTIONAL_COLUMNS.has(key)) continue;
    if (key !== "fields") {
      out[key] = value;
      continue;
    }
    try {
      out.fields = JSON.parse(value);
    } catch (err) {
      throw invalid(line, `fields: not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
    }
  }
  return out;
}

/**
 * The events of stored chunks, in id order. Each chunk is a whole gzip member of whole lines, so
 * one chunk at a time is held (a 50 MB upload is never inflated at once).
 */
export async function* readCanonicalEvents(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<CanonicalEvent> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for await (const chunk of chunks) {
    const text = decoder.decode(gunzipSync(chunk));
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf("\n", start);
      const end = nl === -1 ? text.length : nl;
      // our own lines, validated when they were written: not checked again
      if (end > start) yield JSON.parse(text.slice(start, end)) as CanonicalEvent;
      start = end + 1;
    }
  }
}

/**
 * The events as an upload-format JSON-lines file (no ids: they are the line order). What a default
 * would give again is left out (`message` equal to `raw`, empty `fields`), which keeps an export
 * well under the upload limit; importing it gives the same canonical lines, so the same sha256.
 */
export function toJsonLines(events: Iterable<CanonicalEvent>): string {
  const out: string[] = [];
  for (const e of events) {
    const line: Record<string, unknown> = { ts: e.ts, host: e.host, service: e.service, level: e.level };
    if (e.message !== e.raw) line.message = e.message;
    line.raw = e.raw;
    if (Object.keys(e.fields).length) line.fields = e.fields;
    if (e.label !== undefined) line.label = e.label;
    out.push(`${JSON.stringify(line)}\n`);
  }
  return out.join("");
}
