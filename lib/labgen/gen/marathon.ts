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

const MAIN = "mesosphere.marathon.Main$";
const ELECT = "mesosphere.marathon.core.election.CuratorElectionStream$";
const SVC = "mesosphere.marathon.MarathonSchedulerService";
const SCHED = "mesosphere.marathon.MarathonScheduler";
const CAPS = "[ PARTITION_AWARE, REGION_AWARE, GPU_RESOURCES ]";

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
    m.log(t, "INFO", "master.cpp", 3048, `Subscribing framework marathon with checkpointing enabled and capabilities ${CAPS}`);
    if (re) m.log(t + 400, "INFO", "master.cpp", 2760, `Adding framework ${fwPrinter(c, t)} with roles {  } suppressed`);
    else m.log(t + 300, "INFO", "master.cpp", 3199, `Updating info for framework ${sc.frameworkId}`);
    const th = jni();
    const tm = t + r.int(3000, 20_000);
    marathon(s, mh, tm, "INFO", SCHED, th, re ? `Re-registered to master '${L.id}'` : `Registered as ${sc.frameworkId} to master '${L.id}'`);
    marathon(s, mh, tm + 900, "INFO", SCHED, th, `Mesos Master version ${v.mesos.version}`);
  };

  // Mesos leader changes: the framework is disconnected, then re-registers with the new leader
  for (const e of sc.elections) {
    if (e.kind !== "elected") continue;
    const prev = sc.leaders.find((l) => l.to !== null && l.to <= e.t && e.t - l.to < MIN);
    const mh = marathonLeaderAt(sc, e.t);
    if (prev) marathon(s, mh, prev.to! + r.int(50_000, 400_000), "WARN", SCHED, jni(), "Disconnected");
    subscribe(e.t + r.int(900_000, 3_000_000), true);
  }

  // Wednesday: D's Marathon (the Marathon leader) stops for good; leadership moves to A's or B's
  const stop = sc.marathonLeaders[0].to!;
  const next = sc.marathonLeaders[1];
  systemd(s, D, stop - 20_000, "marathon.service", "Marathon", "Stopping");
  marathon(s, D, stop - 10_000, "INFO", MAIN, "Thread-3", "Shutting down services");
  marathon(s, D, stop - 8000, "INFO", ELECT, akka(), "Closing leader latch");
  marathon(s, D, stop - 2000, "INFO", MAIN, "Thread-3", "Waiting for services to shut down");
  systemd(s, D, stop + 400_000, "marathon.service", "Marathon", "Stopped");
  const other = next.host === A ? B : A;
  let t = next.from;
  marathon(s, next.host, t, "INFO", ELECT, akka(), `Leader won: ${next.host.fqdn}:8080`);
  marathon(s, next.host, (t += r.int(50_000, 200_000)), "INFO", SVC, akka(), "As new leader running the driver");
  marathon(s, other, next.from + r.int(20_000, 300_000), "INFO", ELECT, akka(), `Leader defeated. Current leader: ${next.host.fqdn}:8080`);
  subscribe(t + r.int(1, 3) * SEC, false);
  dpkgRemove(s, D, sc.decom + r.range(4, 10) * MIN + 30 * SEC, "marathon", v.marathonPkg, "all");

  // N gets Marathon with its new master
  const nMaster = sc.runs.find((x) => x.host === N)!;
  dpkgInstall(s, N, sc.nInstall + 20 * SEC, "marathon", "all", null, v.marathonPkg);
  t = nMaster.start + r.range(40, 90) * SEC;
  systemd(s, N, t - 5000, "marathon.service", "Marathon", "Started");
  marathon(s, N, (t += 1_500_000), "INFO", MAIN, "main", `Starting Marathon ${v.marathon}`);
  marathon(s, N, (t += 780_000), "INFO", MAIN, "main", `Successfully loaded libmesos: version ${v.mesos.version}`);
  marathon(s, N, (t += 2_400_000), "INFO", ELECT, akka(), "Starting leader latch");
  marathon(s, N, (t += 300_000), "INFO", ELECT, akka(), `Leader defeated. Current leader: ${marathonLeaderAt(sc, t).fqdn}:8080`);
  marathon(s, N, (t += 900_000), "INFO", MAIN, "main", "All services up and running.");
}

/** one half of a Marathon deployment (volume); the plan id ties the two halves together */
export function marathonDeploy(c: Ctx, r: Rng, t: number, app: string, plan: string, phase: "start" | "end"): Host {
  const mh = marathonLeaderAt(c.sc, t);
  const th = `marathon-akka.actor.default-dispatcher-${r.int(2, 24)}`;
  const DM = "mesosphere.marathon.core.deployment.impl.DeploymentManagerActor";
  if (phase === "start") {
    marathon(c.s, mh, t, "INFO", DM, th, `Received new deployment plan ${plan} for ${app}, no conflicts detected`);
    marathon(c.s, mh, t + 3000, "INFO", DM, th, `Stored new deployment plan ${plan} for ${app}`);
    marathon(c.s, mh, t + 4000, "INFO", DM, th, `Launching DeploymentActor for ${plan} for ${app}`);
  } else {
    marathon(c.s, mh, t, "INFO", "mesosphere.marathon.core.deployment.impl.TaskReplaceActor", th, `Deployment ${plan}: All new instances for ${app} are ready and all old instances have been killed`);
    marathon(c.s, mh, t + 2000, "INFO", DM, th, `Removing ${plan} for ${app} from list of running deployments`);
  }
  return mh;
}
