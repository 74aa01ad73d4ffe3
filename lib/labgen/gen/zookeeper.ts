// ZooKeeper 3.4.14 ensemble used by the masters. Startup banners carry "My election bind port:
// <fqdn>/<ip>:3888", the only in-log way to map the IPs of the masters' --zk flag to host names.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { zkLeaderIdx, zkServerStart } from "../lookups";
import { zkSessionId } from "../scenario";
import { zk } from "../formats/java";
import { systemd } from "../formats/syslog";
import { SEC } from "../time";
import type { Ctx } from "./ctx";

const NIO = "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181";
const qp = (id: number) => `QuorumPeer[myid=${id}]/0:0:0:0:0:0:0:0:2181`;
const prep = (id: number) => `ProcessThread(sid:${id} cport:-1):`;

export function emitZooKeeper(c: Ctx, r: Rng): void {
  const { s, sc, f } = c;
  let zxEpoch = r.int(3, 9);
  let zx = r.int(0x10000, 0xfffff);
  const zxid = () => `0x${zxEpoch.toString(16)}${(zx += r.int(1, 400)).toString(16).padStart(8, "0")}`;

  const elect = (t: number, id: number, h: Host, leader: number, took: number) => {
    zk(s, h, t, id, qp(id), "zk.looking");
    zk(s, h, t + 1000, id, qp(id), "zk.newElection", { id, zxid: zxid() });
    for (const sid of [1, 2, 3]) {
      const st = sid === id ? "LOOKING" : sid === leader ? "LEADING" : "FOLLOWING";
      zk(s, h, t + 2000 + sid * 900, id, `WorkerReceiver[myid=${id}]`, "zk.notification", {
        version: 1, leader, zxid: zxid(), round: `0x${(zxEpoch + 1).toString(16)}`, state: st, sid, epoch: `0x${zxEpoch.toString(16)}`, mystate: "LOOKING",
      });
    }
    const me = id === leader;
    zk(s, h, t + took * 1000, id, qp(id), me ? "zk.leading" : "zk.following");
    zk(s, h, t + took * 1000 + 1500, id, qp(id), me ? "zk.leaderTook" : "zk.followerTook", { ms: took });
    zk(s, h, t + took * 1000 + 3000, id, qp(id), "zk.createdServer", {
      tick: 2000, min: 4000, max: 40000, datadir: "/var/lib/zookeeper/version-2", snapdir: "/var/lib/zookeeper/version-2",
    });
  };

  const restart = (h: Host, id: number, t: number, leaderAfter: number, electAt = 0) => {
    systemd(s, h, t - 2 * SEC, "zookeeper.service", "ZooKeeper", "Stopping");
    zk(s, h, t - 1.5 * SEC, id, qp(id), "zk.shuttingDown");
    zk(s, h, t - 1.2 * SEC, id, qp(id), "zk.peerExited");
    systemd(s, h, t - SEC, "zookeeper.service", "ZooKeeper", "Stopped");
    systemd(s, h, t - 0.2 * SEC, "zookeeper.service", "ZooKeeper", "Started");
    let u = t + r.int(300_000, 600_000);
    // the MDC myid is set while the config is parsed: the first line still prints [myid:]
    zk(s, h, u, null, "main", "zk.readingConfig", { file: "/etc/zookeeper/conf/zoo.cfg" });
    zk(s, h, (u += 40_000), id, "main", "zk.startingPeer");
    for (const [key, value] of serverEnv(c, h)) zk(s, h, (u += r.int(100, 400)), id, "main", "zk.env", { key, value });
    zk(s, h, (u += 8000), id, "main", "zk.binding", { addr: "0.0.0.0/0.0.0.0:2181" });
    zk(s, h, (u += 30_000), id, "Thread-1", "zk.electionPort", { addr: `${h.fqdn}/${h.ip}:3888` });
    elect(Math.max(u + 20_000, electAt), id, h, leaderAfter, r.int(190, 240));
  };

  // when the ZK leader goes away its followers drop out and elect a new one among themselves
  const followersReelect = (gone: number, tLoss: number, tElect: number, leader: number) =>
    f.zks.forEach((h, i) => {
      if (i === gone) return;
      const tx = tLoss + r.int(100_000, 900_000);
      zk(s, h, tx, i + 1, qp(i + 1), "zk.followerException");
      // LOOKING at once; the election takes as long as the ensemble needs to agree again
      const t0 = tx + r.int(2_000, 40_000);
      elect(t0, i + 1, h, leader, Math.max(r.int(200, 2600), Math.round((tElect + r.int(0, 400_000) - t0) / 1000)));
    });

  // Monday rolling restart (followers first), then the Friday blip (leader restart, quorum lost ~1 min)
  const monLeader = zkLeaderIdx(sc, sc.zkRestarts[0] - 3 * SEC);
  f.zks.forEach((h, i) => restart(h, i + 1, sc.zkRestarts[i], zkLeaderIdx(sc, sc.zkRestarts[i] + 3 * SEC) + 1));
  const monNew = zkLeaderIdx(sc, sc.zkRestarts[monLeader] + 3 * SEC);
  followersReelect(monLeader, sc.zkRestarts[monLeader] - 1.5 * SEC, sc.zkRestarts[monLeader] + 0.5 * SEC, monNew + 1);
  const old = zkLeaderIdx(sc, sc.blip - SEC);
  const after = zkLeaderIdx(sc, sc.blipRestore) + 1;
  restart(f.zks[old], old + 1, sc.blip + 2 * SEC, after, sc.blipRestore - 1.5 * SEC);
  followersReelect(old, sc.blip, sc.blipRestore - 3 * SEC, after);

  // the masters' sessions: opened, dropped, expired by the leader (see scenario.ts)
  for (const run of sc.runs) {
    for (const z of run.sessions) {
      const id = f.zks.indexOf(z.server) + 1;
      const cl = `/${run.host.ip}:${z.clientPort}`;
      zk(s, z.server, z.at - 3000, id, NIO, "zk.accepted", { client: cl });
      zk(s, z.server, z.at - 2000, id, NIO, "zk.attempting", { client: cl });
      zk(s, z.server, z.at, id, `CommitProcessor:${id}`, "zk.established", { session: z.id, ms: 10000, client: cl });
      // a process killed by SIGTERM closes its socket; servers losing quorum close every connection
      if (z.endKind === "sigterm") zk(s, z.server, z.end! + r.int(200, 3000), id, NIO, "zk.closedSocket", { client: cl, session: z.id });
      else if (z.endKind === "lost" && z.end! >= sc.blip && z.end! < sc.blipRestore) zk(s, z.server, z.end! - r.int(200, 3000), id, NIO, "zk.closedSocket", { client: cl, session: z.id });
      if (z.expiredAt !== null) {
        const li = zkLeaderIdx(sc, z.expiredAt);
        zk(s, f.zks[li], z.expiredAt, li + 1, "SessionTracker", "zk.expiring", { session: z.id, ms: 10000 });
        zk(s, f.zks[li], z.expiredAt + r.int(500, 4000), li + 1, prep(li + 1), "zk.terminated", { session: z.id });
      }
    }
  }
}

