// No "server-only" marker: the bench measures it with tsx.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { GroundTruth } from "@/lib/labgen";
import type { EncodedBatch, EncodedEvents } from "./encode";

export type GeneratedLab = { truth: GroundTruth; encoded: EncodedEvents };
type Message = { id: number } & (
  { type: "truth"; truth: GroundTruth; count: number } | { type: "batch"; batch: EncodedBatch } | { type: "done" } | { type: "error"; error: string }
);

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
const WORKER = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "server", "lab-engine", "generate-worker.mjs");

// One long-lived worker per process: starting one (and compiling the generator) costs about a
// second, so it is paid once; requests queue in the worker, leaving the other core to the app.
// Once idle for a while the worker is ended: its heap (hundreds of MB after a 200k-event lab) goes
// with it, and an engine process holds only its open datasets.
const WORKER_IDLE_MS = 20_000;
const GENERATOR_HEAP_MB = () => Number(process.env.LAB_GENERATOR_HEAP_MB) || 2048;
type Generator = { worker: Worker; jobs: Map<number, Job>; nextId: number; idle?: NodeJS.Timeout };
const state = globalThis as unknown as { watchfloorGenerator?: Generator };

function generator(): Generator {
  if (state.watchfloorGenerator) return state.watchfloorGenerator;
  // execArgv: [] so a parent under a test runner does not pass its loader flags on.
  // An explicit heap: under the engine's data-size limit V8 would otherwise size it from that
  // limit, too small for a 200k-event lab.
  const worker = new Worker(WORKER, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: GENERATOR_HEAP_MB() } });
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
      if (g.jobs.size === 0) {
        worker.unref();
        g.idle = setTimeout(() => {
          if (g.jobs.size > 0) return;
          if (state.watchfloorGenerator === g) delete state.watchfloorGenerator;
          void worker.terminate();
        }, WORKER_IDLE_MS);
        g.idle.unref();
      }
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
  clearTimeout(g.idle);
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

/**
 * Generates a learner's lab off the engine's main thread, so that other learners' queries keep
 * being answered meanwhile; the encoded batches stream in while the loader inserts the earlier
 * ones. A worker that fails (out of memory, say) fails this build only: the next one starts a
 * fresh worker.
 */
export async function generateLearnerLab(seed: string, targetEvents: number): Promise<GeneratedLab> {
  return await inWorker(seed, targetEvents);
}
