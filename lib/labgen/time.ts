// Time arithmetic in integer microseconds since the Unix epoch (exact in a double until year 2255).
// Formatting is done by hand instead of Date/Intl: it is ~10x faster for 1M lines and does not
// depend on the ICU data of the machine running the bench.

export const SEC = 1_000_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function parseIsoUs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`labgen: bad ISO instant ${iso}`);
  return ms * 1000;
}

const P2: string[] = [];
for (let i = 0; i < 100; i++) P2.push(i < 10 ? "0" + i : String(i));
export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const ZEROS = ["", "0", "00", "000", "0000", "00000", "000000", "0000000", "00000000"];
const SPACES = ["", " ", "  ", "   ", "    ", "     ", "      ", "       ", "        "];
/** left-pad a non-negative integer (hot path: avoids padStart's generic machinery) */
export function pad(n: number, w: number, ch = "0"): string {
  const str = "" + n;
  const k = w - str.length;
  return k <= 0 ? str : (ch === " " ? SPACES : ZEROS)[k] + str;
}

/** Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

// Scratch "parts" filled by split(); one-day cache because consecutive calls mostly hit the same day.
let cDay = NaN;
let cY = 0;
let cM = 0;
let cD = 0;
let Y = 0,
  Mo = 0,
  D = 0,
  h = 0,
  mi = 0,
  s = 0,
  us = 0;

function split(t: number): void {
  const day = Math.floor(t / DAY);
  if (day !== cDay) {
    const z = day + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    cD = doy - Math.floor((153 * mp + 2) / 5) + 1;
    cM = mp < 10 ? mp + 3 : mp - 9;
    cY = yoe + era * 400 + (cM <= 2 ? 1 : 0);
    cDay = day;
  }
  Y = cY;
  Mo = cM;
  D = cD;
  let rem = t - day * DAY;
  h = Math.floor(rem / HOUR);
  rem -= h * HOUR;
  mi = Math.floor(rem / MIN);
  rem -= mi * MIN;
  s = Math.floor(rem / SEC);
  us = rem - s * SEC;
}

const hms = () => P2[h] + ":" + P2[mi] + ":" + P2[s];
const ymd = (sep: string) => Y + sep + P2[Mo] + sep + P2[D];
const ms3 = () => pad(Math.floor(us / 1000), 3);

// isoMs runs once per event: each ts is one small cons of two shared strings — the minute's
// "YYYY-MM-DDThh:mm:" prefix (cached per minute: generators jump around in time) and a "ss.mmmZ"
// tail from a table — so nothing is copied and each ts costs 32 bytes.
const ISO_PREFIX = new Map<number, string>();
// preallocated so the lazily filled table keeps fast (non-dictionary) elements
const ISO_TAIL: string[] = new Array<string>(60_000);
/** "2026-03-09T14:02:11.123Z" — LogEvent.ts */
export function isoMs(t: number): string {
  const m = Math.floor(t / MIN);
  let prefix = ISO_PREFIX.get(m);
  if (prefix === undefined) {
    split(t);
    prefix = [Y, "-", P2[Mo], "-", P2[D], "T", P2[h], ":", P2[mi], ":"].join("");
    if (ISO_PREFIX.size > 100_000) ISO_PREFIX.clear(); // bound memory for very long windows
    ISO_PREFIX.set(m, prefix);
  }
  const k = Math.floor((t - m * MIN) / 1000);
  return prefix + (ISO_TAIL[k] ??= P2[Math.floor(k / 1000)] + "." + pad(k % 1000, 3) + "Z");
}
/** etcd zap: RFC3339 with microseconds, always UTC "Z" */
export function isoMicroZ(t: number): string {
  split(t);
  return ymd("-") + "T" + hms() + "." + pad(us, 6) + "Z";
}
/** CRI / containerd RFC3339Nano; the 3 extra digits are derived from the instant so they stay deterministic */
export function isoNano(t: number, offsetMin: number): string {
  split(t);
  const nano = pad(us, 6) + pad((t * 7 + 3) % 1000, 3);
  return ymd("-") + "T" + hms() + "." + nano + zoneSuffix(offsetMin);
}
export function zoneSuffix(offsetMin: number): string {
  if (offsetMin === 0) return "Z";
  const a = Math.abs(offsetMin);
  return (offsetMin < 0 ? "-" : "+") + P2[Math.floor(a / 60)] + ":" + P2[a % 60];
}
/** glog/klog header time: "0310 09:12:00.412877" (no year, no zone) */
export function glogStamp(t: number): string {
  split(t);
  return P2[Mo] + P2[D] + " " + hms() + "." + pad(us, 6);
}
/** RSYSLOG_TraditionalFileFormat: "Mar  9 09:01:02" (day space-padded) */
export function syslogStamp(t: number): string {
  split(t);
  return MONTHS[Mo - 1] + " " + (D < 10 ? " " + D : String(D)) + " " + hms();
}
/** log4j/logback ISO8601: "2026-03-10 09:10:01,102" */
export function log4jStamp(t: number): string {
  split(t);
  return ymd("-") + " " + hms() + "," + ms3();
}
/** dpkg.log: "2026-03-12 10:14:02" */
export function dpkgStamp(t: number): string {
  split(t);
  return ymd("-") + " " + hms();
}
/** haproxy accept date: "10/Mar/2026:09:01:02.123" */
export function haproxyStamp(t: number): string {
  split(t);
  return P2[D] + "/" + MONTHS[Mo - 1] + "/" + Y + ":" + hms() + "." + ms3();
}
