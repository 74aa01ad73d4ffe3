// Persisted datasets, on the engine's side. A learner's dataset is a pure function of (lab, seed,
// size, generator version), so it is generated once, written as a read-only DuckDB file with its
// ground truth and a few facts beside it, and from then on opened in tens of milliseconds —
// after an eviction, an engine restart or a deploy alike. Files from another generator version
// live in another folder and are never read. An uploaded dataset is named by the sha256 of its
// canonical lines; the engine cannot build it on its own (no database access), so until the app
// has pushed it (`load`, from `/v1/load`) its calls fail with MissingData.
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { GENERATOR_VERSION, type GroundTruth } from "@/lib/labgen";
import { withDataset } from "./cache";
import { openDataset, type DatasetHooks } from "./dataset";
import { generateLearnerLab } from "./generate";
import { buildDatasetFile, type DatasetMeta } from "./load";
import { isUploadSpec, type AnyDatasetSpec, type DatasetFacts, type DatasetSpec, type PrepareResult, type UploadSpec, type UploadTruth } from "./protocol";
import type { LabDataset } from "./types";
import { DEFAULT_LOAD_LIMITS, MissingData, readUpload, type LoadLimits } from "./upload";

type Files = { dir: string; data: string; truth: string; meta: string };
type Building = { truth: Promise<GroundTruth>; done: Promise<DatasetMeta> };

/** Uploaded datasets: `LAB_DATA_DIR/uploads/<sha256>.{duckdb,truth.json,meta.json}`. */
const UPLOADS = "uploads";
const UPLOAD_FILE = /^uploads[/\\][0-9a-f]{64}\.duckdb$/;

const readJson = <T>(file: string): T | undefined => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
};

