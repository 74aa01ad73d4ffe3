// Kubernetes control-plane containers (CRI-wrapped klog from /var/log/pods), etcd (zap JSON lines as
// written to --log-outputs; ts always UTC "Z") and containerd (logrus text inside journald).
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import type { Level } from "../types";
import { type Holes, type TemplateId, fill, message, resolve } from "../provenance";
import { glogStamp, isoMicroZ, isoNano, pad, syslogStamp } from "../time";
import { LETTER, num } from "./glog";

/** static-pod klog line: PID is always 1 inside the container; CRI prefixes its own RFC3339Nano stamp */
export function criKlog(s: Sink, h: Host, t: number, service: string, version: string, id: TemplateId, holes?: Holes): void {
  const r = resolve(id, version);
  const msg = message(r, holes);
  const lt = h.local(t);
  const raw = [isoNano(lt, h.offsetMin(t)), " stderr F ", LETTER[r.level], glogStamp(lt), "       1 ", r.file!, ":", r.lineStr!, "] ", msg].join("");
  s.add(id, t, h, service, r.level, msg, raw, { pid: "1", file: r.file!, line: r.lineStr!, stream: "stderr" });
}

/** kubelet runs under systemd: journald prefix + klog header with the real PID (width 7) */
export function kubelet(s: Sink, h: Host, t: number, pid: number, version: string, id: TemplateId, holes?: Holes): void {
  const r = resolve(id, version);
  const msg = message(r, holes);
  const lt = h.local(t);
  const ps = num(pid);
  const raw = [
    syslogStamp(lt),
    " ",
    h.name,
    " kubelet[",
    ps,
    "]: ",
    LETTER[r.level],
    glogStamp(lt),
    " ",
    pad(pid, 7, " "),
    " ",
    r.file!,
    ":",
    r.lineStr!,
    "] ",
    msg,
  ].join("");
  s.add(id, t, h, "kubelet", r.level, msg, raw, { pid: ps, tag: "kubelet", file: r.file!, line: r.lineStr! });
}

const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error", FATAL: "fatal" };

/** etcd zap JSON: keys level, ts, [logger], caller, msg, then the template's fields, in that order.
 *  `logger` is "raft" for the raft library's lines. */
export function etcd(s: Sink, h: Host, t: number, version: string, id: TemplateId, holes?: Holes, logger?: string): void {
  const r = resolve(id, version);
  const msg = message(r, holes);
  const caller = `${r.file!}:${r.lineStr!}`;
  const extra = r.extra === undefined ? "" : fill(r.extra, holes, id);
  const ts = isoMicroZ(h.local(t) - h.offsetMin(t) * 60_000_000);
  const raw = [
    '{"level":"',
    ZAP[r.level],
    '","ts":"',
    ts,
    '",',
    logger ? `"logger":"${logger}",` : "",
    '"caller":"',
    caller,
    '","msg":',
    JSON.stringify(msg),
    extra ? "," + extra : "",
    "}",
  ].join("");
  s.add(id, t, h, "etcd", r.level, msg, raw, logger ? { caller, logger } : { caller }, false, false);
}

/** containerd (logrus): time="..." level=info msg="..." */
export function containerd(s: Sink, h: Host, t: number, pid: number, version: string, id: TemplateId, holes?: Holes): void {
  const r = resolve(id, version);
  const msg = message(r, holes);
  const lt = h.local(t);
  const ps = num(pid);
  const raw = [
    syslogStamp(lt),
    " ",
    h.name,
    " containerd[",
    ps,
    ']: time="',
    isoNano(lt, h.offsetMin(t)),
    '" level=',
    ZAP[r.level],
    " msg=",
    JSON.stringify(msg),
  ].join("");
  s.add(id, t, h, "containerd", r.level, msg, raw, { pid: ps, tag: "containerd" }, false, false);
}
