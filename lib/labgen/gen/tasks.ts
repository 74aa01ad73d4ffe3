// Volume: Marathon tasks launched on Mesos agents through the leading master, with status updates
// on both sides and (sometimes) the Marathon deployment around them.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import type { AgentRun, MasterRun } from "../scenario";
import { leaderAt } from "../lookups";
import { GlogProc } from "../formats/glog";
import { HOUR, MIN, SEC } from "../time";
import { type Ctx, agentPrinter, fwPrinter, masterProc } from "./ctx";
import { marathonDeploy } from "./marathon";
import { resourcesJson } from "./stout";

const APPS = ["/shop/web", "/shop/api", "/billing/worker", "/search/indexer", "/reports/ui", "/auth/gateway", "/ingest/kafka-bridge", "/ops/cleanup"];
const agentProcs = new WeakMap<AgentRun, GlogProc>();
/** the command executor Marathon's tasks run under: 0.1 cpus and 32 MB on top of the task */
const EXECUTOR_RES = resourcesJson([
  { name: "cpus", scalar: 0.1, role: "*" },
  { name: "mem", scalar: 32, role: "*" },
]);

function agentAt(c: Ctx, r: Rng, t: number): { a: Host; p: GlogProc } | null {
  return agentProc(c, r, r.pick(c.f.agents), t);
}

/** the mesos-agent process running on `a` at t; null while it has not joined or is (re)starting */
export function agentProc(c: Ctx, r: Rng, a: Host, t: number): { a: Host; p: GlogProc } | null {
  let run: AgentRun | null = null;
  for (const x of c.sc.agentRuns) if (x.host === a && x.start <= t) run = x;
  // not yet joined, or still (re)starting: no tasks there
  if (!run || t - run.start < MIN) return null;
  let p = agentProcs.get(run);
  if (!p) {
    p = new GlogProc(c.s, a, "mesos-agent", run.pid, c.v.mesos.version, () => r.float());
    agentProcs.set(run, p);
  }
  return { a, p };
}

function statusUpdate(
  c: Ctx,
  r: Rng,
  t: number,
  a: Host,
  ap: GlogProc,
  mp: GlogProc | null,
  lip: string,
  state: string,
  task: string,
  execPort: number,
): number {
  const u = r.uuid();
  const fw = c.sc.frameworkId;
  const update = `${state} (Status UUID: ${u}) for task ${task} of framework ${fw}`;
  ap.log(t, "agent.handlingStatus", { update, from: `executor(1)@${a.ip}:${execPort}` });
  ap.log((t += r.int(200, 3000)), "agent.forwardingStatus", { update, master: `master@${lip}:5050` });
  if (mp) mp.log(t + r.int(500, 4000), "master.statusUpdate", { update, agent: agentPrinter(c, a) });
  return t + r.int(5000, 20_000);
}

/** one task lifecycle; false when nothing could be launched at t (no leader / agent restarting) */
export function mesosTask(c: Ctx, r: Rng, t: number): boolean {
  const L = leaderAt(c.sc, t);
  if (!L || leaderAt(c.sc, t + 2 * MIN) !== L) return false;
  const ag = agentAt(c, r, t);
  if (!ag) return false;
  const { a, p: ap } = ag;
  const m = masterProc(c, L, r);
  const app = r.pick(APPS);
  const task = `${app.slice(1).replace(/\//g, "_")}.${r.uuid1()}`;
  const fw = c.sc.frameworkId;
  const deploy = r.chance(0.15) ? c.sc.frameworkId.slice(0, 2) + r.uuid().slice(2) : null;
  if (deploy) marathonDeploy(c, r, t - r.int(1, 3) * SEC, app, deploy, "start");
  const cpus = r.pick(["0.1", "0.25", "0.5", "1", "2"]);
  const mem = r.pick([128, 256, 512, 1024, 2048]);
  const port = 31000 + r.int(0, 999);
  const res = resourcesJson([
    { name: "cpus", scalar: +cpus, role: "*" },
    { name: "mem", scalar: mem, role: "*" },
    { name: "ports", range: [port, port], role: "*" },
  ]);
  const cid = r.uuid();
  const execPort = r.int(33000, 45999);
  const offer = `${L.id}-O${r.int(100, 99999)}`;
  const u = launchTask(c, r, t, { L, m, a, ap, task, res, cid, execPort, offer });
  if (deploy) marathonDeploy(c, r, u + r.int(20, 90) * SEC, app, deploy, "end");

  // the end of the task, hours later (if inside the window), through whoever leads then
  const end = u + r.exp(9 * HOUR);
  const L2 = leaderAt(c.sc, end);
  const m2 = L2 ? masterProc(c, L2, r) : null;
  const lip2 = (L2 ?? L).host.ip;
  if (r.chance(0.12)) {
    statusUpdate(c, r, end, a, ap, m2, lip2, "TASK_FAILED", task, execPort);
  } else {
    if (m2) m2.log(end - r.int(2000, 9000), "master.processingKill", { task, framework: fwPrinter(c, end) });
    ap.log(end, "agent.askedKill", { task, framework: fw });
    statusUpdate(c, r, end + r.int(1, 8) * SEC, a, ap, m2, lip2, "TASK_KILLED", task, execPort);
  }
  ap.log(end + r.int(10, 20) * SEC, "agent.executorExited", { executor: task, framework: fw, status: 0 });
  ap.log(end + r.int(21, 25) * SEC, "agent.cleaningExecutor", { executor: task, framework: fw, pid: `executor(1)@${a.ip}:${execPort}` });
  return true;
}

export interface Launch {
  L: MasterRun;
  m: GlogProc;
  a: Host;
  ap: GlogProc;
  task: string;
  /** the task's resources as the master prints them (JSON) */
  res: string;
  cid: string;
  execPort: number;
  /** the offer id the framework accepted */
  offer: string;
}

/** a task accepted by the leading master, launched on the agent, up to TASK_RUNNING; returns the
 *  instant after the last status update */
export function launchTask(c: Ctx, r: Rng, t: number, x: Launch): number {
  const { L, m, a, ap, task, res, cid, execPort } = x;
  const fw = c.sc.frameworkId;
  m.log(t, "master.processingAccept", { offers: `[ ${x.offer} ]`, agent: agentPrinter(c, a), framework: fwPrinter(c, t) });
  m.log(t + r.int(200, 900), "master.launchingTask", { task, framework: fwPrinter(c, t), resources: res, agent: agentPrinter(c, a) });
  let u = t + r.int(2000, 9000);
  ap.log(u, "agent.gotTask", { task, framework: fw });
  ap.log((u += r.int(300, 3000)), "agent.launchingExecutor", {
    executor: task,
    framework: fw,
    resources: EXECUTOR_RES,
    dir: `/var/lib/mesos/slaves/${c.sc.agentIds.get(a)}/frameworks/${fw}/executors/${task}/runs/${cid}`,
  });
  ap.log((u += r.int(300, 3000)), "agent.launchingContainer", { container: cid, executor: task, framework: fw });
  u += r.int(500_000, 4_000_000);
  u = statusUpdate(c, r, u, a, ap, m, L.host.ip, "TASK_STARTING", task, execPort);
  u = statusUpdate(c, r, u + r.int(1, 20) * SEC, a, ap, m, L.host.ip, "TASK_RUNNING", task, execPort);
  return u;
}