/** Written to a temporary name and renamed, so a reader sees the whole file or none. */
function writeJsonAtomically(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Disk the dataset files may take (LAB_DATA_MAX_MB); the least recently opened go first. */
const maxBytes = () => (Number(process.env.LAB_DATA_MAX_MB) > 0 ? Number(process.env.LAB_DATA_MAX_MB) : 10_240) * 2 ** 20;

export class DatasetStore {
  private readonly building = new Map<string, Building>();
  /** uploads being loaded in this process, by sha256 */
  private readonly loading = new Map<string, Promise<DatasetMeta>>();

  constructor(readonly root: string) {}

  /**
   * Keeps the data files within the disk budget: files of other generator versions go first (they
   * are never read again), then the least recently opened, generated and uploaded alike. Only data
   * files and their facts are removed; the small truth files stay, so grading never needs a
   * rebuild. A removed file that a process still has open keeps working until it is closed; the
   * next open builds it again (an upload's answers missing_data, and the app pushes it again).
   */
  sweep(): void {
    if (!fs.existsSync(this.root)) return;
    type File = { data: string; meta: string; bytes: number; used: number; current: boolean };
    const files: File[] = [];
    for (const name of fs.readdirSync(this.root, { recursive: true }).map(String)) {
      if (!name.endsWith(".duckdb")) continue;
      const data = path.join(this.root, name);
      const meta = data.replace(/\.duckdb$/, ".meta.json");
      try {
        const used = fs.existsSync(meta) ? fs.statSync(meta).mtimeMs : 0;
        const current = path.basename(path.dirname(data)) === `v${GENERATOR_VERSION}` || UPLOAD_FILE.test(name);
        files.push({ data, meta, bytes: fs.statSync(data).size, used, current });
      } catch {
        // removed meanwhile by another process
      }
    }
    let total = files.reduce((sum, f) => sum + f.bytes, 0);
    const budget = maxBytes();
    if (total <= budget) return;
    files.sort((a, b) => Number(a.current) - Number(b.current) || a.used - b.used);
    for (const f of files) {
      if (total <= budget * 0.9) break;
      fs.rmSync(f.meta, { force: true });
      fs.rmSync(f.data, { force: true });
      total -= f.bytes;
    }
  }

  key(spec: AnyDatasetSpec): string {
    if (isUploadSpec(spec)) return `${UPLOADS}/${spec.upload}`;
    return `${spec.slug}/v${GENERATOR_VERSION}/${spec.seed}-${spec.targetEvents}`;
  }

  private files(spec: AnyDatasetSpec): Files {
    if (isUploadSpec(spec)) {
      const dir = path.join(this.root, UPLOADS);
      const base = path.join(dir, spec.upload);
      return { dir, data: `${base}.duckdb`, truth: `${base}.truth.json`, meta: `${base}.meta.json` };
    }
    const dir = path.join(this.root, spec.slug, `v${GENERATOR_VERSION}`);
    const base = path.join(dir, `${spec.seed}-${spec.targetEvents}`);
    return { dir, data: `${base}.duckdb`, truth: `${base}.truth.json`, meta: `${base}.meta.json` };
  }

  /** How many datasets are being generated or loaded right now. */
  get preparing(): number {
    return this.building.size + this.loading.size;
  }

  /** Generates and writes the dataset once per key, however many callers ask at the same time. */
  private build(spec: DatasetSpec): Building {
    const key = this.key(spec);
    const existing = this.building.get(key);
    if (existing) return existing;
    const files = this.files(spec);
    const generated = generateLearnerLab(spec.seed, spec.targetEvents);
    const truth = generated.then(({ truth }) => {
      fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
      writeJsonAtomically(files.truth, truth);
      return truth;
    });
    const done = (async () => {
      const { encoded } = await generated;
      await truth;
      const meta = await buildDatasetFile(files.data, encoded);
      // meta last: its presence says the data file beside it is complete
      writeJsonAtomically(files.meta, meta);
      this.sweep();
      return meta;
    })();
    const entry = { truth, done };
    this.building.set(key, entry);
    done.then(
      () => this.building.delete(key),
      () => this.building.delete(key),
    );
    // a caller that only waits for the truth must not leave a failed build unhandled
    done.catch(() => undefined);
    return entry;
  }

  /** The ground truth, as soon as it is known: from its file, or from a build under way. */
  async truth(spec: DatasetSpec): Promise<GroundTruth>;
  async truth(spec: UploadSpec): Promise<UploadTruth>;
  async truth(spec: AnyDatasetSpec): Promise<GroundTruth | UploadTruth>;
  async truth(spec: AnyDatasetSpec): Promise<GroundTruth | UploadTruth> {
    const files = this.files(spec);
    if (isUploadSpec(spec)) {
      await this.loaded(spec);
      const stored = readJson<UploadTruth>(files.truth);
      if (!stored) throw new MissingData();
      return stored;
    }
    const stored = readJson<GroundTruth>(files.truth);
    if (stored) return stored;
    return await this.build(spec).truth;
  }

  /** Waits for a load of this upload under way in this process, if any (its failure is the loader's to report). */
  private async loaded(spec: UploadSpec): Promise<void> {
    await this.loading.get(spec.upload)?.catch(() => undefined);
  }

  /** The facts of a dataset whose files are all there (meta last: it says the others are complete). */
  private complete(files: Files): DatasetMeta | undefined {
    const meta = readJson<DatasetMeta>(files.meta);
    return meta && fs.existsSync(files.data) && readJson(files.truth) ? meta : undefined;
  }

  /** Makes sure the files exist; returns the facts the lab page shows. */
  async ensure(spec: AnyDatasetSpec): Promise<DatasetMeta> {
    const files = this.files(spec);
    if (isUploadSpec(spec)) await this.loaded(spec);
    const meta = this.complete(files);
    if (meta) return meta;
    if (isUploadSpec(spec)) throw new MissingData();
    return await this.build(spec).done;
  }

  async prepare<S extends AnyDatasetSpec>(spec: S, wait: "truth" | "dataset"): Promise<PrepareResult<S>> {
    if (wait === "truth") return { truth: await this.truth(spec) } as PrepareResult<S>;
    const meta = await this.ensure(spec);
    const schema = await this.use(spec, async (dataset) => dataset.schema());
    return { truth: await this.truth(spec), meta: { ...meta, schema } } as PrepareResult<S>;
  }

  /**
   * Builds an uploaded dataset from its gzip stream (the request body), once per sha256 however
   * many loads of it arrive at the same time; one that is already built is answered at once (its
   * body left unread). A refusal (LoadRefused: a malformed line, a wrong sha256, too large) leaves
   * no file behind. `built` says whether this call built it.
   */
  async load(sha256: string, compressed: Readable, limits: LoadLimits = DEFAULT_LOAD_LIMITS): Promise<{ meta: DatasetFacts; built: boolean }> {
    const spec: UploadSpec = { upload: sha256 };
    const files = this.files(spec);
    for (;;) {
      const meta = this.complete(files);
      if (meta) return { meta: { ...meta, schema: await this.use(spec, async (d) => d.schema()) }, built: false };
      const running = this.loading.get(sha256);
      if (!running) break;
      // another request is loading the same data: this one's body is only needed if that one fails
      await running.catch(() => undefined);
    }
    const building = this.buildUpload(files, sha256, compressed, limits);
    this.loading.set(sha256, building);
    try {
      const meta = await building;
      return { meta: { ...meta, schema: await this.use(spec, async (d) => d.schema()) }, built: true };
    } finally {
      this.loading.delete(sha256);
    }
  }

  private async buildUpload(files: Files, sha256: string, compressed: Readable, limits: LoadLimits): Promise<DatasetMeta> {
    const reader = readUpload(sha256, compressed, limits);
    // the data file is renamed into place only once every line was valid and the sha256 matched
    const meta = await buildDatasetFile(files.data, reader.encoded);
    try {
      writeJsonAtomically(files.truth, reader.truth());
      // meta last: its presence says the files beside it are complete
      writeJsonAtomically(files.meta, meta);
    } catch (err) {
      for (const f of [files.meta, files.data]) fs.rmSync(f, { force: true });
      throw err;
    }
    this.sweep();
    return meta;
  }

  /** Runs fn on the learner's open dataset (from the engine's cache, else opened from its file). */
  /** `learner`: on an uploaded dataset (one file for all its learners), the instance is theirs alone */
  async use<T>(spec: AnyDatasetSpec, fn: (dataset: LabDataset) => Promise<T>, learner?: string): Promise<T> {
    const key = isUploadSpec(spec) && learner ? `${this.key(spec)}#${learner}` : this.key(spec);
    const files = this.files(spec);
    const open = async (hooks: DatasetHooks) => {
      await this.ensure(spec);
      return await openDataset(key, files.data, hooks);
    };
    // the facts file's time says when the dataset was last used: the sweep removes the oldest
    const now = new Date();
    fs.promises.utimes(files.meta, now, now).catch(() => undefined);
    return await withDataset(key, open, fn);
  }
}
