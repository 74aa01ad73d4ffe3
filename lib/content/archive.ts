// One zip archive per exported quiz or lab, in the content folder's own layout (`labs/<slug>.yaml`
// beside `labs/<slug>.logs.jsonl`, `quizzes/<slug>.yaml`), so an export unzipped into labs/ is
// content, and a folder zipped is an import. Packing is deterministic; unpacking trusts nothing:
// the central directory is read here with bounds checks (names, unix modes, declared sizes), and
// each entry is inflated a little at a time against its declared size, so a zip bomb is refused
// before its output exists. Pure (no "server-only"): scripts and tests use it too.
import { Inflate, zipSync, type Zippable } from "fflate";
import { AppError } from "@/lib/server/errors";

export type ArchiveFile = { path: string; data: Uint8Array | string };

export type ArchiveLimits = {
  /** files (directory entries are not counted) */
  maxFiles?: number;
  /** all files inflated */
  maxTotalBytes?: number;
  /** one file inflated */
  maxEntryBytes?: number;
};

export const ARCHIVE_LIMITS = {
  maxFiles: 20,
  maxEntryBytes: 60 * 2 ** 20,
  maxTotalBytes: 64 * 2 ** 20,
} as const;

/** DOS time starts in 1980; local time, as fflate writes it, so the bytes are the same in every time zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const LEVEL = 6;

const SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
const LAYOUT = new RegExp(`^(?:lessons/(${SLUG})\\.md|quizzes/(${SLUG})\\.yaml|labs/(${SLUG})\\.(?:yaml|logs\\.jsonl|logs\\.csv)|tracks/(${SLUG})\\.yaml)$`);
const MAX_SLUG = 80;
const LAYOUT_TEXT =
  "an archive holds only lessons/<slug>.md, quizzes/<slug>.yaml, labs/<slug>.yaml, labs/<slug>.logs.jsonl, labs/<slug>.logs.csv and tracks/<slug>.yaml, with a kebab-case slug of at most 80 characters.";

const invalid = (message: string) => new AppError("invalid:archive", message);
const quoted = (name: string) => JSON.stringify(name);
const mb = (n: number) => `${Math.round((n / 2 ** 20) * 10) / 10} MB`;

/** What is wrong with an entry name as a path inside the archive; null when nothing is. */
function nameProblem(name: string): string | null {
  if (name === "") return "has an empty name";
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return c === 0 ? "contains a NUL byte" : "contains a control character";
  }
  if (name.includes("\\")) return "contains a backslash";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "is an absolute path";
  const segments = name.split("/");
  if (segments.includes("..")) return "leaves the archive's folder (..)";
  if (segments.includes(".")) return 'has a "." path segment';
  if (segments.includes("")) return "has an empty path segment";
  return null;
}

/** The entry name as a file of the content layout; throws a sentence naming it otherwise. */
function checkLayout(name: string) {
  const m = LAYOUT.exec(name);
  const slug = m && (m[1] ?? m[2] ?? m[3] ?? m[4]);
  if (!slug || slug.length > MAX_SLUG) throw invalid(`Unexpected file ${name}: ${LAYOUT_TEXT}`);
}

/**
 * A zip of the files, the same bytes for the same files: sorted paths, a fixed mtime, DEFLATE level
 * 6, no attributes. So pack(unpack(pack(x))) is byte-identical, and an export can be compared.
 * Only what unpackArchive accepts is packed (a name it would refuse throws invalid:archive).
 */
export function packArchive(files: ArchiveFile[]): Uint8Array {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  // a null-prototype object: a path is a key, and no key may meet Object.prototype
  const zippable: Zippable = Object.create(null) as Zippable;
  for (const { path, data } of sorted) {
    const problem = nameProblem(path);
    if (problem) throw invalid(`Entry ${quoted(path)} ${problem}.`);
    checkLayout(path);
    if (seen.has(path.toLowerCase())) throw invalid(`Entry ${quoted(path)} appears twice in the archive.`);
    seen.add(path.toLowerCase());
    zippable[path] = [typeof data === "string" ? new TextEncoder().encode(data) : data, { level: LEVEL, mtime: FIXED_MTIME }];
  }
  return zipSync(zippable, { level: LEVEL, mtime: FIXED_MTIME });
}

// --- reading -----------------------------------------------------------------------------------

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;

/** Compressed input handed to the inflater at a time: DEFLATE expands at most ~1032:1, so one step makes at most ~4 MB. */
const INFLATE_STEP = 4096;

