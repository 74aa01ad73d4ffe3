// stout's printers, as Mesos uses them in log text.

/** stout's Duration printer, from nanoseconds: the largest unit whose value is >= 1; when the value
 *  is not whole in that unit but whole one unit lower, the lower unit ("48123ns", "77.913088ms",
 *  "10mins"); otherwise up to 15 significant digits. */
export function dur(ns: number): string {
  const units: [number, string][] = [
    [7 * 86400e9, "weeks"],
    [86400e9, "days"],
    [3600e9, "hrs"],
    [60e9, "mins"],
    [1e9, "secs"],
    [1e6, "ms"],
    [1e3, "us"],
    [1, "ns"],
  ];
  for (let i = 0; i < units.length; i++) {
    const [n, u] = units[i];
    if (ns < n) continue;
    if (ns % n === 0) return ns / n + u;
    const lower = units[i + 1];
    if (lower && ns % lower[0] === 0) return ns / lower[0] + lower[1];
    return +(ns / n).toPrecision(15) + u;
  }
  return ns + "ns";
}

/** Bytes only move up a unit when nothing is lost ("2143B", "4KB", "63272MB", "2GB") */
export function bytes(b: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (i < units.length - 1 && b !== 0 && b % 1024 === 0) {
    b /= 1024;
    i++;
  }
  return b + units[i];
}

/** one Mesos Resource: a scalar or a single range; `role` set for resources allocated to a role */
export type Res = { name: string; scalar?: number; range?: [number, number]; role?: string };

/** Mesos' `Resources` printer (src/common/resources.cpp): name[(allocated: role)]:value joined by "; " */
export function resourcesText(rs: Res[]): string {
  return rs.map((x) => `${x.name}${x.role ? `(allocated: ${x.role})` : ""}:${x.range ? `[${x.range[0]}-${x.range[1]}]` : x.scalar}`).join("; ");
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

/** rapidjson (stout's JSON writer) prints doubles shortest round-trip, whole ones with ".0" */
function jsonDouble(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
