// Pure answer normalisation for lab tasks: learners may type short names or
// FQDNs, IPs or host names, "v1.11.0" or "1.11.0".

export type HostDirectory = { domain: string; hostIps: Record<string, string> };

/** Lower-cased short host name, or null when the value names no host of this lab. */
export function normaliseHost(value: string, dir: HostDirectory): string {
  let v = value.trim().toLowerCase().replace(/\.$/, "");
  const suffix = `.${dir.domain.toLowerCase()}`;
  if (v.endsWith(suffix)) v = v.slice(0, -suffix.length);
  const byIp = Object.entries(dir.hostIps).find(([, ip]) => ip === v);
  return byIp ? byIp[0].toLowerCase() : v;
}

/** "zk1:2181", "zk1.dc1.example.net:2181" and "10.20.0.21:2181" all become "zk1:2181". */
export function normaliseHostPort(value: string, dir: HostDirectory): string {
  const v = value.trim();
  const match = /^(.*):(\d{1,5})$/.exec(v);
  if (!match) return `${normaliseHost(v, dir)}:`;
  return `${normaliseHost(match[1], dir)}:${Number(match[2])}`;
}

export function normaliseVersion(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^(apache\s+)?(mesos\s+)?/, "")
    .replace(/^v(?=\d)/, "");
}

/** Free text: Unicode compatibility forms, case, surrounding and repeated spaces, quotes around it. */
export function normaliseText(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^["'`](.*)["'`]$/, "$1")
    .trim();
}

/** Splits "a, b\nc" into trimmed, non-empty, de-duplicated entries. */
export function splitList(value: string | string[]): string[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/[\n,;]+/));
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}