type Entry = {
  name: string;
  nameBytes: Uint8Array;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  directory: boolean;
};

/** Little-endian reads that refuse to leave the buffer (a truncated or lying archive). */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private check(at: number, n: number) {
    if (at < 0 || at + n > this.bytes.length) throw invalid("The archive is truncated or corrupt.");
  }
  u16(at: number): number {
    this.check(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    this.check(at, 4);
    return this.view.getUint32(at, true);
  }
  slice(at: number, n: number): Uint8Array {
    this.check(at, n);
    return this.bytes.subarray(at, at + n);
  }
}

/** The end-of-central-directory record: the last signature whose comment runs exactly to the end. */
function findEocd(r: Reader): number {
  const len = r.bytes.length;
  for (let at = len - EOCD_SIZE; at >= 0 && at >= len - EOCD_SIZE - 0xffff; at--) {
    if (r.u32(at) === SIG_EOCD && at + EOCD_SIZE + r.u16(at + 20) === len) return at;
  }
  throw invalid("The file is not a zip archive.");
}

const nameDecoder = new TextDecoder("utf-8", { fatal: true });

function readCentralDirectory(r: Reader): { entries: Entry[]; centralStart: number } {
  const eocd = findEocd(r);
  const disk = r.u16(eocd + 4);
  const cdDisk = r.u16(eocd + 6);
  const onDisk = r.u16(eocd + 8);
  const total = r.u16(eocd + 10);
  const cdSize = r.u32(eocd + 12);
  const cdStart = r.u32(eocd + 16);
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) throw invalid("Archives split over several files are not supported.");
  // ZIP64 marks its sizes 0xFFFF/0xFFFFFFFF here; nothing within our limits needs it
  if (total === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) throw invalid("ZIP64 archives are not supported.");
  if (cdStart + cdSize > eocd) throw invalid("The archive is truncated or corrupt.");

  const entries: Entry[] = [];
  let at = cdStart;
  for (let i = 0; i < total; i++) {
    if (at + CENTRAL_SIZE > cdStart + cdSize || r.u32(at) !== SIG_CENTRAL) throw invalid("The archive's central directory is corrupt.");
    const flags = r.u16(at + 8);
    const method = r.u16(at + 10);
    const crc = r.u32(at + 16);
    const compressedSize = r.u32(at + 20);
    const size = r.u32(at + 24);
    const nameLen = r.u16(at + 28);
    const extraLen = r.u16(at + 30);
    const commentLen = r.u16(at + 32);
    const external = r.u32(at + 38);
    const localOffset = r.u32(at + 42);
    const next = at + CENTRAL_SIZE + nameLen + extraLen + commentLen;
    if (next > cdStart + cdSize) throw invalid("The archive's central directory is corrupt.");
    const nameBytes = r.slice(at + CENTRAL_SIZE, nameLen);
    let name: string;
    try {
      name = nameDecoder.decode(nameBytes);
    } catch {
      throw invalid(`Entry ${i + 1} has a name that is not UTF-8.`);
    }
    const problem = nameProblem(name.endsWith("/") ? name.slice(0, -1) : name);
    if (problem) throw invalid(`Entry ${quoted(name)} ${problem}.`);
    // the upper half is a unix st_mode whatever "made by" says (macOS writes 19, zip on Linux 3); 0 when none was recorded
    const mode = (external >>> 16) & S_IFMT;
    if (mode === S_IFLNK) throw invalid(`Entry ${quoted(name)} is a symbolic link; an archive holds only files.`);
    if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) throw invalid(`Entry ${quoted(name)} is not a regular file.`);
    if (flags & 0x41) throw invalid(`Entry ${quoted(name)} is encrypted.`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw invalid("ZIP64 archives are not supported.");
    const directory = name.endsWith("/") || mode === S_IFDIR || (external & DOS_DIRECTORY) !== 0;
    if (directory && size !== 0) throw invalid(`Entry ${quoted(name)} is a directory with data.`);
    if (!directory && method !== 0 && method !== 8)
      throw invalid(`Entry ${quoted(name)} uses compression method ${method}; only stored and DEFLATE are supported.`);
    if (!directory && method === 0 && compressedSize !== size) throw invalid(`Entry ${quoted(name)} is corrupt (stored with two different sizes).`);
    entries.push({ name, nameBytes, method, crc, compressedSize, size, localOffset, directory });
    at = next;
  }
  return { entries, centralStart: cdStart };
}

