// stout's printers, as Mesos uses them in log text.

/** Duration from nanoseconds: largest unit whose value is >= 1, full precision, no padding
 *  ("77.913088ms", "48.1us", "10mins"). */
export function dur(ns: number): string {
  const units: [number, string][] = [
    [7 * 86400e9, "weeks"], [86400e9, "days"], [3600e9, "hrs"], [60e9, "mins"], [1e9, "secs"], [1e6, "ms"], [1e3, "us"],
  ];
  for (const [n, u] of units) if (ns >= n) return +(ns / n).toPrecision(15) + u;
  return ns + "ns";
}

/** Bytes only move up a unit when nothing is lost ("2143B", "4KB", "63272MB") */
export function bytes(b: number): string {
  if (b === 0 || b % 1024 !== 0) return b + "B";
  if (b % (1024 * 1024) !== 0) return b / 1024 + "KB";
  return b / (1024 * 1024) + "MB";
}
