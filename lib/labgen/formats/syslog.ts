// Traditional syslog / journald text: "Mar  9 09:01:02 host tag[pid]: msg" on the host's local clock.
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import type { Level } from "../types";
import { syslogStamp } from "../time";
import { num } from "./glog";

/** One syslog line; `body` is what follows "tag[pid]: " (defaults to msg, differs when a klog/ZK-client
 *  header sits inside it). */
export function sys(
  s: Sink, h: Host, t: number, service: string, lvl: Level, tag: string, pid: number, msg: string,
  extra?: Record<string, string>, body = msg,
): void {
  const fields: Record<string, string> = { pid: num(pid), tag };
  if (extra) for (const k in extra) fields[k] = extra[k];
  s.add(t, h, service, lvl, msg, [syslogStamp(h.local(t)), " ", h.name, " ", tag, "[", num(pid), "]: ", body].join(""), fields);
}

/** systemd (PID 1) unit messages; old systemd (<=237) prints only the Description, >=249 adds the unit name. */
export function systemd(s: Sink, h: Host, t: number, unit: string, desc: string, what: "Starting" | "Started" | "Stopping" | "Stopped" | "Finished" | "Reloading", lvl: Level = "INFO"): void {
  let msg: string;
  if (what === "Reloading") msg = "Reloading.";
  else if (what === "Starting" || what === "Stopping") msg = `${what} ${h.oldOs ? "" : unit + " - "}${desc}...`;
  else msg = `${what} ${h.oldOs ? "" : unit + " - "}${desc}.`;
  sys(s, h, t, "systemd", lvl, "systemd", 1, msg, { unit });
}

/** systemd lines about a unit's own result ("mesos-master.service: ...") */
export function systemdUnit(s: Sink, h: Host, t: number, unit: string, text: string, lvl: Level = "INFO"): void {
  sys(s, h, t, "systemd", lvl, "systemd", 1, `${unit}: ${text}`, { unit });
}

/** a oneshot/timer unit finishing cleanly: wording differs between systemd 237 and 249+ */
export function systemdDone(s: Sink, h: Host, t: number, unit: string): void {
  systemdUnit(s, h, t, unit, h.oldOs ? "Succeeded." : "Deactivated successfully.");
}
