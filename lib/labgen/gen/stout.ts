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

/** one Mesos Resource: a scalar or a single range; `role` set for resources allocated to a role */
export type Res = { name: string; scalar?: number; range?: [number, number]; role?: string };

/** Mesos' `Resources` printer (src/common/resources.cpp): name[(allocated: role)]:value joined by "; " */
export function resourcesText(rs: Res[]): string {
  return rs
    .map((x) => `${x.name}${x.role ? `(allocated: ${x.role})` : ""}:${x.range ? `[${x.range[0]}-${x.range[1]}]` : x.scalar}`)
    .join("; ");
}

/** a RepeatedPtrField<Resource> printed through JSON::protobuf: one object per resource */
export function resourcesJson(rs: Res[]): string {
  const one = (x: Res) => {
    const parts: string[] = [];
    if (x.role) parts.push(`"allocation_info":{"role":"${x.role}"}`);
    parts.push(`"name":"${x.name}"`);
    if (x.range) parts.push(`"ranges":{"range":[{"begin":${x.range[0]},"end":${x.range[1]}}]}`);
    if (x.scalar !== undefined) parts.push(`"scalar":{"value":${jsonDouble(x.scalar)}}`);
    parts.push(`"type":"${x.range ? "RANGES" : "SCALAR"}"`);
    return `{${parts.join(",")}}`;
  };
  return `[${rs.map(one).join(",")}]`;
}

/** stout's JSON writes doubles with enough digits to round-trip; whole numbers print without ".0" */
function jsonDouble(n: number): string {
  return String(n);
}
