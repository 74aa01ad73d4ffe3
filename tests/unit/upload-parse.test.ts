import { createHash } from "node:crypto";
import { gunzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseLogUpload, readCanonicalEvents, toJsonLines, type CanonicalEvent, type ParsedUpload } from "@/lib/content/upload-parse";
import { AppError } from "@/lib/server/errors";

const EVENTS = [
  { ts: "2024-03-01T10:00:00+01:00", host: "web-1", service: "nginx", level: "INFO", raw: 'GET / 200 "ok"', fields: { status: "200", path: "/" } },
  {
    ts: "2024-03-01T09:00:05.5Z",
    host: "web-2",
    service: "sshd",
    level: "WARN",
    raw: "Failed password for root",
    message: "Failed password",
    label: "brute-force",
  },
  { ts: "2024-03-01T09:00:07Z", host: "web-2", service: "sshd", raw: "line one\nline two, with a comma", label: "brute-force" },
  {
    ts: "2024-03-01T11:30:00Z",
    host: "miner-9",
    service: "xmrig",
    level: "ERROR",
    raw: "ünïcödé – 日本語 ✓",
    fields: { pool: "pool.example:3333" },
    label: "miner",
  },
];

const jsonl = (events: object[] = EVENTS) => events.map((e) => JSON.stringify(e)).join("\n") + "\n";

/** A CSV of the same events, quoting every cell the RFC 4180 way. */
function csv(events: Record<string, unknown>[] = EVENTS, eol = "\n"): string {
  const columns = ["ts", "host", "service", "level", "raw", "message", "fields", "label"];
  const cell = (v: unknown) => (v === undefined ? "" : `"${(typeof v === "string" ? v : JSON.stringify(v)).replaceAll('"', '""')}"`);
  return [columns.join(","), ...events.map((e) => columns.map((c) => cell(e[c])).join(","))].join(eol) + eol;
}

const bytes = (s: string) => new TextEncoder().encode(s);

