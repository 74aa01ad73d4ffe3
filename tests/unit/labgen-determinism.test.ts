// Seeded determinism, volume control and event ordering of the Mesos-hunt lab generator.
import { describe, expect, it } from "vitest";
import { deriveSeed, generateLab, toRawLog } from "@/lib/labgen";

const demo = generateLab({ seed: "demo" });

function digest(s: string): string {
  // FNV-1a over the whole text: enough to tell "byte-identical" from "different" in a test
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16) + ":" + s.length;
}

describe("labgen determinism", { timeout: 60_000 }, () => {
  it("same seed gives byte-identical logs and truth", () => {
    const again = generateLab({ seed: "demo" });
    expect(digest(toRawLog(again.events))).toBe(digest(toRawLog(demo.events)));
    expect(JSON.stringify(again.truth)).toBe(JSON.stringify(demo.truth));
    expect(JSON.stringify(again.events.slice(0, 2000))).toBe(JSON.stringify(demo.events.slice(0, 2000)));
  });

  it("different seeds give different fleets and logs", () => {
    const seeds = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    const labs = seeds.map((seed) => generateLab({ seed, targetEvents: 60_000 }).truth);
    const shapes = new Set(labs.map((t) => `${t.domain}|${t.masters.join(",")}|${t.mesosVersion}|${Object.keys(t.hostIps).length}`));
    expect(shapes.size).toBeGreaterThan(3);
    expect(new Set(labs.map((t) => t.mesosVersion)).size).toBeGreaterThan(1);
    expect(new Set(labs.map((t) => t.domain)).size).toBeGreaterThan(1);
    // difficulty stays the same: same counts of masters and decoy kinds for every seed
    for (const t of labs) {
      expect(t.masters).toHaveLength(3);
      expect(t.decommissionedMasters).toHaveLength(1);
      expect(new Set(t.decoys.map((d) => d.kind))).toEqual(new Set(demo.truth.decoys.map((d) => d.kind)));
    }
  });

  it("deriveSeed is stable, per-user and salted", () => {
    const a = deriveSeed("mesos-hunt", "user-1");
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(deriveSeed("mesos-hunt", "user-1")).toBe(a);
    expect(deriveSeed("mesos-hunt", "user-2")).not.toBe(a);
    expect(deriveSeed("mesos-hunt", "user-1", "retry-1")).not.toBe(a);
    expect(deriveSeed("other-lab", "user-1")).not.toBe(a);
  });
});

describe("labgen volume and ordering", { timeout: 60_000 }, () => {
  it("lands within ±5% of the default 200k target", () => {
    expect(Math.abs(demo.events.length - 200_000)).toBeLessThan(10_000);
  });

  it.each([80_000, 300_000])("lands within 5 percent of %i", (target) => {
    const { events } = generateLab({ seed: "volume", targetEvents: target });
    expect(Math.abs(events.length - target) / target).toBeLessThan(0.05);
  });

  it("numbers events 1..N in timestamp order, inside the window", () => {
    const ev = demo.events;
    // plain loop + one assertion: 200k expect() calls would dominate the test's run time
    let bad = -1;
    for (let i = 0; i < ev.length && bad < 0; i++) if (ev[i].id !== i + 1 || (i > 0 && ev[i - 1].ts > ev[i].ts)) bad = i;
    expect(bad).toBe(-1);
    expect(ev[0].ts >= "2026-03-09T00:00:00.000Z").toBe(true);
    expect(ev[ev.length - 1].ts < "2026-03-16T00:00:00.000Z").toBe(true);
    expect(ev.every((e) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(e.ts))).toBe(true);
  });

  it("toRawLog writes one newline-terminated record per event; only multi-line messages span lines", () => {
    const some = demo.events.slice(0, 500);
    const text = toRawLog(some);
    expect(text.endsWith("\n")).toBe(true);
    const extra = some.reduce((n, e) => n + e.raw.split("\n").length - 1, 0);
    expect(text.split("\n")).toHaveLength(501 + extra);
    // logback prints "Re-registered to " + MasterInfo's multi-line text format as it is; log4j puts a
    // logged exception's stack trace after the line; zookeeper_close's format ends in its own newline
    const multi = demo.events.filter((e) => e.raw.includes("\n"));
    expect(multi.length).toBeGreaterThan(0);
    const allowed = (e: (typeof multi)[number]) =>
      (e.service === "marathon" && e.message.startsWith("Re-registered to id: ")) ||
      (e.service === "zookeeper" && /^(Exception when following the leader|shutdown called)$/.test(e.message)) ||
      (e.service === "mesos-master" && /^Freeing zookeeper resources for sessionId=0x[0-9a-f]+\n$/.test(e.message));
    expect(multi.filter((e) => !allowed(e)).map((e) => e.raw.slice(0, 200))).toEqual([]);
  });

  it("honours start and days", () => {
    const { events, truth } = generateLab({ seed: "short", start: "2026-06-01T00:00:00Z", days: 4, targetEvents: 50_000 });
    expect(events[0].ts >= "2026-06-01T00:00:00.000Z").toBe(true);
    expect(events[events.length - 1].ts < "2026-06-05T00:00:00.000Z").toBe(true);
    expect(truth.masters).toHaveLength(3);
  });
});
