// Volume: Marathon tasks launched on Mesos agents through the leading master, with status updates
// on both sides and (sometimes) the Marathon deployment around them.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import type { AgentRun } from "../scenario";
import { leaderAt } from "../lookups";
import { GlogProc } from "../formats/glog";
import { HOUR, MIN, SEC } from "../time";
import { type Ctx, agentPrinter, fwPrinter, masterProc } from "./ctx";
import { marathonDeploy } from "./marathon";

const APPS = ["/shop/web", "/shop/api", "/billing/worker", "/search/indexer", "/reports/ui", "/auth/gateway", "/ingest/kafka-bridge", "/ops/cleanup"];
const agentProcs = new WeakMap<AgentRun, GlogProc>();

function agentAt(c: Ctx, r: Rng, t: number): { a: Host; p: GlogProc } | null {
  const a = r.pick(c.f.agents);
  let run: AgentRun | null = null;
  for (const x of c.sc.agentRuns) if (x.host === a && x.start <= t) run = x;
  // not yet joined, or still (re)starting: no tasks there
  if (!run || t - run.start < MIN) return null;
  let p = agentProcs.get(run);
  if (!p) {
    p = new GlogProc(c.s, a, "mesos-agent", run.pid, () => r.float());
    agentProcs.set(run, p);
  }
  return { a, p };
}

function statusUpdate(c: Ctx, r: Rng, t: number, a: Host, ap: GlogProc, mp: GlogProc | null, lip: string, state: string, task: string, execPort: number): number {
  const u = r.uuid();
  const fw = c.sc.frameworkId;
  ap.log(t, "INFO", "slave.cpp", 5981, `Handling status update ${state} (Status UUID: ${u}) for task ${task} of framework ${fw} from executor(1)@${a.ip}:${execPort}`);
  ap.log((t += r.int(200, 3000)), "INFO", "slave.cpp", 6527, `Forwarding the update ${state} (Status UUID: ${u}) for task ${task} of framework ${fw} to master@${lip}:5050`);
  if (mp) mp.log(t + r.int(500, 4000), "INFO", "master.cpp", 8160, `Status update ${state} (Status UUID: ${u}) for task ${task} of framework ${fw} from agent ${agentPrinter(c, a)}`);
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
  const deploy = r.chance(0.15) ? (c.sc.frameworkId.slice(0, 2) + r.uuid().slice(2)) : null;
  if (deploy) marathonDeploy(c, r, t - r.int(1, 3) * SEC, app, deploy, "start");
  const cpus = r.pick(["0.1", "0.25", "0.5", "1", "2"]);
  const mem = r.pick([128, 256, 512, 1024, 2048]);
  const port = 31000 + r.int(0, 999);
  const res = `cpus(allocated: *):${cpus}; mem(allocated: *):${mem}; ports(allocated: *):[${port}-${port}]`;
  const cid = r.uuid();
  const execPort = r.int(33000, 45999);
  m.log(t, "INFO", "master.cpp", 4356, `Processing ACCEPT call for offers: [ ${L.id}-O${r.int(100, 99999)} ] on agent ${agentPrinter(c, a)} for framework ${fwPrinter(c, t)}`);
  m.log(t + r.int(200, 900), "INFO", "master.cpp", 5035, `Launching task ${task} of framework ${fwPrinter(c, t)} with resources ${res} on agent ${agentPrinter(c, a)} on  new executor`);
  let u = t + r.int(2000, 9000);
  ap.log(u, "INFO", "slave.cpp", 2300, `Got assigned task '${task}' for framework ${fw}`);
  ap.log((u += r.int(300, 3000)), "INFO", "slave.cpp", 10380, `Launching executor '${task}' of framework ${fw} with resources cpus(allocated: *):0.1; mem(allocated: *):32 in work directory '/var/lib/mesos/slaves/${c.sc.agentIds.get(a)}/frameworks/${fw}/executors/${task}/runs/${cid}'`);
  ap.log((u += r.int(300, 3000)), "INFO", "slave.cpp", 3876, `Launching container ${cid} for executor '${task}' of framework ${fw}`);
  u += r.int(500_000, 4_000_000);
  u = statusUpdate(c, r, u, a, ap, m, L.host.ip, "TASK_STARTING", task, execPort);
  u = statusUpdate(c, r, u + r.int(1, 20) * SEC, a, ap, m, L.host.ip, "TASK_RUNNING", task, execPort);
  if (deploy) marathonDeploy(c, r, u + r.int(20, 90) * SEC, app, deploy, "end");

  // the end of the task, hours later (if inside the window), through whoever leads then
  const end = u + r.exp(9 * HOUR);
  const L2 = leaderAt(c.sc, end);
  const m2 = L2 ? masterProc(c, L2, r) : null;
  const lip2 = (L2 ?? L).host.ip;
  if (r.chance(0.12)) {
    statusUpdate(c, r, end, a, ap, m2, lip2, "TASK_FAILED", task, execPort);
  } else {
    if (m2) m2.log(end - r.int(2000, 9000), "INFO", "master.cpp", 5716, `Processing KILL call for task '${task}' of framework ${fwPrinter(c, end)}`);
    ap.log(end, "INFO", "slave.cpp", 3305, `Asked to kill task ${task} of framework ${fw}`);
    statusUpdate(c, r, end + r.int(1, 8) * SEC, a, ap, m2, lip2, "TASK_KILLED", task, execPort);
  }
  ap.log(end + r.int(10, 20) * SEC, "INFO", "slave.cpp", 7082, `Executor '${task}' of framework ${fw} exited with status 0`);
  ap.log(end + r.int(21, 25) * SEC, "INFO", "slave.cpp", 7179, `Cleaning up executor '${task}' of framework ${fw} at executor(1)@${a.ip}:${execPort}`);
  return true;
}