/** Where an entry's data is: after its local header, which must name the same file and lie before the directory. */
function dataRange(r: Reader, e: Entry, centralStart: number): [number, number] {
  const at = e.localOffset;
  if (at + LOCAL_SIZE > centralStart || r.u32(at) !== SIG_LOCAL) throw invalid(`Entry ${quoted(e.name)} is corrupt (no local header).`);
  const nameLen = r.u16(at + 26);
  const extraLen = r.u16(at + 28);
  const local = r.slice(at + LOCAL_SIZE, nameLen);
  // a local name that differs is how an archive shows one tool one file and another tool another
  if (local.length !== e.nameBytes.length || local.some((b, i) => b !== e.nameBytes[i]))
    throw invalid(`Entry ${quoted(e.name)} has a different name in its local header.`);
  const start = at + LOCAL_SIZE + nameLen + extraLen;
  const end = start + e.compressedSize;
  if (end > centralStart) throw invalid(`Entry ${quoted(e.name)} is truncated.`);
  return [start, end];
}

/** Inflates at most `e.size` bytes: input is fed in small steps and the first byte past it throws. */
function inflateEntry(data: Uint8Array, e: Entry): Uint8Array {
  if (e.method === 0) return data.slice();
  const out = new Uint8Array(e.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > e.size) throw invalid(`Entry ${quoted(e.name)} inflates to more than the ${e.size} bytes it declares.`);
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let at = 0; at < data.length; at += INFLATE_STEP) inflater.push(data.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= data.length);
    if (data.length === 0) inflater.push(data, true);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw invalid(`Entry ${quoted(e.name)} is corrupt (${err instanceof Error ? err.message : "bad DEFLATE data"}).`);
  }
  if (written !== e.size) throw invalid(`Entry ${quoted(e.name)} is corrupt (it inflates to ${written} of the ${e.size} bytes it declares).`);
  return out;
}

let crcTable: Uint32Array | null = null;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The files of an archive by path (directory entries skipped), or AppError `invalid:archive` with
 * a sentence naming the entry, `too_large:archive` when its files are (or would inflate) larger
 * than the limits. Every name, type and size is checked before anything is inflated.
 */
export function unpackArchive(bytes: Uint8Array, limits: ArchiveLimits = {}): Map<string, Uint8Array> {
  const maxFiles = limits.maxFiles ?? ARCHIVE_LIMITS.maxFiles;
  const maxEntryBytes = limits.maxEntryBytes ?? ARCHIVE_LIMITS.maxEntryBytes;
  const maxTotalBytes = limits.maxTotalBytes ?? ARCHIVE_LIMITS.maxTotalBytes;
  const r = new Reader(bytes);
  const { entries, centralStart } = readCentralDirectory(r);

  const files: Entry[] = [];
  const seen = new Set<string>();
  let declared = 0;
  for (const e of entries) {
    if (e.directory) continue;
    // case-insensitive: unzipped on macOS or Windows, two such names are one file
    const key = e.name.toLowerCase();
    if (seen.has(key)) throw invalid(`Entry ${quoted(e.name)} appears twice in the archive.`);
    seen.add(key);
    checkLayout(e.name);
    if (files.length >= maxFiles) throw invalid(`The archive holds more than ${maxFiles} files.`);
    if (e.size > maxEntryBytes)
      throw new AppError("too_large:archive", `Entry ${quoted(e.name)} is ${mb(e.size)} unpacked; a file may be at most ${mb(maxEntryBytes)}.`);
    declared += e.size;
    if (declared > maxTotalBytes) throw new AppError("too_large:archive", `The archive's files are more than ${mb(maxTotalBytes)} unpacked.`);
    files.push(e);
  }

  // entries sharing compressed bytes (the overlapping-file zip bomb) are refused outright
  const ranges = entries.map((e) => ({ e, range: dataRange(r, e, centralStart) })).sort((a, b) => a.e.localOffset - b.e.localOffset);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i].e.localOffset < ranges[i - 1].range[1]) throw invalid(`Entry ${quoted(ranges[i].e.name)} overlaps another entry.`);
  }
  const rangeOf = new Map(ranges.map(({ e, range }) => [e, range]));

  const out = new Map<string, Uint8Array>();
  for (const e of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const [start, end] = rangeOf.get(e) ?? [0, 0];
    const data = inflateEntry(bytes.subarray(start, end), e);
    if (crc32(data) !== e.crc) throw invalid(`Entry ${quoted(e.name)} is corrupt (its checksum does not match).`);
    out.set(e.name, data);
  }
  return out;
}
