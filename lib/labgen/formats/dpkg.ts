// /var/log/dpkg.log: "YYYY-MM-DD hh:mm:ss <action> <pkg>:<arch> <versions>" on local time.
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import { dpkgStamp } from "../time";

function line(s: Sink, h: Host, t: number, msg: string, fields: Record<string, string>): void {
  s.add(t, h, "dpkg", "INFO", msg, [dpkgStamp(h.local(t)), " ", msg].join(""), fields);
}

/** `apt-get remove <pkg>`: keeps conffiles, so the package ends in "config-files", not gone */
export function dpkgRemove(s: Sink, h: Host, t: number, pkg: string, ver: string, arch = "amd64"): number {
  const p = `${pkg}:${arch}`;
  const f = { pkg: p, version: ver };
  line(s, h, t, "startup packages remove", {});
  line(s, h, t, `status installed ${p} ${ver}`, { action: "status", ...f });
  line(s, h, t, `remove ${p} ${ver} <none>`, { action: "remove", ...f });
  line(s, h, t + 2e5, `status half-configured ${p} ${ver}`, { action: "status", ...f });
  line(s, h, t + 4e5, `status half-installed ${p} ${ver}`, { action: "status", ...f });
  line(s, h, t + 9e5, `status config-files ${p} ${ver}`, { action: "status", ...f });
  return t + 1e6;
}

/** fresh install (old = null) or upgrade, as unattended-upgrades / apt-get install write it */
export function dpkgInstall(s: Sink, h: Host, t: number, pkg: string, arch: string, old: string | null, ver: string): number {
  const p = `${pkg}:${arch}`;
  const f = { pkg: p, version: ver };
  line(s, h, t, "startup archives unpack", {});
  line(s, h, t + 1e5, `${old ? "upgrade" : "install"} ${p} ${old ?? "<none>"} ${ver}`, { action: old ? "upgrade" : "install", ...f });
  if (old) line(s, h, t + 2e5, `status half-configured ${p} ${old}`, { action: "status", pkg: p, version: old });
  line(s, h, t + 3e5, `status half-installed ${p} ${old ?? ver}`, { action: "status", pkg: p, version: old ?? ver });
  line(s, h, t + 6e5, `status unpacked ${p} ${ver}`, { action: "status", ...f });
  line(s, h, t + 7e5, "startup packages configure", {});
  line(s, h, t + 8e5, `configure ${p} ${ver} <none>`, { action: "configure", ...f });
  line(s, h, t + 9e5, `status half-configured ${p} ${ver}`, { action: "status", ...f });
  line(s, h, t + 1.1e6, `status installed ${p} ${ver}`, { action: "status", ...f });
  return t + 1.2e6;
}
