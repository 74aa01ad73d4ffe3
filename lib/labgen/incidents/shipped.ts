// Labs shipped as a log file (labs/labs/<slug>.logs.jsonl) whose events come from the generator with
// a scripted incident. The file is built by scripts/lab-data.ts and checked by a test that
// regenerates it: the same options always give the same bytes.
import { generateLab, type GeneratedLab } from "../generate";
import type { GenerateOptions } from "../types";
import { toJsonLines } from "@/lib/content/upload-parse";

export interface ShippedLab {
  /** the lab's slug: its file is labs/labs/<slug>.logs.jsonl beside labs/labs/<slug>.yaml */
  slug: string;
  options: GenerateOptions & { incident: NonNullable<GenerateOptions["incident"]> };
}

export const SHIPPED_LABS: readonly ShippedLab[] = [
  {
    slug: "cryptominer-via-marathon",
    options: { seed: "cryptominer-via-marathon", start: "2026-03-09T00:00:00Z", days: 3, targetEvents: 25_000, incident: "marathon-miner" },
  },
];

export function generateShipped(lab: ShippedLab, templates = false): GeneratedLab {
  return generateLab({ ...lab.options, templates });
}

/** the file in the upload format, exactly as an export of the lab writes it (toJsonLines): one
 *  event per line in id order, `label` only on the events the incident caused */
export function toUploadJsonl(g: GeneratedLab): string {
  const labels = g.incident?.labels;
  return toJsonLines(
    g.events.map((e) => {
      const label = labels?.get(e.id);
      // canonical lines keep fields in key order (upload-parse.ts), so an export gives these bytes
      const fields: Record<string, string> = {};
      for (const k of Object.keys(e.fields).sort()) fields[k] = e.fields[k];
      return { ...e, fields, ...(label ? { label } : {}) };
    }),
  );
}
