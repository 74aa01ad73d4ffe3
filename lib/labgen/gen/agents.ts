// Mesos agents: restarts (same build banner as a master, from main.cpp — decoy), registration and
// re-registration after every leader change, with the matching lines on the leading master.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { leaderAt } from "../lookups";
import { GlogProc } from "../formats/glog";
import { systemd } from "../formats/syslog";
import { dpkgInstall } from "../formats/dpkg";
import { SEC, MIN } from "../time";
import { dur } from "./stout";
import { type Ctx, agentPrinter, masterProc } from "./ctx";

const UNIT = "mesos-slave.service";
const DESC = "Mesos Slave";

function agentFlags(c: Ctx, a: Host): string {
  const zk = c.f.zks.map((z) => `${z.ip}:2181`).join(",");
  return (
    `--appc_store_dir="/tmp/mesos/store/appc" --containerizers="mesos,docker" --docker="docker" --executor_registration_timeout="5mins" ` +
    `--hostname="${a.fqdn}" --isolation="cgroups/cpu,cgroups/mem,filesystem/linux,docker/runtime" --log_dir="/var/log/mesos" ` +
    `--logging_level="INFO" --master="zk://${zk}/mesos" --port="5051" --recover="reconnect" --strict="true" --work_dir="/var/lib/mesos"`
  );
}

export function emitAgents(c: Ctx, r: Rng): void {
  const { s, sc, v } = c;
  const newAgent = c.f.agents[c.f.agents.length - 1];
  for (const ar of sc.agentRuns) {
    if (ar.start < sc.W) continue;
    const a = ar.host;
    const p = new GlogProc(s, a, "mesos-agent", ar.pid, () => r.float());
    let t = ar.start;
    const fresh = a === newAgent;
    if (fresh) {
      dpkgInstall(s, a, t - r.range(6, 12) * MIN, "mesos", "amd64", null, v.mesos.pkg);
    } else {
      const old = new GlogProc(s, a, "mesos-agent", a.pidBase, () => r.float());
      systemd(s, a, t - 12 * SEC, UNIT, DESC, "Stopping");
      old.log(t - 11.9 * SEC, "INFO", "slave.cpp", 1002, "Agent terminating");
      systemd(s, a, t - 11 * SEC, UNIT, DESC, "Stopped");
      const L = leaderAt(sc, t - 11 * SEC);
      if (L) masterProc(c, L, r).log(t - 11 * SEC + r.int(2000, 9000), "INFO", "master.cpp", 1303, `Agent ${agentPrinter(c, a)} disconnected`);
    }
    systemd(s, a, t - 5000, UNIT, DESC, "Started");
    p.log((t += 31_000), "INFO", "main.cpp", 385, `Build: ${v.mesos.buildDate} by root`, false, ar.pid);
    p.log((t += 70), "INFO", "main.cpp", 386, `Version: ${v.mesos.version}`, false, ar.pid);
    p.log((t += 9), "INFO", "main.cpp", 389, `Git tag: ${v.mesos.version}`, false, ar.pid);
    p.log((t += 8), "INFO", "main.cpp", 393, `Git SHA: ${v.mesos.sha}`, false, ar.pid);
    p.log((t += r.int(40_000, 90_000)), "INFO", "slave.cpp", 281, `Mesos agent started on (1)@${a.ip}:5051`);
    p.log((t += 30), "INFO", "slave.cpp", 282, `Flags at startup: ${agentFlags(c, a)}`);
    p.log((t += 900), "INFO", "slave.cpp", 629, `Agent resources: ${c.agentRes.get(a)}`);
    p.log((t += 40), "INFO", "slave.cpp", 637, `Agent attributes: [ rack=r${(c.f.agents.indexOf(a) % 3) + 1} ]`);
    p.log((t += 20), "INFO", "slave.cpp", 646, `Agent hostname: ${a.fqdn}`);
    p.log((t += 3000), "INFO", "state.cpp", 66, "Recovering state from '/var/lib/mesos/meta'");
    p.log((t += r.int(20_000, 200_000)), "INFO", "slave.cpp", 8224, "Recovering executors");
    p.log((t += r.int(200_000, 2_000_000)), "INFO", "slave.cpp", 8377, "Finished recovery");
    const L = leaderAt(sc, t);
    if (!L) continue;
    t += r.int(2000, 30_000);
    register(c, r, p, a, t, L, fresh);
  }

  // every leader change makes each registered agent re-register with the new leader
  for (const e of sc.elections) {
    if (e.kind !== "elected") continue;
    for (const a of c.f.agents) {
      const runs = sc.agentRuns.filter((x) => x.host === a && x.start < e.t);
      if (!runs.length) continue;
      const ar = runs[runs.length - 1];
      const p = new GlogProc(s, a, "mesos-agent", ar.pid, () => r.float());
      register(c, r, p, a, e.t + r.int(30_000, 400_000), e.run, false);
    }
  }
}

function register(c: Ctx, r: Rng, p: GlogProc, a: Host, t: number, L: NonNullable<ReturnType<typeof leaderAt>>, fresh: boolean): void {
  const m = masterProc(c, L, r);
  const lip = L.host.ip;
  p.log(t, "INFO", "slave.cpp", 1473, `New master detected at master@${lip}:5050`);
  p.log((t += 40), "INFO", "slave.cpp", 1506, "No credentials provided. Attempting to register without authentication");
  p.log((t += 20), "INFO", "slave.cpp", 1538, "Detecting new master");
  // the master sees the message a few ms later (network + its own clock, which may differ)
  let tm = t + r.int(800, 4000);
  if (fresh) {
    m.log(tm, "INFO", "master.cpp", 6263, `Received register agent message from slave(1)@${a.ip}:5051 (${a.fqdn})`);
    m.log((tm += 300), "INFO", "registrar.cpp", 487, `Applied 1 operations in ${dur(r.int(20_000, 90_000))}; attempting to update the registry`);
    m.log((tm += r.int(8000, 30_000)), "INFO", "registrar.cpp", 544, `Successfully updated the registry in ${dur(r.int(8_000_000, 30_000_000))}`);
    m.log((tm += 200), "INFO", "master.cpp", 6535, `Registered agent ${agentPrinter(c, a)} with ${c.agentRes.get(a)}`, true);
    p.log(tm + r.int(1000, 3000), "INFO", "slave.cpp", 1698, `Registered with master master@${lip}:5050; given agent ID ${c.sc.agentIds.get(a)}`);
  } else {
    m.log(tm, "INFO", "master.cpp", 6715, `Received re-register agent message from agent ${agentPrinter(c, a)}`);
    m.log((tm += r.int(300, 3000)), "INFO", "master.cpp", 7174, `Re-registered agent ${agentPrinter(c, a)} with ${c.agentRes.get(a)}`, true);
    p.log(tm + r.int(1000, 3000), "INFO", "slave.cpp", 1830, `Re-registered with master master@${lip}:5050`);
  }
}
