/**
 * Opening a lab for the first time: generate a learner's 200,000 events (in the generator
 * worker, as the app does), encode them and load them into DuckDB. Reports each run's time and
 * the longest stall of the main event loop meanwhile, which is what other users would feel.
 *   npx tsx bench/lab-open.ts [--events 200000] [--runs 5]
 */
import { generateLearnerLab } from "@/lib/server/lab-engine/generate";
import { createDataset } from "@/lib/server/lab-engine";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main() {
  const events = arg("events", 200_000);
  const runs = arg("runs", 5);
  const rows: { run: number; generateMs: number; loadMs: number; totalMs: number; maxStallMs: number }[] = [];
  for (let run = 1; run <= runs; run++) {
    let maxStall = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      maxStall = Math.max(maxStall, now - last - 10);
      last = now;
    }, 10);
    const t0 = performance.now();
    const generated = await generateLearnerLab(`bench-open-${run}`, events);
    const t1 = performance.now();
    const dataset = await createDataset(`bench-open-${run}`, generated.encoded);
    const t2 = performance.now();
    clearInterval(probe);
    await dataset.close();
    rows.push({ run, generateMs: Math.round(t1 - t0), loadMs: Math.round(t2 - t1), totalMs: Math.round(t2 - t0), maxStallMs: Math.round(maxStall) });
  }
  console.log(`| run | generate (worker) ms | encode + load, overlapped ms | total ms | longest event-loop stall ms |\n|---:|---:|---:|---:|---:|`);
  for (const r of rows) console.log(`| ${r.run}${r.run === 1 ? " (worker start)" : ""} | ${r.generateMs} | ${r.loadMs} | ${r.totalMs} | ${r.maxStallMs} |`);
  const warm = rows
    .slice(1)
    .map((r) => r.totalMs)
    .sort((a, b) => a - b);
  if (warm.length) console.log(`\nmedian total after the first run: ${warm[Math.floor(warm.length / 2)]} ms for ${events} events`);
  process.exit(0);
}

main();
