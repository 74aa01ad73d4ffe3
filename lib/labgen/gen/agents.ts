// Mesos agents: restarts (same build banner as a master, from main.cpp — decoy), registration and
// re-registration after every leader change, with the matching lines on the leading master.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { candidacySeq, leaderAt } from "../lookups";
import { GlogProc } from "../formats/glog";
import { systemd } from "../formats/syslog";
import { dpkgInstall } from "../formats/dpkg";
import { SEC, MIN } from "../time";
import { dur } from "./stout";
import { agentFlags } from "./flags";
import { type Ctx, agentPrinter, masterProc, rawSignal } from "./ctx";

const UNIT = "mesos-slave.service";
const DESC = "Mesos Slave";

export function emitAgents(c: Ctx, r: Rng): void {
  const { s, sc, v } = c;
  const newAgent = c.f.agents[c.f.agents.length - 1];
  for (const ar of sc.agentRuns) {
    if (ar.start < sc.W) continue;
    const a = ar.host;
    const p = new GlogProc(s, a, "mesos-agent", ar.pid, v.mesos.version, () => r.float());
    let t = ar.start;
    const fresh = a === newAgent;
    if (fresh) {
      dpkgInstall(s, a, t - r.range(6, 12) * MIN, "mesos", "amd64", null, v.mesos.pkg);
    } else {
      const old = new GlogProc(s, a, "mesos-agent", a.pidBase, v.mesos.version, () => r.float());
      systemd(s, a, t - 12 * SEC, UNIT, DESC, "Stopping");
      rawSignal(c, a, "mesos-agent", a.pidBase, old.tid(), t - 11.9 * SEC);
      systemd(s, a, t - 11 * SEC, UNIT, DESC, "Stopped");
      const L = leaderAt(sc, t - 11 * SEC);
      if (L) masterProc(c, L, r).log(t - 11.9 * SEC + r.int(2000, 9000), "master.agentDisconnected", { agent: agentPrinter(c, a) });
    }
    systemd(s, a, t - 5000, UNIT, DESC, "Started");
    p.log((t += 30_000), "mesos.loggingStarted", undefined, false, ar.pid);
    p.log((t += 1000), "agent.build", { date: v.mesos.buildDate, user: "root" }, false, ar.pid);
    p.log((t += 70), "agent.version", { version: v.mesos.version }, false, ar.pid);
    p.log((t += 9), "agent.gitTag", { tag: v.mesos.version }, false, ar.pid);
    p.log((t += 8), "agent.gitSha", { sha: v.mesos.sha }, false, ar.pid);
    p.log((t += r.int(40_000, 90_000)), "agent.startedOn", { pid: `(1)@${a.ip}:5051` });
    p.log((t += 30), "agent.flags", { flags: agentFlags(c.f, a, v.mesos.version) });
    p.log((t += 900), "agent.resources", { resources: c.agentRes.get(a)!.json });
    p.log((t += 40), "agent.attributes", { attributes: `[ rack=r${(c.f.agents.indexOf(a) % 3) + 1} ]` });
    p.log((t += 20), "agent.hostname", { hostname: a.fqdn });
    p.log((t += 3000), "agent.recoveringState", { dir: "/var/lib/mesos/meta" });
    p.log((t += r.int(20_000, 200_000)), "agent.recoveringExecutors");
    p.log((t += r.int(200_000, 2_000_000)), "agent.finishedRecovery");
    const L = leaderAt(sc, t);
    if (!L) continue;
    t += r.int(2000, 30_000);
    register(c, r, p, a, t, L, fresh);
  }

  // the leading master's process dies (stopped, or exits after losing ZooKeeper): every agent's link
  // to it closes at once; the agents wait for the next election
  for (const l of sc.leaders) {
    if (l.to === null || l.run.end === null || l.run.end > l.to + 30 * SEC) continue;
    // Thursday's leader lost its network: no FIN reaches the agents when it exits; they follow ZooKeeper
    if (l.run.end >= sc.foLost && l.run.end < sc.foLost + MIN) continue;
    const dead = l.run.end;
    for (const a of c.f.agents) {
      const runs = sc.agentRuns.filter((x) => x.host === a && x.start < dead - MIN);
      if (!runs.length) continue;
      const ar = runs[runs.length - 1];
      const p = new GlogProc(s, a, "mesos-agent", ar.pid, v.mesos.version, () => r.float());
      const tx = dead + r.int(1000, 60_000);
      p.log(tx, "agent.gotExited", { pid: `master@${l.run.host.ip}:5050` });
      p.log(tx + r.int(100, 900), "agent.masterDisconnected");
    }
  }

  // every leader change makes each registered agent re-register with the new leader
  for (const e of sc.elections) {
    for (const a of c.f.agents) {
      const runs = sc.agentRuns.filter((x) => x.host === a && x.start < e.t);
      if (!runs.length) continue;
      const ar = runs[runs.length - 1];
      const p = new GlogProc(s, a, "mesos-agent", ar.pid, v.mesos.version, () => r.float());
      register(c, r, p, a, e.t + r.int(30_000, 400_000), e.run, false);
    }
  }
}

function register(c: Ctx, r: Rng, p: GlogProc, a: Host, t: number, L: NonNullable<ReturnType<typeof leaderAt>>, fresh: boolean): void {
  const m = masterProc(c, L, r);
  const lip = L.host.ip;
  // the agent's own detector sees the new lowest candidacy, then its master detector names it
  p.log(t - r.int(300, 900), "detector.detected", { leader: `(id='${candidacySeq(L, t)}')` });
  p.log(t - r.int(50, 250), "detector.newLeader", { upid: `master@${lip}:5050` });
  p.log(t, "agent.newMaster", { master: `master@${lip}:5050` });
  p.log((t += 40), "agent.noCredentials");
  p.log((t += 20), "agent.detecting");
  // the master sees the message a few ms later (network + its own clock, which may differ)
  let tm = t + r.int(800, 4000);
  if (fresh) {
    m.log(tm, "master.registerAgentMessage", { from: `slave(1)@${a.ip}:5051`, hostname: a.fqdn });
    m.log((tm += 300), "registrar.applied", { n: 1, took: dur(r.int(20_000, 90_000)) });
    m.log((tm += r.int(8000, 30_000)), "registrar.updated", { took: dur(r.int(8_000_000, 30_000_000)) });
    m.log((tm += 200), "master.registeredAgent", { agent: agentPrinter(c, a), resources: c.agentRes.get(a)!.text }, true);
    p.log(tm + r.int(1000, 3000), "agent.registered", { master: `master@${lip}:5050`, id: c.sc.agentIds.get(a)! });
  } else {
    m.log(tm, "master.reregisterAgentMessage", { agent: agentPrinter(c, a) });
    m.log((tm += r.int(300, 3000)), "master.reregisteredAgent", { agent: agentPrinter(c, a), resources: c.agentRes.get(a)!.text }, true);
    p.log(tm + r.int(1000, 3000), "agent.reregistered", { master: `master@${lip}:5050` });
  }
}