/** Environment.list() of a ZooKeeper 3.4 server, in order (Ubuntu 18.04 package, OpenJDK 8) */
function serverEnv(c: Ctx, h: Host): [string, string][] {
  return [
    ["zookeeper.version", c.v.zk],
    ["host.name", h.fqdn],
    ["java.version", "1.8.0_292"],
  ];
}

/** volume: short-lived client sessions (agents, Marathon, Mesos-DNS) */
export function zkSession(c: Ctx, r: Rng, t: number, client: Host): void {
  const i = r.int(0, 2);
  const z = c.f.zks[i];
  const id = i + 1;
  const sess = zkSessionId(id, zkServerStart(c.sc, i, t), r.int(0x400, 0xfff0));
  const cl = `/${client.ip}:${r.int(32768, 60999)}`;
  zk(c.s, z, t, id, NIO, "zk.accepted", { client: cl });
  zk(c.s, z, t + 600, id, NIO, "zk.attempting", { client: cl });
  zk(c.s, z, t + 3000, id, `CommitProcessor:${id}`, "zk.established", { session: sess, ms: 10000, client: cl });
  const end = t + r.int(200_000, 30_000_000);
  zk(c.s, z, end, id, prep(id), "zk.terminated", { session: sess });
  zk(c.s, z, end + 2000, id, NIO, "zk.closedSocket", { client: cl, session: sess });
}
