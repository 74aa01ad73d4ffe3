// No "server-only" marker: the bench measures it with tsx.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { generateLab, type GroundTruth } from "@/lib/labgen";
import { encodeEvents, type EncodedBatch, type EncodedEvents } from "../lab-engine";

export type GeneratedLab = { truth: GroundTruth; encoded: EncodedEvents };
type Message = { id: number } & ({ type: "truth"; truth: GroundTruth; count: number } | { type: "batch"; batch: EncodedBatch } | { type: "done" } | { type: "error"; error: string });

/** Batches as they arrive from the worker, consumed once by the loader. */
class BatchQueue implements AsyncIterable<EncodedBatch> {
  private items: EncodedBatch[] = [];
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  push(batch: EncodedBatch) {
    this.items.push(batch);
    this.wake?.();
  }
  end(err?: Error) {
    this.ended = true;
    this.failure = err;
    this.wake?.();
  }
  async *[Symbol.asyncIterator]() {
    for (;;) {
      if (this.items.length) yield this.items.shift()!;
      else if (this.failure) throw this.failure;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

type Job = { onTruth: (lab: GeneratedLab) => void; fail: (err: Error) => void; queue: BatchQueue };

// The entry registers tsx (a runtime dependency, as for `npm start`) to load our TypeScript.
const WORKER = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "server", "lab", "generate-worker.mjs");

// One long-lived worker per process: starting one (and compiling the generator) costs about a
// second, so it is paid once; requests queue in the worker, leaving the other core to the app.
type Generator = { worker: Worker; jobs: Map<number, Job>; nextId: number };
const state = globalThis as unknown as { watchfloorGenerator?: Generator };

function generator(): Generator {
  if (state.watchfloorGenerator) return state.watchfloorGenerator;
  // execArgv: [] so a parent under a test runner does not pass its loader flags on.
  const worker = new Worker(WORKER, { execArgv: [] });
  const g: Generator = { worker, jobs: new Map(), nextId: 1 };
  const failAll = (err: Error) => {
    if (state.watchfloorGenerator === g) delete state.watchfloorGenerator;
    for (const job of g.jobs.values()) job.fail(err);
    g.jobs.clear();
  };
  worker.on("message", (m: Message) => {
    const job = g.jobs.get(m.id);
    if (!job) return;
    if (m.type === "truth") job.onTruth({ truth: m.truth, encoded: { count: m.count, batches: job.queue } });
    else if (m.type === "batch") job.queue.push(m.batch);
    else {
      g.jobs.delete(m.id);
      if (g.jobs.size === 0) worker.unref();
      if (m.type === "error") job.fail(new Error(m.error));
      else job.queue.end();
    }
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`generator worker exited with ${code}`)));
  worker.unref();
  state.watchfloorGenerator = g;
  return g;
}

function inWorker(seed: string, targetEvents: number): Promise<GeneratedLab> {
  const g = generator();
  const id = g.nextId++;
  // Referenced while work is pending, so a script waiting on it does not exit early.
  g.worker.ref();
  return new Promise((resolve, reject) => {
    const queue = new BatchQueue();
    g.jobs.set(id, {
      queue,
      onTruth: resolve,
      fail: (err) => {
        reject(err);
        queue.end(err);
      },
    });
    g.worker.postMessage({ id, seed, targetEvents });
  });
}

let workersUnavailable = false;

/**
 * Generates a learner's lab off the main thread, so that other users'
 * requests keep being answered meanwhile; the encoded batches stream in
 * while the loader inserts the earlier ones. Where a worker cannot start, it
 * falls back to generating in-process (slower for everyone, but correct).
 */
export async function generateLearnerLab(seed: string, targetEvents: number): Promise<GeneratedLab> {
  if (!workersUnavailable) {
    try {
      return await inWorker(seed, targetEvents);
    } catch (err) {
      workersUnavailable = true;
      console.error("lab: generator worker unavailable, generating in-process", err);
    }
  }
  const { events, truth } = generateLab({ seed, targetEvents });
  return { truth, encoded: encodeEvents(events) };
}
