// Open datasets by key, in one engine process. An open dataset holds the blocks its queries
// touched (~20 MB per 200k events), so a bounded number stay open: the least recently used goes
// first, and an idle one is closed. Both are safe because a dataset is a pure function of its
// key: reopening its file (or rebuilding it, for datasets made from events in hand) gives it back;
// an uploaded dataset whose file is gone too answers missing_data, and the app pushes it again.
import type { LogEvent } from "@/lib/labgen";
import { createDataset, type DatasetHooks } from "./dataset";
import type { EncodedEvents } from "./encode";
import type { LabDataset } from "./types";

// leases: requests using the dataset right now; one with a lease is never closed under them
type Entry = { ready: Promise<LabDataset>; built: boolean; leases: number; idle?: NodeJS.Timeout };

// On globalThis: Next's dev server re-evaluates modules, which would orphan open databases.
const store = globalThis as unknown as { watchfloorLabDatasets?: Map<string, Entry> };
const entries = (store.watchfloorLabDatasets ??= new Map<string, Entry>());

function envNumber(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

// Read on every use, so a deployment (or a test) can change them without reloading the module.
const maxDatasets = () => Math.floor(envNumber("LAB_MAX_DATASETS", 32));
const idleMs = () => envNumber("LAB_IDLE_MS", 15 * 60_000);

function evict(key: string, entry: Entry): void {
  if (entries.get(key) !== entry) return;
  entries.delete(key);
  clearTimeout(entry.idle);
  // A failed build has nothing to close; a live one waits for running work before closing.
  void entry.ready.then((d) => d.close()).catch(() => undefined);
}

/** Marks a key as just used: last in LRU order, idle timer restarted. */
function touch(key: string, entry: Entry): void {
  if (entries.get(key) !== entry) return;
  entries.delete(key);
  entries.set(key, entry);
  clearTimeout(entry.idle);
  // idle time counts from the end of the build, not from the request that started it
  entry.idle = setTimeout(() => (entry.built && entry.leases === 0 ? evict(key, entry) : touch(key, entry)), idleMs());
  // the timer must not keep a script or test process alive
  entry.idle.unref();
}

/** `build` may return the events, or their encoded form when it ran in a worker thread (encode.ts). */
export function getDataset(key: string, build: () => LogEvent[] | EncodedEvents | Promise<LogEvent[] | EncodedEvents>): Promise<LabDataset> {
  return getDatasetWith(key, async (hooks) => createDataset(key, await build(), hooks));
}

/** The open dataset for `key`, or the one `open` makes (once, however many ask at the same time). */
export function getDatasetWith(key: string, open: (hooks: DatasetHooks) => Promise<LabDataset>): Promise<LabDataset> {
  return acquire(key, open, false).ready;
}

/** The entry for `key`, made if needed; with `lease`, leased before anything can be evicted. */
function acquire(key: string, open: (hooks: DatasetHooks) => Promise<LabDataset>, lease: boolean): Entry {
  const existing = entries.get(key);
  if (existing) {
    if (lease) existing.leases++;
    touch(key, existing);
    return existing;
  }
  // onUse only runs once the dataset exists, by which time entry is set
  const ready = open({ onUse: () => touch(key, entry) });
  const entry: Entry = { ready, built: false, leases: lease ? 1 : 0 };
  ready.then(
    () => {
      entry.built = true;
      touch(key, entry);
    },
    // a failed build is forgotten so that the next call tries again
    () => evict(key, entry),
  );
  entries.set(key, entry);
  touch(key, entry);
  trim();
  return entry;
}

/** Closes the least recently used datasets past the limit, except those in use right now. */
function trim(): void {
  for (const [key, entry] of entries) {
    if (entries.size <= maxDatasets()) break;
    if (entry.leases === 0) evict(key, entry);
  }
}

/**
 * Runs `fn` on the dataset for `key` while holding a lease on it: taken before the dataset is
 * even ready, so no eviction (another learner arriving, the idle timer) closes it under `fn`.
 */
export async function withDataset<T>(key: string, open: (hooks: DatasetHooks) => Promise<LabDataset>, fn: (dataset: LabDataset) => Promise<T>): Promise<T> {
  const entry = acquire(key, open, true);
  try {
    return await fn(await entry.ready);
  } finally {
    entry.leases--;
    trim();
  }
}

export function datasetStats(): { live: number; keys: string[] } {
  return { live: entries.size, keys: [...entries.keys()] };
}

export async function evictAll(): Promise<void> {
  const all = [...entries.values()];
  entries.clear();
  for (const e of all) clearTimeout(e.idle);
  await Promise.allSettled(all.map((e) => e.ready.then((d) => d.close())));
}
