import { Deflate, zipSync, type Zippable, type ZipOptions } from "fflate";
import { describe, expect, it } from "vitest";
import { packArchive, unpackArchive } from "@/lib/content/archive";
import { AppError } from "@/lib/server/errors";

const text = (s: string) => new TextEncoder().encode(s);

const FILES = [
  { path: "quizzes/intro-quiz.yaml", data: "kind: quiz\nslug: intro-quiz\n" },
  { path: "labs/miner-hunt.yaml", data: "kind: lab\nslug: miner-hunt\n" },
  { path: "labs/miner-hunt.logs.jsonl", data: text('{"ts":"2024-03-01T09:00:00Z","host":"h","service":"s","raw":"r"}\n'.repeat(500)) },
];

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected a refusal");
}

/** A zip of the entries as written, with per-entry options (names fflate would not vet). */
const zipOf = (entries: Record<string, Uint8Array | [Uint8Array, ZipOptions]>) => zipSync(entries as Zippable);

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Offsets of the central-directory records of a zip fflate wrote (no comment, so the EOCD is the last 22 bytes). */
function centralRecords(zip: Uint8Array): number[] {
  const v = view(zip);
  const eocd = zip.length - 22;
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(at);
    at += 46 + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return out;
}

/** Sets one entry's declared uncompressed size in both its local header and the central directory. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const v = view(out);
  const cd = centralRecords(out)[0];
  v.setUint32(cd + 24, size, true);
  v.setUint32(v.getUint32(cd + 42, true) + 22, size, true);
  return out;
}

/** Two entries with the same name: zip one entry per name, then rename the second by hand (same length). */
function duplicateNames(first: string, second: string): Uint8Array {
  const zip = zipOf({ [first]: text("a"), [second.replace(/.$/, "_")]: text("b") });
  const v = view(zip);
  const name = text(second);
  for (const cd of centralRecords(zip)) {
    const local = v.getUint32(cd + 42, true);
    const current = new TextDecoder().decode(zip.subarray(cd + 46, cd + 46 + v.getUint16(cd + 28, true)));
    if (current === first) continue;
    zip.set(name, cd + 46);
    zip.set(name, local + 30);
  }
  return zip;
}

describe("packArchive", () => {
  it("is deterministic: pack(unpack(pack(x))) is byte-identical, whatever order the files came in", () => {
    const packed = packArchive(FILES);
    expect(packArchive([...FILES].reverse())).toEqual(packed);
    const unpacked = unpackArchive(packed);
    expect([...unpacked.keys()]).toEqual(["labs/miner-hunt.logs.jsonl", "labs/miner-hunt.yaml", "quizzes/intro-quiz.yaml"]);
    expect(new TextDecoder().decode(unpacked.get("labs/miner-hunt.yaml"))).toBe(FILES[1].data);
    const again = packArchive([...unpacked].map(([path, data]) => ({ path, data })));
    expect(Buffer.from(again).equals(Buffer.from(packed))).toBe(true);
    // DEFLATE, and the fixed 1980-01-01 00:00 DOS timestamp
    const v = view(packed);
    expect(v.getUint16(8, true)).toBe(8);
    expect(v.getUint16(10, true)).toBe(0);
    expect(v.getUint16(12, true)).toBe((0 << 9) | (1 << 5) | 1);
  });

  it("refuses to pack what unpacking would refuse", () => {
    expect(refusal(() => packArchive([{ path: "../x.yaml", data: "" }])).code).toBe("invalid:archive");
    expect(refusal(() => packArchive([{ path: "notes.txt", data: "" }])).message).toMatch(/^Unexpected file notes\.txt: an archive holds/);
  });
});

