// ZooKeeper 3.4.14 ensemble used by the masters. Startup banners carry "My election bind port:
// <fqdn>/<ip>:3888", the only in-log way to map the IPs of the masters' --zk flag to host names.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { zkLeaderIdx } from "../lookups";
import { zk } from "../formats/java";
import { systemd } from "../formats/syslog";
import { SEC } from "../time";
import type { Ctx } from "./ctx";

const NIO = "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181";
const qp = (id: number) => `QuorumPeer[myid=${id}]/0:0:0:0:0:0:0:0:2181`;

export function emitZooKeeper(c: Ctx, r: Rng): void {
  const { s, sc, f } = c;
  let zxEpoch = r.int(3, 9);
  let zx = r.int(0x10000, 0xfffff);
  const zxid = () => `0x${zxEpoch.toString(16)}${(zx += r.int(1, 400)).toString(16).padStart(8, "0")}`;

  const elect = (t: number, id: number, h: Host, leader: number, took: number) => {
    zk(s, h, t, id, "INFO", qp(id), "QuorumPeer", 910, "LOOKING");
    zk(s, h, t + 1000, id, "INFO", qp(id), "FastLeaderElection", 813, `New election. My id =  ${id}, proposed zxid=${zxid()}`);
    for (const sid of [1, 2, 3]) {
      const st = sid === id ? "LOOKING" : sid === leader ? "LEADING" : "FOLLOWING";
      zk(s, h, t + 2000 + sid * 900, id, "INFO", `WorkerReceiver[myid=${id}]`, "FastLeaderElection", 595,
        `Notification: 1 (message format version), ${leader} (n.leader), ${zxid()} (n.zxid), 0x${(zxEpoch + 1).toString(16)} (n.round), ${st} (n.state), ${sid} (n.sid), 0x${zxEpoch.toString(16)} (n.peerEpoch) LOOKING (my state)`);
    }
    const me = id === leader;
    zk(s, h, t + took * 1000, id, "INFO", qp(id), "QuorumPeer", me ? 992 : 980, me ? "LEADING" : "FOLLOWING");
    zk(s, h, t + took * 1000 + 1500, id, "INFO", qp(id), me ? "Leader" : "Follower", me ? 380 : 65, `${me ? "LEADING" : "FOLLOWING"} - LEADER ELECTION TOOK - ${took}`);
    zk(s, h, t + took * 1000 + 3000, id, "INFO", qp(id), "ZooKeeperServer", 174,
      "Created server with tickTime 2000 minSessionTimeout 4000 maxSessionTimeout 40000 datadir /var/lib/zookeeper/version-2 snapdir /var/lib/zookeeper/version-2");
  };

  const restart = (h: Host, id: number, t: number, leaderAfter: number, electAt = 0) => {
    systemd(s, h, t - 2 * SEC, "zookeeper.service", "ZooKeeper", "Stopping");
    zk(s, h, t - 1.5 * SEC, id, "INFO", qp(id), "ZooKeeperServer", 502, "shutting down");
    zk(s, h, t - 1.2 * SEC, id, "WARN", qp(id), "QuorumPeer", 1010, "QuorumPeer main thread exited");
    systemd(s, h, t - SEC, "zookeeper.service", "ZooKeeper", "Stopped");
    systemd(s, h, t - 0.2 * SEC, "zookeeper.service", "ZooKeeper", "Started");
    let u = t + r.int(300_000, 600_000);
    zk(s, h, u, id, "INFO", "main", "QuorumPeerConfig", 136, "Reading configuration from: /etc/zookeeper/conf/zoo.cfg");
    zk(s, h, (u += 40_000), id, "INFO", "main", "QuorumPeerMain", 130, "Starting quorum peer");
    zk(s, h, (u += 9000), id, "INFO", "main", "Environment", 100, `Server environment:zookeeper.version=${c.v.zk}`);
    zk(s, h, (u += 300), id, "INFO", "main", "Environment", 100, `Server environment:host.name=${h.fqdn}`);
    zk(s, h, (u += 200), id, "INFO", "main", "Environment", 100, "Server environment:java.version=1.8.0_292");
    zk(s, h, (u += 8000), id, "INFO", "main", "NIOServerCnxnFactory", 89, "binding to port 0.0.0.0/0.0.0.0:2181");
    zk(s, h, (u += 30_000), id, "INFO", "Thread-1", "QuorumCnxManager$Listener", 736, `My election bind port: ${h.fqdn}/${h.ip}:3888`);
    elect(Math.max(u + 20_000, electAt), id, h, leaderAfter, r.int(190, 240));
  };

  // when the ZK leader goes away its followers drop out and elect a new one among themselves
  const followersReelect = (gone: number, tLoss: number, tElect: number, leader: number) =>
    f.zks.forEach((h, i) => {
      if (i === gone) return;
      zk(s, h, tLoss + r.int(100_000, 900_000), i + 1, "WARN", qp(i + 1), "Follower", 89, "Exception when following the leader");
      elect(tElect + r.int(0, 400_000), i + 1, h, leader, r.int(200, 2600));
    });

  // Monday rolling restart (followers first), then the Friday blip (leader restart, quorum lost ~1 min)
  const monLeader = zkLeaderIdx(sc, sc.zkRestarts[0] - 3 * SEC);
  f.zks.forEach((h, i) => restart(h, i + 1, sc.zkRestarts[i], zkLeaderIdx(sc, sc.zkRestarts[i] + 3 * SEC) + 1));
  const monNew = zkLeaderIdx(sc, sc.zkRestarts[monLeader] + 3 * SEC);
  followersReelect(monLeader, sc.zkRestarts[monLeader] - 1.5 * SEC, sc.zkRestarts[monLeader] + 0.5 * SEC, monNew + 1);
  const old = zkLeaderIdx(sc, sc.blip - SEC);
  const after = zkLeaderIdx(sc, sc.blipRestore) + 1;
  restart(f.zks[old], old + 1, sc.blip + r.range(30, 45) * SEC, after, sc.blipRestore - 1.5 * SEC);
  followersReelect(old, sc.blip, sc.blipRestore - 3 * SEC, after);
  // Thursday: the leading master's session runs out on the ZK leader
  const b = sc.runs.find((x) => x.endKind === "suicide")!;
  const zl = f.zks[zkLeaderIdx(sc, sc.foLost)];
  zk(s, zl, sc.foLost + 10 * SEC + r.int(0, 400_000), zkLeaderIdx(sc, sc.foLost) + 1, "INFO", "SessionTracker", "ZooKeeperServer", 355, `Expiring session ${b.zkSession}, timeout of 10000ms exceeded`);

  // a session per master run on the server it picked; closed on clean stops
  for (const run of sc.runs) {
    const z = run.zkServer;
    const id = f.zks.indexOf(z) + 1;
    const cl = `/${run.host.ip}:${run.clientPort}`;
    const t0 = run.zkAt - r.int(300, 900);
    if (!run.flaky) {
      zk(s, z, t0, id, "INFO", NIO, "NIOServerCnxnFactory", 222, `Accepted socket connection from ${cl}`);
      zk(s, z, t0 + 700, id, "INFO", NIO, "ZooKeeperServer", 949, `Client attempting to establish new session at ${cl}`);
      zk(s, z, t0 + 1500, id, "INFO", `CommitProcessor:${id}`, "ZooKeeperServer", 694, `Established session ${run.zkSession} with negotiated timeout 10000 for client ${cl}`);
    }
    if (run.endKind === "stop") {
      zk(s, z, run.end! + 3000, id, "INFO", `ProcessThread(sid:${id} cport:-1):`, "PrepRequestProcessor", 487, `Processed session termination for sessionid: ${run.zkSession}`);
      zk(s, z, run.end! + 5000, id, "INFO", NIO, "NIOServerCnxn", 1056, `Closed socket connection for client ${cl} which had sessionid ${run.zkSession}`);
    }
  }
}

