// The labs shipped as log files: the file under labs/labs/ is what the generator gives for the lab's
// options (so every line in it is a line of the provenance table, checked in labgen-provenance), it
// parses as an upload, and the lab's answer keys are the incident's facts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "@/lib/content/catalog";
import { parseLogUpload } from "@/lib/content/upload-parse";
import { SHIPPED_LABS, generateShipped, toUploadJsonl } from "@/lib/labgen/incidents/shipped";
import { isUploadedLab, type Lab } from "@/lib/schemas/lab";

const catalog = loadCatalog();

describe.each(SHIPPED_LABS)("shipped lab data: $slug", (shipped) => {
  const g = generateShipped(shipped);
  const file = path.join(process.cwd(), "labs/labs", `${shipped.slug}.logs.jsonl`);
  const item = catalog.items.get(`lab/${shipped.slug}`);
  const lab = item?.data as Lab;

  it("is the generator's output, byte for byte (npx tsx scripts/lab-data.ts rebuilds it)", () => {
    const text = fs.readFileSync(file, "utf8");
    expect(text.length).toBe(toUploadJsonl(g).length);
    expect(text === toUploadJsonl(g)).toBe(true);
  });

  it("is a valid upload: every line parses, the labels are the incident's", async () => {
    const parsed = await parseLogUpload(fs.createReadStream(file), "jsonl");
    expect(parsed.eventCount).toBe(g.events.length);
    const counts: Record<string, number> = {};
    for (const label of g.incident!.labels.values()) counts[label] = (counts[label] ?? 0) + 1;
    expect(parsed.labels).toEqual(counts);
    expect(fs.statSync(file).size).toBeLessThan(20 * 2 ** 20);
  });

  it("is the data of the lab of the same slug, on the track after the first lab", () => {
    expect(item).toBeDefined();
    expect(isUploadedLab(lab)).toBe(true);
    expect("upload" in lab.dataset && lab.dataset.upload).toBe(`${shipped.slug}.logs.jsonl`);
    const track = catalog.tracks.find((t) => t.slug === "soc-analyst-tier-1")!;
    const at = track.items.indexOf(`lab/${shipped.slug}`);
    expect(at).toBeGreaterThan(track.items.indexOf("lab/unpatched-mesos-control-plane"));
  });

  it("has answer keys that are the incident's facts", () => {
    const f = g.incident!.facts;
    const key = (id: string) => {
      const t = lab.tasks.find((x) => x.id === id)!;
      return "answer" in t ? t.answer : undefined;
    };
    expect(key("client")).toEqual([f.attackerIp]);
    expect(key("app")).toContain(f.app);
    expect([...(key("agents") as string[])].sort()).toEqual(f.agents);
    expect(key("download")).toEqual([f.dropIp]);
    expect(key("return")).toBe(f.sshHost);
    const detection = lab.tasks.find((x) => x.id === "detection")!;
    expect(detection.type === "query" && detection.labels).toEqual(["intrusion"]);
    // the lab's domain is the estate's, so fully qualified answers are accepted
    expect("domain" in lab.dataset && lab.dataset.domain).toBe(g.truth.domain);
  });
});