describe("unpackArchive", () => {
  it("accepts a zip made by other tools: directory entries skipped, unix modes, stored entries", () => {
    const zip = zipOf({
      "labs/": [new Uint8Array(0), { os: 3, attrs: (0o040755 << 16) | 0x10 }],
      "labs/miner-hunt.yaml": [text("kind: lab\n"), { os: 3, attrs: 0o100644 << 16, level: 0 }],
      "lessons/": new Uint8Array(0),
      "lessons/intro.md": text("# Intro\n"),
    });
    const files = unpackArchive(zip);
    expect([...files.keys()]).toEqual(["labs/miner-hunt.yaml", "lessons/intro.md"]);
    expect(new TextDecoder().decode(files.get("lessons/intro.md"))).toBe("# Intro\n");
  });

  it("refuses a file that is not a zip", () => {
    for (const bytes of [new Uint8Array(0), text("PK, but not really"), text("x".repeat(100))]) {
      const err = refusal(() => unpackArchive(bytes));
      expect(err.code).toBe("invalid:archive");
      expect(err.message).toBe("The file is not a zip archive.");
    }
    const truncated = packArchive(FILES);
    truncated[truncated.length - 22 + 16] ^= 0xff; // the central directory's offset now points nowhere
    expect(refusal(() => unpackArchive(truncated)).code).toBe("invalid:archive");
  });

  it.each([
    ["/etc/passwd", "is an absolute path"],
    ["C:/labs/x.yaml", "is an absolute path"],
    ["labs/../../etc/x.yaml", "leaves the archive's folder (..)"],
    ["..", "leaves the archive's folder (..)"],
    ["labs\\x.yaml", "contains a backslash"],
    ["labs/x\u0000.yaml", "contains a NUL byte"],
    ["labs/x\u001b[31m.yaml", "contains a control character"],
    ["labs//x.yaml", "has an empty path segment"],
    ["labs/./x.yaml", 'has a "." path segment'],
  ])("refuses the entry name %j", (name, problem) => {
    const err = refusal(() => unpackArchive(zipOf({ [name]: text("x") })));
    expect(err.code).toBe("invalid:archive");
    expect(err.message).toBe(`Entry ${JSON.stringify(name)} ${problem}.`);
  });

  it("refuses a symbolic link and other special files, from the unix mode in the central directory", () => {
    const link = zipOf({ "labs/x.yaml": [text("/etc/passwd"), { os: 3, attrs: 0o120777 << 16 }] });
    const err = refusal(() => unpackArchive(link));
    expect(err.message).toBe('Entry "labs/x.yaml" is a symbolic link; an archive holds only files.');
    const fifo = zipOf({ "labs/x.yaml": [text(""), { os: 3, attrs: 0o010644 << 16 }] });
    expect(refusal(() => unpackArchive(fifo)).message).toBe('Entry "labs/x.yaml" is not a regular file.');
  });

  it("refuses files outside the content layout", () => {
    for (const path of [
      "README.md",
      "labs/x.yml",
      "labs/X.yaml",
      "labs/a--b.yaml",
      "quizzes/x.md",
      "labs/sub/x.yaml",
      `lessons/${"a".repeat(81)}.md`,
      "labs/x.logs.txt",
    ]) {
      const err = refusal(() => unpackArchive(zipOf({ [path]: text("x") })));
      expect(err.code).toBe("invalid:archive");
      expect(err.message).toBe(
        `Unexpected file ${path}: an archive holds only lessons/<slug>.md, quizzes/<slug>.yaml, labs/<slug>.yaml, labs/<slug>.logs.jsonl, labs/<slug>.logs.csv and tracks/<slug>.yaml, with a kebab-case slug of at most 80 characters.`,
      );
    }
    expect(unpackArchive(zipOf({ [`lessons/${"a".repeat(80)}.md`]: text("x"), "tracks/t.yaml": text("x"), "labs/x.logs.csv": text("x") })).size).toBe(3);
  });

  it("refuses duplicate names, also when they differ only in case", () => {
    expect(refusal(() => unpackArchive(duplicateNames("labs/x.yaml", "labs/x.yaml"))).message).toBe('Entry "labs/x.yaml" appears twice in the archive.');
    expect(refusal(() => unpackArchive(duplicateNames("labs/x.yaml", "LABS/X.YAML"))).message).toBe('Entry "LABS/X.YAML" appears twice in the archive.');
  });

  it("refuses more files than maxFiles", () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`lessons/l${i}.md`, text("x")]));
    expect(refusal(() => unpackArchive(zipOf(many))).message).toBe("The archive holds more than 20 files.");
    expect(unpackArchive(zipOf(many), { maxFiles: 21 }).size).toBe(21);
  });

  it("refuses entries whose declared size is over the limits, before inflating any", () => {
    const zip = zipOf({ "labs/x.logs.jsonl": new Uint8Array(3000), "labs/y.logs.jsonl": new Uint8Array(3000) });
    const one = refusal(() => unpackArchive(zip, { maxEntryBytes: 2000 }));
    expect(one.code).toBe("too_large:archive");
    expect(one.message).toMatch(/^Entry "labs\/x\.logs\.jsonl" is .* unpacked; a file may be at most/);
    const total = refusal(() => unpackArchive(zip, { maxTotalBytes: 5000 }));
    expect(total.code).toBe("too_large:archive");
    expect(total.message).toMatch(/^The archive's files are more than/);
    expect(refusal(() => unpackArchive(declareSize(zip, 61 * 2 ** 20))).code).toBe("too_large:archive");
  });

  it("refuses a zip bomb that declares a small size, without inflating it", () => {
    // 100 MB of zeros, compressed as it streams (the test does not hold them either)
    const parts: Uint8Array[] = [];
    const deflate = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
    const mib = new Uint8Array(2 ** 20);
    for (let i = 0; i < 100; i++) deflate.push(mib, i === 99);
    const compressed = Buffer.concat(parts);
    expect(compressed.length).toBeLessThan(200_000);
    // a real zip around it, then the stream swapped in and the sizes made to lie
    const template = zipOf({ "labs/bomb.logs.jsonl": new Uint8Array(1) });
    const v = view(template);
    const cd = centralRecords(template)[0];
    const local = v.getUint32(cd + 42, true);
    const dataStart = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const oldSize = v.getUint32(cd + 20, true);
    const central = template.subarray(cd);
    const bomb = new Uint8Array(dataStart + compressed.length + central.length);
    bomb.set(template.subarray(0, dataStart));
    bomb.set(compressed, dataStart);
    bomb.set(central, dataStart + compressed.length);
    const b = view(bomb);
    const newCd = dataStart + compressed.length;
    for (const at of [local + 18, newCd + 20]) b.setUint32(at, compressed.length, true);
    for (const at of [local + 22, newCd + 24]) b.setUint32(at, 1000, true);
    b.setUint32(bomb.length - 22 + 16, newCd, true);
    expect(oldSize).toBeGreaterThan(0);

    const before = process.memoryUsage().arrayBuffers;
    const err = refusal(() => unpackArchive(bomb));
    expect(err.code).toBe("invalid:archive");
    expect(err.message).toBe('Entry "labs/bomb.logs.jsonl" inflates to more than the 1000 bytes it declares.');
    // it stopped after one small step: far from the 100 MB the entry holds
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * 2 ** 20);

    // the honest declaration of the same stream is refused from the directory alone
    for (const at of [local + 22, newCd + 24]) b.setUint32(at, 100 * 2 ** 20, true);
    expect(refusal(() => unpackArchive(bomb)).code).toBe("too_large:archive");
  });

  it("refuses an entry whose content does not match its checksum or its declared size", () => {
    const zip = zipOf({ "labs/x.yaml": text("kind: lab\n".repeat(20)) });
    const badCrc = zip.slice();
    const cd = centralRecords(badCrc)[0];
    view(badCrc).setUint32(cd + 16, 0x12345678, true);
    expect(refusal(() => unpackArchive(badCrc)).message).toBe('Entry "labs/x.yaml" is corrupt (its checksum does not match).');
    expect(refusal(() => unpackArchive(declareSize(zip, 500))).message).toMatch(/^Entry "labs\/x\.yaml" is corrupt \(it inflates to 200 of the 500 bytes/);
  });
});
