// Mesos master processes: start-up, ZooKeeper sessions, elections, and how each run ends (see
// scenario.ts for what Mesos does when it loses ZooKeeper). Lines that the truth counts as "control
// plane" (build/version banner, "started on", elected) are labelled here, at the only place they are
// produced, so labels and text cannot drift apart.
import type { Rng } from "../prng";
import { type MasterRun, type ZkSession, sessionServer } from "../scenario";
import { candidacySeq, leaderAt } from "../lookups";
import type { Sink } from "../sink";
import { type Ctx, masterProc, rawSignal } from "./ctx";
import { sys, systemd, systemdUnit } from "../formats/syslog";
import type { Holes, Resolved, TemplateId } from "../provenance";
import { log4jStamp, SEC } from "../time";
import { bytes, dur } from "./stout";
import { masterFlags } from "./flags";

const UNIT = "mesos-master.service";
const DESC = "Mesos Master";
/** uname(2) of the Ubuntu 18.04 GA kernel the masters run (illustrative build string) */
const UNAME = { sysname: "Linux", release: "4.15.0-213-generic", version: "#224-Ubuntu SMP Mon Jun 19 13:30:12 UTC 2023" };

/** pthread_self() as the ZooKeeper C client prints it */
const pthread = (r: Rng) => "7f" + r.hex(7) + "700";

/** the embedded ZooKeeper C client writes its own format to stderr -> journald, not to the glog file */
function zooClient(s: Sink, run: MasterRun, t: number, thread: string, id: TemplateId, holes?: Holes): void {
  // same "YYYY-MM-DD hh:mm:ss,mmm" stamp as log4j, on the host's clock
  const body = (msg: string, r: Resolved) => `${log4jStamp(run.host.local(t))}:${run.pid}(0x${thread}):ZOO_${r.level}@${r.file}@${r.line}: ${msg}`;
  sys(s, run.host, t, "mesos-master", "mesos-master", run.pid, id, holes, (r) => ({ function: r.file!, line: r.lineStr! }), "", body);
}

/** zookeeper_init on the calling thread: the whole log_env block, then "Initiating client connection" */
function zkInit(c: Ctx, r: Rng, run: MasterRun, t: number, thread: string): number {
  const h = run.host;
  const env: [TemplateId, Holes][] = [
    ["zkc.env.version", { version: "zookeeper C client 3.4.8" }],
    ["zkc.env.hostname", { hostname: h.name }],
    ["zkc.env.osName", { sysname: UNAME.sysname }],
    ["zkc.env.osArch", { release: UNAME.release }],
    ["zkc.env.osVersion", { version: UNAME.version }],
    ["zkc.env.userName", { login: "(null)" }],
    ["zkc.env.userHome", { home: "/root" }],
    ["zkc.env.userDir", { cwd: "/" }],
  ];
  for (const [id, holes] of env) zooClient(c.s, run, (t += r.int(5, 40)), thread, id, holes);
  const hosts = c.f.zks.map((z) => `${z.ip}:2181`).join(",");
  zooClient(c.s, run, (t += r.int(20, 90)), thread, "zkc.init", {
    hosts,
    timeout: 10000,
    watcher: `0x${r.hex(12)}`,
    session: "0",
    passwd: "<null>",
    context: `0x${r.hex(12)}`,
    flags: 0,
  });
  return t;
}

/** the client's I/O thread connects (initiated / session established) at the session's instant */
function zkConnected(s: Sink, r: Rng, run: MasterRun, z: ZkSession, io: string): void {
  const server = `${z.server.ip}:2181`;
  zooClient(s, run, z.at - r.int(4_000, 40_000), io, "zkc.initiated", { server });
  zooClient(s, run, z.at + r.int(500, 9_000), io, "zkc.established", { server, session: z.id, timeout: 10000 });
}

/** the run's session is connected at t */
function connectedAt(run: MasterRun, t: number): boolean {
  return run.sessions.some((z) => z.at <= t && (z.end === null || z.end > t));
}

