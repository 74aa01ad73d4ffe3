// Traditional syslog / journald text: "Mar  9 09:01:02 host tag[pid]: msg" on the host's local clock.
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import { type Holes, type Resolved, type TemplateId, message, resolve } from "../provenance";
import { syslogStamp } from "../time";
import { num } from "./glog";

/** the Ubuntu release a host runs: Linux templates are keyed by it */
export const osOf = (h: Host): string => (h.oldOs ? "18.04" : "22.04");

/** One syslog line. `version` defaults to the host's Ubuntu release; `body` builds what follows
 *  "tag[pid]: " when another header sits inside it (the ZooKeeper C client's). */
export function sys(
  s: Sink,
  h: Host,
  t: number,
  service: string,
  tag: string,
  pid: number,
  id: TemplateId,
  holes?: Holes,
  extra?: Record<string, string> | ((r: Resolved) => Record<string, string>),
  version = osOf(h),
  body?: (msg: string, r: Resolved) => string,
): void {
  const r = resolve(id, version);
  const msg = message(r, holes);
  const fields: Record<string, string> = { pid: num(pid), tag };
  const x = typeof extra === "function" ? extra(r) : extra;
  if (x) for (const k in x) fields[k] = x[k];
  const b = body ? body(msg, r) : msg;
  s.add(id, t, h, service, r.level, msg, [syslogStamp(h.local(t)), " ", h.name, " ", tag, "[", num(pid), "]: ", b].join(""), fields);
}

export type UnitEvent = "Starting" | "Started" | "Stopping" | "Stopped" | "Finished" | "Reloading";
const UNIT_EVENT: Record<UnitEvent, TemplateId> = {
  Starting: "systemd.starting",
  Started: "systemd.started",
  Stopping: "systemd.stopping",
  Stopped: "systemd.stopped",
  Finished: "systemd.finished",
  Reloading: "systemd.reloading",
};

/** systemd (PID 1) job messages about a unit */
export function systemd(s: Sink, h: Host, t: number, unit: string, desc: string, what: UnitEvent): void {
  sys(s, h, t, "systemd", "systemd", 1, UNIT_EVENT[what], { unit, desc }, { unit });
}

/** systemd lines about a unit's own result ("mesos-master.service: ...") */
export function systemdUnit(s: Sink, h: Host, t: number, unit: string, id: TemplateId, holes: Holes = {}): void {
  sys(s, h, t, "systemd", "systemd", 1, id, { unit, ...holes }, { unit });
}

/** a oneshot/timer unit finishing cleanly: wording differs between systemd 237 and 249 */
export function systemdDone(s: Sink, h: Host, t: number, unit: string): void {
  systemdUnit(s, h, t, unit, "systemd.succeeded");
}