async function* chunked(data: Uint8Array, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function events(parsed: ParsedUpload): Promise<CanonicalEvent[]> {
  const out: CanonicalEvent[] = [];
  for await (const e of readCanonicalEvents(parsed.chunks)) out.push(e);
  return out;
}

describe("parseLogUpload", () => {
  it("turns a JSON-lines file into canonical, chunked, hashed lines", async () => {
    const parsed = await parseLogUpload([jsonl()], "jsonl");
    expect(parsed.eventCount).toBe(4);
    expect(parsed.bytes).toBe(bytes(jsonl()).length);
    expect(parsed.labels).toEqual({ "brute-force": 2, miner: 1 });
    expect(parsed.range).toEqual({ from: "2024-03-01T09:00:00.000Z", to: "2024-03-01T11:30:00.000Z" });
    expect(parsed.hosts).toBe(3);
    expect(parsed.services).toEqual(["nginx", "sshd", "xmrig"]);
    const all = await events(parsed);
    expect(all.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(all[0]).toEqual({
      id: 1,
      ts: "2024-03-01T09:00:00.000Z",
      host: "web-1",
      service: "nginx",
      level: "INFO",
      message: 'GET / 200 "ok"',
      raw: 'GET / 200 "ok"',
      fields: { path: "/", status: "200" },
    });
    expect(all[2]).toMatchObject({ level: "INFO", message: "line one\nline two, with a comma", fields: {}, label: "brute-force" });
    // the key order of a canonical line is fixed, and the hash is of those lines uncompressed
    const text = parsed.chunks.map((c) => new TextDecoder().decode(gunzipSync(c))).join("");
    expect(text.split("\n")[0]).toBe(
      '{"id":1,"ts":"2024-03-01T09:00:00.000Z","host":"web-1","service":"nginx","level":"INFO","message":"GET / 200 \\"ok\\"","raw":"GET / 200 \\"ok\\"","fields":{"path":"/","status":"200"}}',
    );
    expect(parsed.sha256).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("gives a CSV of the same events the same sha256", async () => {
    const a = await parseLogUpload([jsonl()], "jsonl");
    const b = await parseLogUpload([csv()], "csv");
    expect(b.eventCount).toBe(4);
    expect(b.sha256).toBe(a.sha256);
    expect(b.labels).toEqual(a.labels);
    const crlf = await parseLogUpload([csv(EVENTS, "\r\n")], "csv");
    expect(crlf.sha256).toBe(a.sha256);
  });

  it("accepts a BOM, CRLF line ends and blank lines", async () => {
    const reference = await parseLogUpload([jsonl()], "jsonl");
    const text = "\uFEFF" + EVENTS.map((e) => JSON.stringify(e)).join("\r\n\r\n") + "\r\n\r\n";
    const parsed = await parseLogUpload([bytes(text)], "jsonl");
    expect(parsed.sha256).toBe(reference.sha256);
    const csvBom = await parseLogUpload([bytes("\uFEFF" + csv(EVENTS, "\r\n"))], "csv");
    expect(csvBom.sha256).toBe(reference.sha256);
  });

  it("parses the same whatever the chunks, even one byte at a time through multi-byte characters", async () => {
    const reference = await parseLogUpload([jsonl()], "jsonl");
    for (const size of [1, 2, 3, 7, 64]) {
      expect((await parseLogUpload(chunked(bytes(jsonl()), size), "jsonl")).sha256).toBe(reference.sha256);
      expect((await parseLogUpload(chunked(bytes(csv()), size), "csv")).sha256).toBe(reference.sha256);
    }
    // string chunks too, a surrogate pair split between two of them
    const text = jsonl([{ ts: "2024-03-01T09:00:00Z", host: "h", service: "s", raw: "emoji 😀 here" }]);
    const at = text.indexOf("😀") + 1;
    const whole = await parseLogUpload([text], "jsonl");
    expect((await parseLogUpload([text.slice(0, at), text.slice(at)], "jsonl")).sha256).toBe(whole.sha256);
  });

  it("writes chunks of whole lines, each a gzip member, of about chunkBytes", async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      ts: `2024-03-01T09:00:${String(i % 60).padStart(2, "0")}Z`,
      host: `h${i}`,
      service: "s",
      raw: `event ${i}`,
    }));
    const parsed = await parseLogUpload([jsonl(many)], "jsonl", { chunkBytes: 1024 });
    expect(parsed.chunks.length).toBeGreaterThan(10);
    for (const c of parsed.chunks) {
      const text = new TextDecoder().decode(gunzipSync(c));
      expect(text.endsWith("\n")).toBe(true);
      expect(text.length).toBeLessThanOrEqual(1024);
    }
    expect((await events(parsed)).map((e) => e.id)).toEqual(many.map((_, i) => i + 1));
    expect(parsed.sha256).toBe((await parseLogUpload([jsonl(many)], "jsonl")).sha256);
  });

  it("reports the first malformed line with its number, and nothing else", async () => {
    const lines = jsonl().split("\n");
    lines[2] = JSON.stringify({ ...EVENTS[2], ts: "yesterday" });
    lines[3] = "{not json";
    const err = await refusal(parseLogUpload([lines.join("\n")], "jsonl"));
    expect(err.code).toBe("invalid:upload");
    expect(err.message).toBe("Line 3: ts: Invalid ISO datetime");
    expect(err.details).toEqual({ line: 3 });

    const bad = await refusal(parseLogUpload([`${JSON.stringify(EVENTS[0])}\n{not json\n`], "jsonl"));
    expect(bad.message).toMatch(/^Line 2: not valid JSON/);

    const rows = csv().split("\n");
    rows[3] = rows[3].replace('"2024-03-01T09:00:07Z"', '"2024-13-01T09:00:07Z"');
    // the header is line 1, the events lines 2, 3 and 4–5: csv-parse numbers a record by its last line
    const csvErr = await refusal(parseLogUpload([rows.join("\n")], "csv"));
    expect(csvErr.message).toBe("Line 5: ts: Invalid ISO datetime");
  });

  it("refuses an unknown field (the schema is strict), and an unknown CSV column naming it", async () => {
    const err = await refusal(parseLogUpload([jsonl([EVENTS[0], { ...EVENTS[1], severity: "high" }])], "jsonl"));
    expect(err.message).toBe('Line 2: Unrecognized key: "severity"');
    const col = await refusal(parseLogUpload(["ts,host,service,raw,severity\n2024-03-01T09:00:00Z,h,s,r,high\n"], "csv"));
    expect(col.message).toMatch(/^Line 1: unknown column "severity"/);
    const missing = await refusal(parseLogUpload(["ts,host,service\n2024-03-01T09:00:00Z,h,s\n"], "csv"));
    expect(missing.message).toBe('Line 1: the header has no "raw" column.');
    const proto = await refusal(parseLogUpload(['{"ts":"2024-03-01T09:00:00Z","host":"h","service":"s","raw":"r","fields":{"__proto__":"x"}}\n'], "jsonl"));
    expect(proto.message).toMatch(/^Line 1: fields: "__proto__"/);
  });

  it("reports csv-parse's own errors with its line number", async () => {
    const err = await refusal(parseLogUpload(["ts,host,service,raw\n2024-03-01T09:00:00Z,h,s,r\n2024-03-01T09:00:00Z,h,s,r,extra\n"], "csv"));
    expect(err.message).toMatch(/^Line 3: Invalid Record Length/);
    const fields = await refusal(parseLogUpload(['ts,host,service,raw,fields\n2024-03-01T09:00:00Z,h,s,r,"{oops"\n'], "csv"));
    expect(fields.message).toMatch(/^Line 2: fields: not valid JSON/);
  });

  it("refuses a file over maxBytes before reading the rest", async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield bytes(jsonl());
      }
    }
    const err = await refusal(parseLogUpload(endless(), "jsonl", { maxBytes: 4096 }));
    expect(err.code).toBe("too_large:upload");
    expect(err.message).toBe("The file is larger than 4 KB.");
    expect(pulled).toBeLessThan(20);
    async function* endlessCsv() {
      yield "ts,host,service,raw\n";
      for (;;) yield "2024-03-01T09:00:00Z,h,s,r\n".repeat(100);
    }
    const csvErr = await refusal(parseLogUpload(endlessCsv(), "csv", { maxBytes: 2 ** 20 }));
    expect([csvErr.code, csvErr.message]).toEqual(["too_large:upload", "The file is larger than 1 MB."]);
  });

  it("refuses a line over maxLineBytes and a file over maxEvents, with the line", async () => {
    const long = await refusal(parseLogUpload([jsonl([EVENTS[0], { ...EVENTS[1], raw: "x".repeat(2000) }])], "jsonl", { maxLineBytes: 1024 }));
    expect(long.code).toBe("invalid:upload");
    expect(long.message).toBe("Line 2: the line is longer than 1 KB.");
    const many = await refusal(parseLogUpload([jsonl()], "jsonl", { maxEvents: 3 }));
    expect(many.message).toBe("Line 4: the file holds more than 3 events.");
  });

  it("refuses invalid UTF-8 and lone surrogates, naming the line", async () => {
    const good = bytes(jsonl());
    const broken = new Uint8Array([...good.subarray(0, good.indexOf(0x0a) + 1), 0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
    const err = await refusal(parseLogUpload([broken], "jsonl"));
    expect(err.message).toBe("Line 2: the text is not valid UTF-8; save the file as UTF-8.");
    const csvErr = await refusal(parseLogUpload([new Uint8Array([...bytes("ts,host,service,raw\n2024-03-01T09:00:00Z,h,s,"), 0xc3, 0x28, 0x0a])], "csv"));
    expect(csvErr.message).toMatch(/^Line 2: the text is not valid UTF-8/);
    // an earlier record error wins over a later encoding error, though the reader found it first
    const earlier = await refusal(
      parseLogUpload([new Uint8Array([...bytes("ts,host,service,raw\nyesterday,h,s,r\n2024-03-01T09:00:00Z,h,s,"), 0xff, 0x0a])], "csv"),
    );
    expect(earlier.message).toBe("Line 2: ts: Invalid ISO datetime");
    const surrogate = await refusal(parseLogUpload([`${JSON.stringify(EVENTS[0])}\n{"raw":"\ud800"}\n`], "jsonl"));
    expect(surrogate.message).toMatch(/^Line 2: the text is not valid UTF-8/);
  });

  it("accepts an empty file as no events", async () => {
    const parsed = await parseLogUpload([], "jsonl");
    expect(parsed).toMatchObject({ eventCount: 0, chunks: [], range: null, labels: {}, hosts: 0, services: [] });
    expect(parsed.sha256).toBe(createHash("sha256").digest("hex"));
  });
});

describe("export and import again", () => {
  it("round-trips through readCanonicalEvents and toJsonLines to the same sha256", async () => {
    for (const [source, format] of [
      [jsonl(), "jsonl"],
      [csv(), "csv"],
    ] as const) {
      const first = await parseLogUpload([source], format, { chunkBytes: 256 });
      const exported = toJsonLines(await events(first));
      expect(exported.split("\n")[0]).not.toContain('"id"');
      const again = await parseLogUpload([exported], "jsonl");
      expect(again.sha256).toBe(first.sha256);
      expect(again.eventCount).toBe(first.eventCount);
      expect(toJsonLines(await events(again))).toBe(exported);
    }
  });

  it("reads chunks from an async source", async () => {
    const parsed = await parseLogUpload([jsonl()], "jsonl", { chunkBytes: 100 });
    async function* stored() {
      for (const c of parsed.chunks) yield c;
    }
    const out: number[] = [];
    for await (const e of readCanonicalEvents(stored())) out.push(e.id);
    expect(out).toEqual([1, 2, 3, 4]);
  });
});
