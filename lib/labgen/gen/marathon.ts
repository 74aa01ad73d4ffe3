// Marathon on the master hosts. It is a framework (a client of the master): its "Leader won" is about
// Marathon's own leader latch and its "Mesos Master version X" is the master's version seen from
// outside — neither is a Mesos control-plane event.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { leaderAt, marathonLeaderAt } from "../lookups";
import { marathon } from "../formats/java";
import { systemd } from "../formats/syslog";
import { dpkgInstall, dpkgRemove } from "../formats/dpkg";
import { SEC, MIN } from "../time";
import { type Ctx, fwPrinter, masterProc } from "./ctx";
import { masterInfoText } from "./masterinfo";

/** MarathonSchedulerDriver.scala adds these by default (TASK_KILLING_STATE and GPU_RESOURCES only when
 *  their features are enabled); the master prints them with stringify's "[ a, b ]" */
const CAPS = "[ PARTITION_AWARE, REGION_AWARE, MULTI_ROLE ]";

export function emitMarathon(c: Ctx, r: Rng): void {
  const { s, sc, f, v } = c;
  const { A, B, D, N } = f.roles;
  const akka = () => `marathon-akka.actor.default-dispatcher-${r.int(2, 24)}`;
  const jni = () => `Thread-${r.int(9, 60)}`;

  /** driver (re)registration as logged by both sides */
  const subscribe = (t: number, re: boolean) => {
    const L = leaderAt(sc, t);
    if (!L) return;
    const mh = marathonLeaderAt(sc, t);
    const m = masterProc(c, L, r);
    const sd = c.sched.get(mh)!;
    m.log(t - r.int(100, 400), "master.subscribeCall", { name: "marathon", scheduler: `scheduler-${sd.uuid}@${mh.ip}:${sd.port}` });
    m.log(t, "master.subscribing", { name: "marathon", checkpointing: "enabled", capabilities: CAPS });
    // a new leading master learns the framework; a new Marathon leader is a scheduler failover
    if (re) m.log(t + 400, "master.addingFramework", { framework: fwPrinter(c, t), roles: "{  }" });
    else m.log(t + 300, "master.frameworkFailedOver", { framework: fwPrinter(c, t) });
    const th = jni();
    const tm = t + r.int(3000, 20_000);
    if (re) marathon(s, mh, tm, th, "marathon.reregistered", { masterInfo: masterInfoText(L.host, L.id, v.mesos.version) });
    else marathon(s, mh, tm, th, "marathon.registered", { frameworkId: sc.frameworkId, masterId: L.id });
    marathon(s, mh, tm + 900, th, "marathon.masterVersion", { version: v.mesos.version });
  };

  // Mesos leader changes: the framework is disconnected, then re-registers with the new leader
  for (const e of sc.elections) {
    const prev = sc.leaders.find((l) => l.to !== null && l.to <= e.t && e.t - l.to < MIN);
    const mh = marathonLeaderAt(sc, e.t);
    if (prev) marathon(s, mh, prev.to! + r.int(50_000, 400_000), jni(), "marathon.disconnected");
    subscribe(e.t + r.int(900_000, 3_000_000), true);
  }

  // Wednesday: D's Marathon (the Marathon leader) stops for good; leadership moves to A's or B's
  const stop = sc.marathonLeaders[0].to!;
  const next = sc.marathonLeaders[1];
  systemd(s, D, stop - 20_000, "marathon.service", "Marathon", "Stopping");
  marathon(s, D, stop - 10_000, "Thread-3", "marathon.shuttingDown");
  marathon(s, D, stop - 8000, akka(), "marathon.closingLatch");
  marathon(s, D, stop - 2000, "Thread-3", "marathon.waiting");
  systemd(s, D, stop + 400_000, "marathon.service", "Marathon", "Stopped");
  const other = next.host === A ? B : A;
  let t = next.from;
  marathon(s, next.host, t, akka(), "marathon.leaderWon", { hostPort: `${next.host.fqdn}:8080` });
  marathon(s, next.host, (t += r.int(50_000, 200_000)), akka(), "marathon.runningDriver");
  marathon(s, other, next.from + r.int(20_000, 300_000), akka(), "marathon.leaderDefeated", { hostPort: `${next.host.fqdn}:8080` });
  subscribe(t + r.int(1, 3) * SEC, false);
  dpkgRemove(s, D, sc.decom + r.range(4, 10) * MIN + 30 * SEC, "marathon", v.marathonPkg, "all");

  // N gets Marathon with its new master
  const nMaster = sc.runs.find((x) => x.host === N)!;
  dpkgInstall(s, N, sc.nInstall + 20 * SEC, "marathon", "all", null, v.marathonPkg);
  t = nMaster.start + r.range(40, 90) * SEC;
  systemd(s, N, t - 5000, "marathon.service", "Marathon", "Started");
  // the MarathonApp constructor loads libmesos before main() logs "Starting Marathon"
  marathon(s, N, (t += 1_500_000), "main", "marathon.libmesos", { version: v.mesos.version });
  marathon(s, N, (t += 780_000), "main", "marathon.starting", { version: v.marathon, buildref: v.marathonBuildRef });
  marathon(s, N, (t += 2_400_000), akka(), "marathon.startingLatch");
  marathon(s, N, (t += 300_000), akka(), "marathon.leaderDefeated", { hostPort: `${marathonLeaderAt(sc, t).fqdn}:8080` });
  marathon(s, N, (t += 900_000), "main", "marathon.allUp");
}

/** one half of a Marathon deployment (volume); the plan id ties the two halves together */
export function marathonDeploy(c: Ctx, r: Rng, t: number, app: string, plan: string, phase: "start" | "end"): Host {
  const mh = marathonLeaderAt(c.sc, t);
  const th = `marathon-akka.actor.default-dispatcher-${r.int(2, 24)}`;
  if (phase === "start") {
    c.hooks?.deploy?.(t, app, mh, plan);
    marathon(c.s, mh, t, th, "marathon.planReceived", { plan, targets: app });
    marathon(c.s, mh, t + 3000, th, "marathon.planStored", { plan, targets: app });
    marathon(c.s, mh, t + 4000, th, "marathon.launchingDeployment", { plan, targets: app });
  } else {
    marathon(c.s, mh, t, th, "marathon.instancesReady", { plan, app });
    marathon(c.s, mh, t + 2000, th, "marathon.planRemoved", { plan, targets: app });
  }
  return mh;
}
