// Kubernetes control-plane containers (CRI-wrapped klog from /var/log/pods), etcd (zap JSON lines as
// written to --log-outputs; ts always UTC "Z") and containerd (logrus text inside journald).
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import type { Level } from "../types";
import { isoMicroZ, isoNano } from "../time";
import { klogLine } from "./glog";
import { syslogPrefix } from "./syslog";

/** static-pod klog line: PID is always 1 inside the container; CRI prefixes its own RFC3339Nano stamp */
export function criKlog(s: Sink, h: Host, t: number, service: string, lvl: Level, file: string, line: number, msg: string): void {
  const raw = isoNano(h.local(t), h.offsetMin(t)) + " stderr F " + klogLine(h, t, lvl, 1, file, line, msg);
  s.add(t, h, service, lvl, msg, raw, { pid: "1", file, line: String(line), stream: "stderr" });
}

/** kubelet runs under systemd: journald prefix + klog header with the real PID (width 7) */
export function kubelet(s: Sink, h: Host, t: number, pid: number, lvl: Level, file: string, line: number, msg: string): void {
  const raw = syslogPrefix(h, t, "kubelet", pid) + klogLine(h, t, lvl, pid, file, line, msg);
  s.add(t, h, "kubelet", lvl, msg, raw, { pid: String(pid), tag: "kubelet", file, line: String(line) });
}

const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error", FATAL: "fatal" };

/** etcd zap JSON: keys level, ts, [logger], caller, msg, then fields, in that order */
export function etcd(s: Sink, h: Host, t: number, lvl: Level, caller: string, msg: string, extra = "", logger?: string): void {
  const ts = isoMicroZ(h.local(t) - h.offsetMin(t) * 60_000_000);
  const raw = `{"level":"${ZAP[lvl]}","ts":"${ts}",${logger ? `"logger":"${logger}",` : ""}"caller":"${caller}","msg":${JSON.stringify(msg)}${extra ? "," + extra : ""}}`;
  s.add(t, h, "etcd", lvl, msg, raw, logger ? { caller, logger } : { caller });
}

/** containerd (logrus): time="..." level=info msg="..." */
export function containerd(s: Sink, h: Host, t: number, pid: number, lvl: Level, msg: string): void {
  const body = `time="${isoNano(h.local(t), h.offsetMin(t))}" level=${ZAP[lvl]} msg=${JSON.stringify(msg)}`;
  s.add(t, h, "containerd", lvl, msg, syslogPrefix(h, t, "containerd", pid) + body, { pid: String(pid), tag: "containerd" });
}
