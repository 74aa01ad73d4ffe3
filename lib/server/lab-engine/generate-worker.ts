// Runs in a worker thread (see generate.ts): generating and encoding a learner's 200,000 events
// takes a couple of seconds of CPU that would otherwise stall every other request. The truth
// goes first, then each encoded batch as soon as it is ready, so loading overlaps encoding.
import { parentPort } from "node:worker_threads";
import { generateLab } from "@/lib/labgen";
import { BATCH, encodeBatch } from "@/lib/server/lab-engine/encode";

type Request = { id: number; seed: string; targetEvents: number };

parentPort!.on("message", ({ id, seed, targetEvents }: Request) => {
  try {
    const { events, truth } = generateLab({ seed, targetEvents });
    parentPort!.postMessage({ id, type: "truth", truth, count: events.length });
    for (let start = 0; start < events.length; start += BATCH) {
      parentPort!.postMessage({ id, type: "batch", batch: encodeBatch(events, start, Math.min(events.length, start + BATCH)) });
    }
    parentPort!.postMessage({ id, type: "done" });
  } catch (err) {
    parentPort!.postMessage({ id, type: "error", error: err instanceof Error ? err.message : String(err) });
  }
});
