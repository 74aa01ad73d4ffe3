// Builds the log files of the labs shipped as uploads (lib/labgen/incidents/shipped.ts) into labs/labs/.
//   npx tsx scripts/lab-data.ts          write them
//   npx tsx scripts/lab-data.ts --check  exit 1 when a file differs from what the generator gives
import fs from "node:fs";
import path from "node:path";
import { SHIPPED_LABS, generateShipped, toUploadJsonl } from "@/lib/labgen/incidents/shipped";

const check = process.argv.includes("--check");
let stale = 0;
for (const lab of SHIPPED_LABS) {
  const file = path.join(process.cwd(), "labs", "labs", `${lab.slug}.logs.jsonl`);
  const g = generateShipped(lab);
  const text = toUploadJsonl(g);
  const labelled = g.incident ? g.incident.labels.size : 0;
  if (check) {
    const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === text;
    if (!same) stale++;
    console.log(`${same ? "ok   " : "STALE"} ${path.relative(process.cwd(), file)}`);
  } else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(process.cwd(), file)}: ${g.events.length} events, ${labelled} labelled, ${(text.length / 2 ** 20).toFixed(1)} MiB`);
    console.log(JSON.stringify(g.incident?.facts, null, 2));
  }
}
if (stale) process.exit(1);
