// Time-zone offsets from the handful of rules the fleet uses. Rules are coded rather than read from
// Intl so the output never depends on the host's tzdata; a unit test cross-checks them against Intl.
import { HOUR, MIN, DAY, daysFromCivil } from "./time";

type Rule = { std: number; dst: "US" | "EU" | null }; // std offset in minutes east of UTC

export const ZONES: Record<string, Rule> = {
  UTC: { std: 0, dst: null },
  "America/Chicago": { std: -360, dst: "US" },
  "America/New_York": { std: -300, dst: "US" },
  "America/Denver": { std: -420, dst: "US" },
  "Europe/Berlin": { std: 60, dst: "EU" },
  "Europe/Paris": { std: 60, dst: "EU" },
  "Europe/Amsterdam": { std: 60, dst: "EU" },
  "Asia/Kolkata": { std: 330, dst: null },
};

const dow = (days: number) => (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday

function nthSunday(y: number, m: number, n: number): number {
  const first = daysFromCivil(y, m, 1);
  return first + ((7 - dow(first)) % 7) + (n - 1) * 7;
}
function lastSunday(y: number, m: number): number {
  const last = daysFromCivil(y, m + 1, 1) - 1;
  return last - dow(last);
}

const cache = new Map<string, [number, number]>();

/** DST [start, end) as UTC microseconds for one zone and year. */
function dstWindow(zone: string, rule: Rule, year: number): [number, number] {
  const key = zone + year;
  let w = cache.get(key);
  if (!w) {
    if (rule.dst === "US") {
      // 02:00 local standard time on the 2nd Sunday of March; 02:00 local daylight time on the 1st Sunday of November
      w = [nthSunday(year, 3, 2) * DAY + 2 * HOUR - rule.std * MIN, nthSunday(year, 11, 1) * DAY + 2 * HOUR - (rule.std + 60) * MIN];
    } else {
      // EU switches at 01:00 UTC on the last Sundays of March and October
      w = [lastSunday(year, 3) * DAY + HOUR, lastSunday(year, 10) * DAY + HOUR];
    }
    cache.set(key, w);
  }
  return w;
}

/** Offset in minutes east of UTC at the UTC instant t (µs). */
export function offsetMinutes(zone: string, t: number): number {
  const rule = ZONES[zone];
  if (!rule) throw new Error(`labgen: unknown zone ${zone}`);
  if (!rule.dst) return rule.std;
  // DST windows never straddle New Year, so the UTC year of t is the right one to look up
  const year = yearOf(t);
  const [a, b] = dstWindow(zone, rule, year);
  return t >= a && t < b ? rule.std + 60 : rule.std;
}

let yLo = 0,
  yHi = -1,
  yVal = 0;
function yearOf(t: number): number {
  if (t >= yLo && t < yHi) return yVal;
  const y = new Date(Math.floor(t / 1000)).getUTCFullYear();
  yLo = daysFromCivil(y, 1, 1) * DAY;
  yHi = daysFromCivil(y + 1, 1, 1) * DAY;
  yVal = y;
  return y;
}