export function emitMasters(c: Ctx, r: Rng): void {
  const { s, sc, f, v } = c;
  const byHost = new Map<string, MasterRun[]>();
  for (const run of sc.runs) byHost.set(run.host.name, [...(byHost.get(run.host.name) ?? []), run]);

  for (const run of sc.runs) {
    const h = run.host;
    const p = masterProc(c, run, r);
    const group = `zookeeper-group(1)@${h.ip}:5050`;
    const caller = p.tid();
    const z0 = run.sessions[0];
    const io = new Map<ZkSession, string>();
    const ioOf = (z: ZkSession) => io.get(z) ?? (io.set(z, pthread(r)), io.get(z)!);
    let t = run.start;
    if (t >= sc.W) {
      if (h === f.roles.N && run.restartCounter === 0) systemd(s, h, t - 3 * SEC, UNIT, DESC, "Reloading");
      systemd(s, h, t - 8000, UNIT, DESC, "Started");
      p.log((t += 40_000), "mesos.loggingStarted", undefined, false, run.pid);
      p.log((t += 1000), "master.build", { date: v.mesos.buildDate, user: "root" }, true, run.pid);
      p.log((t += 74), "master.version", { version: v.mesos.version }, true, run.pid);
      p.log((t += 9), "master.gitTag", { tag: v.mesos.version }, true, run.pid);
      p.log((t += 8), "master.gitSha", { sha: v.mesos.sha }, true, run.pid);
      t = zkInit(c, r, run, t + 900, pthread(r));
      p.log((t += r.int(20_000, 60_000)), "master.startedOn", { id: run.id, hostname: h.fqdn, addr: `${h.ip}:5050` }, true);
      p.log((t += 28), "master.flags", { flags: masterFlags(f, h, v.mesos.version) });
      p.log((t += r.int(900, 3000)), "master.authenticator", { authenticator: "crammd5" });
      p.log((t += r.int(2000, 9000)), "master.replicaRecovery");
      zkConnected(s, r, run, z0, ioOf(z0));
      t = Math.max(t, z0.at) + r.int(10_000, 60_000);
      p.log(t, "group.connected", { pid: group }, false, caller);
      p.log((t += 60), "group.syncing", { joins: 0, cancels: 1, datas: 0 });
      p.log((t += 40), "group.createPath", { znode: "/mesos" });
      p.log((t += r.int(5000, 20_000)), "master.replicaStatus", { status: "VOTING" });
      p.log((t += r.int(1000, 5000)), "master.joinedPaxos");
      const L = leaderAt(sc, t);
      if (L && L !== run) {
        p.log((t += r.int(2000, 9000)), "detector.detected", { leader: `(id='${candidacySeq(L, t)}')` });
        p.log((t += r.int(50, 400)), "detector.newLeader", { upid: `master@${L.host.ip}:5050` });
        p.log((t += 90), "master.newlyElected", { upid: `master@${L.host.ip}:5050`, id: L.id });
      }
    }

    for (const e of sc.elections) {
      if (e.t < run.start || (run.end !== null && e.t >= run.end) || !connectedAt(run, e.t)) continue;
      let te = e.t;
      const L = e.run;
      if (run === L) {
        // the election line sits exactly on the scenario instant, which is what leaderTimeline reports
        p.log(te - 300, "detector.detected", { leader: `(id='${candidacySeq(L, te)}')` });
        p.log(te - 80, "detector.newLeader", { upid: `master@${h.ip}:5050` });
        p.log(te, "master.elected", undefined, true);
        p.log((te += 9), "master.recoveringRegistrar");
        const reg = r.int(1900, 3400);
        p.log((te += r.int(40_000, 120_000)), "registrar.fetched", { size: bytes(reg), took: dur(r.int(30_000_000, 120_000_000)) });
        p.log((te += 200), "registrar.applied", { n: 1, took: dur(r.int(20_000, 90_000)) });
        p.log((te += r.int(10_000, 40_000)), "registrar.updated", { took: dur(r.int(8_000_000, 40_000_000)) });
        p.log((te += 60), "registrar.recovered");
        const n = sc.agentRuns
          .filter((a) => a.start < e.t)
          .map((a) => a.host)
          .filter((x, i, arr) => arr.indexOf(x) === i).length;
        p.log((te += 300), "master.recoveredAgents", { n, size: bytes(reg), timeout: "10mins" });
      } else {
        const td = te + r.int(20_000, 900_000);
        p.log(td - r.int(100, 300), "detector.detected", { leader: `(id='${candidacySeq(L, te)}')` });
        p.log(td, "detector.newLeader", { upid: `master@${L.host.ip}:5050` });
        p.log(td + r.int(100, 3000), "master.newlyElected", { upid: `master@${L.host.ip}:5050`, id: L.id });
      }
    }

    // a session that moved to another server within the timeout: the same session, "reconnected"
    for (const z of run.sessions) {
      for (const m of z.moves) {
        zooClient(s, run, m.lost, ioOf(z), "zkc.socketEof", { server: `${m.from.ip}:2181` });
        p.log(m.lost + r.int(200, 5000), "group.lostConnection");
        zkConnected(s, r, run, { ...z, server: m.server, at: m.at }, ioOf(z));
        p.log(m.at + r.int(10_000, 60_000), "group.reconnected", { pid: group }, false, caller);
        p.log(m.at + r.int(61_000, 90_000), "group.syncing", { joins: 0, cancels: 0, datas: 0 });
      }
    }

    // sessions the client lost: 10 s later Mesos expires it; the leader exits, a follower contends
    // again on a new ZooKeeper handle (a fresh log_env block and zookeeper_init, a new I/O thread)
    for (let i = 0; i < run.sessions.length; i++) {
      const z = run.sessions[i];
      if (z.endKind !== "lost") continue;
      const tl = z.end!;
      // Friday: the server closed the connection (EOF); Thursday's network loss gives no such line
      if (tl >= sc.blip && tl < sc.blipRestore)
        zooClient(s, run, tl - r.int(200, 5000), ioOf(z), "zkc.socketEof", { server: `${sessionServer(z, tl).ip}:2181` });
      p.log(tl, "group.lostConnection");
      const tx = tl + 10 * SEC;
      if (run.end !== null && run.end < tx) continue;
      p.log(tx, "group.forcingExpiration", { session: z.id.slice(2) });
      p.log(tx + r.int(100, 900), "group.sessionExpired");
      if (run.endKind === "suicide" && run.end! - tx < SEC) {
        p.log(run.end!, "master.lostCandidacyLeader");
        continue;
      }
      // the expired handle is freed, every detector of this process sees no leader, and the contender
      // withdraws and contends again on a new handle (a fresh log_env block, zookeeper_init)
      zooClient(s, run, tx + r.int(1000, 1500), pthread(r), "zkc.close", { session: z.id });
      p.log(tx + r.int(1500, 2000), "detector.detected", { leader: "None" });
      p.log(tx + r.int(2000, 2500), "master.noneElected");
      p.log(tx + r.int(2500, 3000), "master.lostCandidacyFollower");
      p.log(tx + r.int(3000, 3500), "contender.withdrawing");
      zkInit(c, r, run, tx + r.int(3500, 4000), pthread(r));
      const next = run.sessions[i + 1];
      if (next) {
        zkConnected(s, r, run, next, ioOf(next));
        p.log(next.at + r.int(10_000, 60_000), "group.connected", { pid: group }, false, caller);
      }
    }

    if (run.end === null) continue;
    const te = run.end;
    const next = (byHost.get(h.name) ?? []).find((x) => x.start > run.start);
    if (run.endKind === "stop") {
      systemd(s, h, te - 30_000, UNIT, DESC, "Stopping");
      rawSignal(c, h, "mesos-master", run.pid, p.tid(), te);
      systemd(s, h, te + 250_000, UNIT, DESC, "Stopped");
      if (!next) systemd(s, h, te + r.int(40, 90) * SEC, UNIT, DESC, "Reloading"); // systemctl disable
      continue;
    }
    systemdUnit(s, h, te + 40_000, UNIT, "systemd.mainExited", { status: "1/FAILURE" });
    systemdUnit(s, h, te + 41_000, UNIT, "systemd.failedResult", { result: "exit-code" });
    if (next) restartLines(c, next);
  }
}

/** systemd's Restart=on-failure: hold-off, then the restart job and the unit's stop/start */
function restartLines(c: Ctx, next: MasterRun): void {
  const h = next.host;
  systemdUnit(c.s, h, next.start - 60_000, UNIT, "systemd.holdOff");
  systemdUnit(c.s, h, next.start - 50_000, UNIT, "systemd.restartJob", { n: next.restartCounter });
  systemd(c.s, h, next.start - 40_000, UNIT, DESC, "Stopped");
}
