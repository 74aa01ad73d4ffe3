// Persisted datasets, on the engine's side. A learner's dataset is a pure function of (lab, seed,
// size, generator version), so it is generated once, written as a read-only DuckDB file with its
// ground truth and a few facts beside it, and from then on opened in tens of milliseconds —
// after an eviction, an engine restart or a deploy alike. Files from another generator version
// live in another folder and are never read.
import fs from "node:fs";
import path from "node:path";
import { GENERATOR_VERSION, type GroundTruth } from "@/lib/labgen";
import { withDataset } from "./cache";
import { openDataset, type DatasetHooks } from "./dataset";
import { generateLearnerLab } from "./generate";
import { buildDatasetFile, type DatasetMeta } from "./load";
import type { DatasetSpec, PrepareResult } from "./protocol";
import type { LabDataset } from "./types";

type Files = { dir: string; data: string; truth: string; meta: string };
type Building = { truth: Promise<GroundTruth>; done: Promise<DatasetMeta> };

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

  constructor(readonly root: string) {}

  /**
   * Keeps the data files within the disk budget: files of other generator versions go first (they
   * are never read again), then the least recently opened. Only data files and their facts are
   * removed; the small truth files stay, so grading never needs a rebuild. A removed file that a
   * process still has open keeps working until it is closed; the next open builds it again.
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
        files.push({ data, meta, bytes: fs.statSync(data).size, used, current: path.basename(path.dirname(data)) === `v${GENERATOR_VERSION}` });
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

  key(spec: DatasetSpec): string {
    return `${spec.slug}/v${GENERATOR_VERSION}/${spec.seed}-${spec.targetEvents}`;
  }

  private files(spec: DatasetSpec): Files {
    const dir = path.join(this.root, spec.slug, `v${GENERATOR_VERSION}`);
    const base = path.join(dir, `${spec.seed}-${spec.targetEvents}`);
    return { dir, data: `${base}.duckdb`, truth: `${base}.truth.json`, meta: `${base}.meta.json` };
  }

  /** How many datasets are being generated right now. */
  get preparing(): number {
    return this.building.size;
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
  async truth(spec: DatasetSpec): Promise<GroundTruth> {
    const files = this.files(spec);
    const stored = readJson<GroundTruth>(files.truth);
    if (stored) return stored;
    return await this.build(spec).truth;
  }

  /** Makes sure the files exist; returns the facts the lab page shows. */
  async ensure(spec: DatasetSpec): Promise<DatasetMeta> {
    const files = this.files(spec);
    const meta = readJson<DatasetMeta>(files.meta);
    if (meta && fs.existsSync(files.data) && readJson(files.truth)) return meta;
    return await this.build(spec).done;
  }

  async prepare(spec: DatasetSpec, wait: "truth" | "dataset"): Promise<PrepareResult> {
    if (wait === "truth") return { truth: await this.truth(spec) };
    const meta = await this.ensure(spec);
    const schema = await this.use(spec, async (dataset) => dataset.schema());
    return { truth: await this.truth(spec), meta: { ...meta, schema } };
  }

  /** Runs fn on the learner's open dataset (from the engine's cache, else opened from its file). */
  async use<T>(spec: DatasetSpec, fn: (dataset: LabDataset) => Promise<T>): Promise<T> {
    const key = this.key(spec);
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
