// The engine's side of uploaded datasets without DuckDB: the spec in the protocol, and the reader
// of a pushed gzip stream (inflate, sha256, lines, canonical events, batches, labels).
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { specKey } from "@/lib/server/lab-engine/client";
import { datasetSpecSchema, isUploadSpec, requestSchemas } from "@/lib/server/lab-engine/protocol";
import { DEFAULT_LOAD_LIMITS, LoadRefused, SHA_MISMATCH, readUpload, type LoadLimits } from "@/lib/server/lab-engine/upload";

const SHA = "a".repeat(64);

type Line = Record<string, unknown>;
const event = (id: number, extra: Line = {}): Line => ({
  id,
  ts: new Date(Date.UTC(2026, 2, 9, 1, 0, 0) + id * 1000).toISOString(),
  host: `host-${id % 3}`,
  service: "sshd",
  level: "INFO",
  message: `message ${id}`,
  raw: `raw line ${id}`,
  fields: { pid: String(100 + id) },
  ...extra,
});

/** Lines as the app stores them: gzip members of whole lines, and the sha256 of the text. */
function pack(lines: (Line | string)[], perMember = 7) {
  const text = lines.map((l) => `${typeof l === "string" ? l : JSON.stringify(l)}\n`);
  const members: Buffer[] = [];
  for (let i = 0; i < text.length; i += perMember) members.push(gzipSync(text.slice(i, i + perMember).join("")));
  return { members, sha: createHash("sha256").update(text.join("")).digest("hex"), text: text.join("") };
}

async function read(members: Buffer[], sha: string, limits: Partial<LoadLimits> = {}) {
  const reader = readUpload(sha, Readable.from(members), { ...DEFAULT_LOAD_LIMITS, ...limits });
  let rows = 0;
  const ids: string[] = [];
  for await (const batch of reader.encoded.batches) {
    rows += batch.rows;
    ids.push(...batch.columns[0].split(batch.sep));
  }
  return { rows, count: reader.encoded.count, ids, truth: reader.truth() };
}

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LoadRefused);
    return err as LoadRefused;
  }
  throw new Error("expected a refusal");
};

describe("the upload spec", () => {
  it("is a strict object of a lowercase hex sha256, beside the generated spec", () => {
    expect(datasetSpecSchema.safeParse({ upload: SHA }).success).toBe(true);
    expect(datasetSpecSchema.safeParse({ slug: "a-b", seed: "0123abcd", targetEvents: 10 }).success).toBe(true);
    for (const bad of [
      { upload: SHA.toUpperCase() },
      { upload: "a".repeat(63) },
      { upload: SHA, slug: "a" },
      { upload: SHA, seed: "0123abcd", slug: "a", targetEvents: 1 },
    ])
      expect(datasetSpecSchema.safeParse(bad).success).toBe(false);
    expect(requestSchemas.query.safeParse({ spec: { upload: SHA }, sql: "SELECT 1" }).success).toBe(true);
    expect(isUploadSpec({ upload: SHA })).toBe(true);
    expect(isUploadSpec({ slug: "a", seed: "0123abcd", targetEvents: 1 })).toBe(false);
    expect(specKey({ upload: SHA })).toBe(`upload:${SHA}`);
    expect(specKey({ slug: "a", seed: "0123abcd", targetEvents: 1 })).toBe("a:0123abcd:1");
  });
});

describe("reading a pushed upload", () => {
  it("reads several gzip members into batches, ids 1..N, with the ids of each label", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => event(i + 1, i % 10 === 3 ? { label: "miner" } : i % 17 === 0 ? { label: "exfil" } : {}));
    const { members, sha } = pack(lines);
    expect(members.length).toBeGreaterThan(5);
    const out = await read(members, sha, { batchBytes: 1000 });
    expect(out.rows).toBe(50);
    expect(out.count).toBe(50);
    expect(out.ids).toEqual(lines.map((l) => String(l.id)));
    expect(out.truth).toEqual({ labels: { exfil: [1, 18, 35], miner: [4, 14, 24, 34, 44] } });
  });

  it("takes an empty body as no events", async () => {
    const out = await read([], createHash("sha256").update("").digest("hex"));
    expect(out).toMatchObject({ rows: 0, count: 0, truth: { labels: {} } });
  });

  it("refuses a sha256 that does not match the content", async () => {
    const { members } = pack([event(1), event(2)]);
    const err = await refusal(read(members, SHA));
    expect({ status: err.status, message: err.message }).toEqual({ status: 400, message: SHA_MISMATCH });
  });

  it("names the line of a malformed event", async () => {
    const cases: [Line | string, RegExp][] = [
      ["not json", /^Line 3: not valid JSON/],
      [event(3, { id: 4 }), /^Line 3: id: expected 3/],
      [event(3, { level: "NOTICE" }), /^Line 3: level:/],
      [event(3, { ts: "2026-03-09T03:00:00+02:00" }), /^Line 3: ts:/],
      [event(3, { host: " padded " }), /^Line 3: host: surrounding whitespace/],
      [event(3, { label: "Not Kebab" }), /^Line 3: label:/],
      [event(3, { extra: 1 }), /^Line 3: .*extra/],
      [event(3, { message: undefined }), /^Line 3: message:/],
      [event(3, { raw: "a\u0001b" }), /^Line 3: raw:/],
      [
        '{"id":3,"ts":"2026-03-09T01:00:03.000Z","host":"h","service":"s","level":"INFO","message":"m","raw":"r","fields":{"__proto__":"x"}}',
        /^Line 3: fields: "__proto__"/,
      ],
    ];
    for (const [bad, message] of cases) {
      const { members, sha } = pack([event(1), event(2), bad, event(4)], 2);
      const err = await refusal(read(members, sha));
      expect(err.message).toMatch(message);
      expect({ status: err.status, line: err.line }).toEqual({ status: 400, line: 3 });
    }
    // an empty line, and a last line without its line break
    const empty = pack([event(1), ""]);
    expect((await refusal(read(empty.members, empty.sha))).message).toMatch(/^Line 2: an empty line/);
    const text = `${JSON.stringify(event(1))}\n${JSON.stringify(event(2))}`;
    const cut = await refusal(read([gzipSync(text)], createHash("sha256").update(text).digest("hex")));
    expect(cut.message).toMatch(/^Line 2: the last line has no line break/);
  });

  it("refuses what is not gzip, and data past its limits", async () => {
    const { members, sha } = pack(Array.from({ length: 30 }, (_, i) => event(i + 1)));
    expect((await refusal(read([Buffer.from("plain text\n")], sha))).message).toMatch(/not a valid gzip stream/);
    expect((await refusal(read([members[0].subarray(0, 20)], sha))).message).toMatch(/not a valid gzip stream/);
    expect((await refusal(read(members, sha, { maxBytes: 1000 }))).status).toBe(413);
    expect((await refusal(read(members, sha, { maxCompressedBytes: 200 }))).status).toBe(413);
    const many = await refusal(read(members, sha, { maxEvents: 10 }));
    expect({ line: many.line, message: many.message }).toEqual({ line: 11, message: "Line 11: the data holds more than 10 events." });
    expect((await refusal(read(members, sha, { maxLineBytes: 50 }))).message).toMatch(/^Line 1: the line is longer/);
  });
});
