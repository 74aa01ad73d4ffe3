// /var/log/dpkg.log: "YYYY-MM-DD hh:mm:ss <action> <pkg>:<arch> <versions>" on local time.
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import { type Holes, type TemplateId, message, resolve } from "../provenance";
import { dpkgStamp } from "../time";
import { osOf } from "./syslog";

function line(s: Sink, h: Host, t: number, id: TemplateId, holes: Holes, fields: Record<string, string>): void {
  const r = resolve(id, osOf(h));
  const msg = message(r, holes);
  s.add(id, t, h, "dpkg", r.level, msg, [dpkgStamp(h.local(t)), " ", msg].join(""), fields);
}

/** `apt-get remove <pkg>`: keeps conffiles, so the package ends in "config-files", not gone */
export function dpkgRemove(s: Sink, h: Host, t: number, pkg: string, ver: string, arch = "amd64"): number {
  const p = `${pkg}:${arch}`;
  const f = { pkg: p, version: ver };
  line(s, h, t, "dpkg.startup", { type: "packages", command: "remove" }, {});
  line(s, h, t, "dpkg.status", { state: "installed", pkg: p, version: ver }, { action: "status", ...f });
  line(s, h, t, "dpkg.action", { action: "remove", pkg: p, old: ver, new: "<none>" }, { action: "remove", ...f });
  line(s, h, t + 2e5, "dpkg.status", { state: "half-configured", pkg: p, version: ver }, { action: "status", ...f });
  line(s, h, t + 4e5, "dpkg.status", { state: "half-installed", pkg: p, version: ver }, { action: "status", ...f });
  line(s, h, t + 9e5, "dpkg.status", { state: "config-files", pkg: p, version: ver }, { action: "status", ...f });
  return t + 1e6;
}

/** fresh install (old = null) or upgrade, as unattended-upgrades / apt-get install write it */
export function dpkgInstall(s: Sink, h: Host, t: number, pkg: string, arch: string, old: string | null, ver: string): number {
  const p = `${pkg}:${arch}`;
  const f = { pkg: p, version: ver };
  line(s, h, t, "dpkg.startup", { type: "archives", command: "unpack" }, {});
  line(
    s,
    h,
    t + 1e5,
    "dpkg.action",
    { action: old ? "upgrade" : "install", pkg: p, old: old ?? "<none>", new: ver },
    { action: old ? "upgrade" : "install", ...f },
  );
  if (old) {
    line(s, h, t + 2e5, "dpkg.status", { state: "half-configured", pkg: p, version: old }, { action: "status", pkg: p, version: old });
    line(s, h, t + 2.5e5, "dpkg.status", { state: "unpacked", pkg: p, version: old }, { action: "status", pkg: p, version: old });
  }
  line(s, h, t + 3e5, "dpkg.status", { state: "half-installed", pkg: p, version: old ?? ver }, { action: "status", pkg: p, version: old ?? ver });
  line(s, h, t + 6e5, "dpkg.status", { state: "unpacked", pkg: p, version: ver }, { action: "status", ...f });
  line(s, h, t + 7e5, "dpkg.startup", { type: "packages", command: "configure" }, {});
  line(s, h, t + 8e5, "dpkg.action", { action: "configure", pkg: p, old: ver, new: "<none>" }, { action: "configure", ...f });
  // still "unpacked" while its maintainer script starts (configure.c notes the state before running it)
  line(s, h, t + 8.5e5, "dpkg.status", { state: "unpacked", pkg: p, version: ver }, { action: "status", ...f });
  line(s, h, t + 9e5, "dpkg.status", { state: "half-configured", pkg: p, version: ver }, { action: "status", ...f });
  line(s, h, t + 1.1e6, "dpkg.status", { state: "installed", pkg: p, version: ver }, { action: "status", ...f });
  return t + 1.2e6;
}
