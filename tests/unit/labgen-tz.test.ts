// The generator's coded DST rules must agree with the tz database (via Intl), including in weeks
// that contain a switch, so a learner converting local times never "finds" fake gaps.
import { describe, expect, it } from "vitest";
import { intlOffsetMin } from "../support/intl-offset";
import { generateLab } from "@/lib/labgen";
import { ZONES, offsetMinutes } from "@/lib/labgen/tz";

describe("labgen time zones", { timeout: 60_000 }, () => {
  it.each(Object.keys(ZONES))("%s matches Intl every hour through 2026-2027", (zone) => {
    const bad: string[] = [];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000) {
      const mine = offsetMinutes(zone, ms * 1000);
      const ref = zone === "UTC" ? 0 : intlOffsetMin(zone, ms);
      if (mine !== ref) bad.push(`${new Date(ms).toISOString()} ${mine} != ${ref}`);
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it.each(["2026-03-05T00:00:00Z", "2026-10-22T00:00:00Z"])("raw clocks follow a DST switch inside the window (start %s)", (start) => {
    const { events, truth } = generateLab({ seed: "dst", start, targetEvents: 60_000 });
    const tzHosts = Object.entries(truth.hostTimeZones).filter(([, z]) => z !== "UTC");
    const offsets = new Set<number>();
    for (const [h, zone] of tzHosts) {
      for (const e of events) {
        if (e.host !== h) continue;
        // ZooKeeper / Marathon carry the date; glog only mmdd (the year comes from ts)
        const g = /^[IWEF](\d{2})(\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{3})/.exec(e.raw);
        const m = g
          ? [g[0], `${e.ts.slice(0, 4)}-${g[1]}-${g[2]}`, g[3], g[4]]
          : (/^\[?(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})[\] ]/.exec(e.raw) ?? null);
        if (!m) continue;
        const ts = Date.parse(e.ts);
        const off = (Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`) - ts) / 60_000;
        expect(off).toBe(intlOffsetMin(zone, ts));
        offsets.add(off);
      }
    }
    // one of the two zoned hosts changes offset during this window
    expect(offsets.size).toBeGreaterThanOrEqual(3);
  });
});
