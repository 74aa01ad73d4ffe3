// Persisted datasets, on the engine's side. A learner's dataset is a pure function of (lab, seed,
// size, generator version), so it is generated once, written as a read-only DuckDB file with its
// ground truth and a few facts beside it, and from then on opened in tens of milliseconds —
// after an eviction, an engine restart or a deploy alike. Files from another generator version
// live in another folder and are never read.
import fs from "node:fs";
import path from "node:path";
import { GENERATOR_VERSION, type GroundTruth } from "@/lib/labgen";
import { useDataset } from "./cache";
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

export class DatasetStore {
  private readonly building = new Map<string, Building>();

  constructor(readonly root: string) {}

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
    const open = async (hooks: DatasetHooks) => {
      await this.ensure(spec);
      return await openDataset(key, this.files(spec).data, hooks);
    };
    return await useDataset(key, open, fn);
  }
}
