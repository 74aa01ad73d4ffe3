// Kubernetes control-plane containers (CRI-wrapped klog from /var/log/pods), etcd (zap JSON lines as
// written to --log-outputs; ts always UTC "Z") and containerd (logrus text inside journald).
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import type { Level } from "../types";
import { glogStamp, isoMicroZ, isoNano, pad, syslogStamp } from "../time";
import { LETTER, num } from "./glog";

/** static-pod klog line: PID is always 1 inside the container; CRI prefixes its own RFC3339Nano stamp */
export function criKlog(s: Sink, h: Host, t: number, service: string, lvl: Level, file: string, line: number, msg: string): void {
  const lt = h.local(t);
  const raw = [isoNano(lt, h.offsetMin(t)), " stderr F ", LETTER[lvl], glogStamp(lt), "       1 ", file, ":", num(line), "] ", msg].join("");
  s.add(t, h, service, lvl, msg, raw, { pid: "1", file, line: num(line), stream: "stderr" });
}

/** kubelet runs under systemd: journald prefix + klog header with the real PID (width 7) */
export function kubelet(s: Sink, h: Host, t: number, pid: number, lvl: Level, file: string, line: number, msg: string): void {
  const lt = h.local(t);
  const ps = num(pid);
  const raw = [syslogStamp(lt), " ", h.name, " kubelet[", ps, "]: ", LETTER[lvl], glogStamp(lt), " ", pad(pid, 7, " "), " ", file, ":", num(line), "] ", msg].join("");
  s.add(t, h, "kubelet", lvl, msg, raw, { pid: ps, tag: "kubelet", file, line: num(line) });
}

const ZAP: Record<Level, string> = { DEBUG: "debug", INFO: "info", WARN: "warn", ERROR: "error", FATAL: "fatal" };

/** etcd zap JSON: keys level, ts, [logger], caller, msg, then fields, in that order */
export function etcd(s: Sink, h: Host, t: number, lvl: Level, caller: string, msg: string, extra = "", logger?: string): void {
  const ts = isoMicroZ(h.local(t) - h.offsetMin(t) * 60_000_000);
  const raw = ['{"level":"', ZAP[lvl], '","ts":"', ts, '",', logger ? `"logger":"${logger}",` : "", '"caller":"', caller, '","msg":', JSON.stringify(msg), extra ? "," + extra : "", "}"].join("");
  s.add(t, h, "etcd", lvl, msg, raw, logger ? { caller, logger } : { caller }, false, false);
}

/** containerd (logrus): time="..." level=info msg="..." */
export function containerd(s: Sink, h: Host, t: number, pid: number, lvl: Level, msg: string): void {
  const lt = h.local(t);
  const ps = num(pid);
  const raw = [syslogStamp(lt), " ", h.name, " containerd[", ps, ']: time="', isoNano(lt, h.offsetMin(t)), '" level=', ZAP[lvl], " msg=", JSON.stringify(msg)].join("");
  s.add(t, h, "containerd", lvl, msg, raw, { pid: ps, tag: "containerd" }, false, false);
}
