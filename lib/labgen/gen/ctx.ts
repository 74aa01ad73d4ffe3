// Shared rendering context: things several generators must print identically (ids, printers).
import type { Fleet, Host } from "../hosts";
import type { Rng } from "../prng";
import type { MasterRun, Scenario } from "../scenario";
import { marathonLeaderAt } from "../lookups";
import type { Sink } from "../sink";
import type { Versions } from "../versions";
import { GlogProc } from "../formats/glog";
import { sys } from "../formats/syslog";
import type { Resolved } from "../provenance";
import { pad } from "../time";
import { type Res, resourcesJson, resourcesText } from "./stout";

export interface Ctx {
  s: Sink;
  sc: Scenario;
  f: Fleet;
  v: Versions;
  sched: Map<Host, { uuid: string; port: number }>;
  /** each agent's resources in Mesos' two printers: `Resources` (text) and RepeatedPtrField (JSON) */
  agentRes: Map<Host, { text: string; json: string }>;
  procs: Map<MasterRun, GlogProc>;
  /** set by generate.ts before any kubelet line is rendered */
  kubeletRestarts?: Map<Host, number>;
  /** K8s lease holders over time (index into fleet.cps), filled by emitK8sFixed */
  leases?: Record<string, { from: number; idx: number }[]>;
  /** an incident's emitters follow the estate's own activity (incidents/); unset otherwise */
  hooks?: {
    /** marathon-lb on `lb` logged "fetching apps" at t */
    lbFetch?(t: number, lb: Host): void;
    /** a deployment of `app` (plan id `plan`) reached Marathon leader `mh` at t */
    deploy?(t: number, app: string, mh: Host, plan: string): void;
  };
}

export function makeCtx(s: Sink, sc: Scenario, f: Fleet, v: Versions, r: Rng): Ctx {
  const sched = new Map<Host, { uuid: string; port: number }>();
  for (const h of f.masters) sched.set(h, { uuid: r.uuid(), port: r.int(33000, 45999) });
  const agentRes = new Map<Host, { text: string; json: string }>();
  for (const a of f.agents) {
    const cpus = r.pick([8, 16, 16, 32]);
    const res: Res[] = [
      { name: "cpus", scalar: cpus },
      { name: "mem", scalar: cpus * 3900 + r.int(0, 999) },
      { name: "disk", scalar: r.int(200, 900) * 1024 },
      { name: "ports", range: [31000, 32000] },
    ];
    agentRes.set(a, { text: resourcesText(res), json: resourcesJson(res) });
  }
  return { s, sc, f, v, sched, agentRes, procs: new Map() };
}

/** Mesos' `*framework` printer: "<id> (marathon) at scheduler-<uuid>@<ip>:<port>" */
export function fwPrinter(c: Ctx, t: number): string {
  const h = marathonLeaderAt(c.sc, t);
  const sd = c.sched.get(h)!;
  return `${c.sc.frameworkId} (marathon) at scheduler-${sd.uuid}@${h.ip}:${sd.port}`;
}

/** Mesos' `*slave` printer: "<agentId> at slave(1)@<ip>:5051 (<fqdn>)" */
export function agentPrinter(c: Ctx, a: Host): string {
  return `${c.sc.agentIds.get(a)} at slave(1)@${a.ip}:5051 (${a.fqdn})`;
}

/** one GlogProc per master run so volume lines reuse the run's PID */
export function masterProc(c: Ctx, run: MasterRun, r: Rng): GlogProc {
  let p = c.procs.get(run);
  if (!p) {
    p = new GlogProc(c.s, run.host, "mesos-master", run.pid, c.v.mesos.version, () => r.float());
    c.procs.set(run, p);
  }
  return p;
}

/** glog's RAW_LOG from a signal handler: a zeroed time stamp, written to stderr only (journald) */
export function rawSignal(c: Ctx, h: Host, service: string, pid: number, tid: number, t: number): void {
  const head = (r: Resolved) => `W0000 00:00:00.000000 ${pad(tid, 5, " ")} ${r.file}:${r.line}] `;
  sys(
    c.s,
    h,
    t,
    service,
    service,
    pid,
    "mesos.sigterm",
    { pid: 1, uid: 0 },
    (r) => ({ tid: String(tid), file: r.file!, line: r.lineStr! }),
    c.v.mesos.version,
    (msg, r) => head(r) + msg,
  );
}
