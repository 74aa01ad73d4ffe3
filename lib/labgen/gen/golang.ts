// Go printers that show up in etcd's fields.

/** time.Duration.String() for sub-second values: the largest unit with value >= 1, no trailing zeros */
export function goDuration(ns: number): string {
  if (ns >= 1e9) return trim((ns / 1e9).toFixed(9)) + "s";
  if (ns >= 1e6) return trim((ns / 1e6).toFixed(6)) + "ms";
  if (ns >= 1e3) return trim((ns / 1e3).toFixed(3)) + "µs";
  return ns + "ns";
}
const trim = (s: string) => s.replace(/\.?0+$/, "");

/** go-humanize's Bytes (SI): one decimal below 10 of a unit, none from 10 up */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ["B", "kB", "MB", "GB", "TB"];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const v = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[e]}`;
}