/** volume: short-lived client sessions (agents, Marathon, Mesos-DNS) and periodic snapshots */
export function zkSession(c: Ctx, r: Rng, t: number, client: Host): void {
  const i = r.int(0, 2);
  const z = c.f.zks[i];
  const id = i + 1;
  const sess = `0x${id}00${r.hex(12)}`;
  const cl = `/${client.ip}:${r.int(32768, 60999)}`;
  zk(c.s, z, t, id, "INFO", NIO, "NIOServerCnxnFactory", 222, `Accepted socket connection from ${cl}`);
  zk(c.s, z, t + 600, id, "INFO", NIO, "ZooKeeperServer", 949, `Client attempting to establish new session at ${cl}`);
  zk(c.s, z, t + 3000, id, "INFO", `CommitProcessor:${id}`, "ZooKeeperServer", 694, `Established session ${sess} with negotiated timeout 10000 for client ${cl}`);
  const end = t + r.int(200_000, 30_000_000);
  zk(c.s, z, end, id, "INFO", `ProcessThread(sid:${id} cport:-1):`, "PrepRequestProcessor", 487, `Processed session termination for sessionid: ${sess}`);
  zk(c.s, z, end + 2000, id, "INFO", NIO, "NIOServerCnxn", 1056, `Closed socket connection for client ${cl} which had sessionid ${sess}`);
}
