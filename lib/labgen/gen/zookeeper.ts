// ZooKeeper 3.4.14 ensemble used by the masters. Startup banners carry "My election bind port:
// <fqdn>/<ip>:3888", the only in-log way to map the IPs of the masters' --zk flag to host names.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { zkLeaderIdx } from "../lookups";
import { type ZkOutage, sessionServer, zkServerStart, zkSessionId } from "../scenario";
import { zk } from "../formats/java";
import { systemd } from "../formats/syslog";
import { SEC } from "../time";
import type { Ctx } from "./ctx";

const NIO = "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181";
const qp = (id: number) => `QuorumPeer[myid=${id}]/0:0:0:0:0:0:0:0:2181`;
const prep = (id: number) => `ProcessThread(sid:${id} cport:-1):`;

export function emitZooKeeper(c: Ctx, r: Rng): void {
  const { s, sc, f } = c;
  const zxEpoch = r.int(3, 9);
  let zx = r.int(0x10000, 0xfffff);
  const zxid = () => `0x${zxEpoch.toString(16)}${(zx += r.int(1, 400)).toString(16).padStart(8, "0")}`;

  /** `fresh`: the first election of a JVM just started, whose class initialisers still log */
  const elect = (t: number, id: number, h: Host, leader: number, took: number, fresh = false) => {
    zk(s, h, t, id, qp(id), "zk.looking");
    zk(s, h, t + 1000, id, qp(id), "zk.newElection", { id, zxid: zxid() });
    for (const sid of [1, 2, 3]) {
      const st = sid === id ? "LOOKING" : sid === leader ? "LEADING" : "FOLLOWING";
      zk(s, h, t + 2000 + sid * 900, id, `WorkerReceiver[myid=${id}]`, "zk.notification", {
        version: 1,
        leader,
        zxid: zxid(),
        round: `0x${(zxEpoch + 1).toString(16)}`,
        state: st,
        sid,
        epoch: `0x${zxEpoch.toString(16)}`,
        mystate: "LOOKING",
      });
    }
    const me = id === leader;
    let u = t + took * 1000;
    zk(s, h, u, id, qp(id), me ? "zk.leading" : "zk.following");
    if (fresh) {
      // a restarted server rejoins as a follower in this story (Learner's static initialiser; a leader's
      // would be Leader@64's)
      if (!me) zk(s, h, (u += 300), id, qp(id), "zk.learnerNoDelay", { value: "true" });
      for (const [key, value] of serverEnv(c, h)) zk(s, h, (u += r.int(20, 200)), id, qp(id), "zk.env", { key, value });
    }
    zk(s, h, (u += 1500), id, qp(id), "zk.createdServer", {
      tick: 2000,
      min: 4000,
      max: 40000,
      datadir: "/var/lib/zookeeper/version-2",
      snapdir: "/var/lib/zookeeper/version-2",
    });
    zk(s, h, (u += 1500), id, qp(id), me ? "zk.leaderTook" : "zk.followerTook", { ms: took });
  };

  // systemctl stop: the JVM dies of SIGTERM; 3.4.14 has no shutdown hook, so the server logs nothing
  const restart = (h: Host, id: number, t: number, leaderAfter: number, electAt = 0) => {
    systemd(s, h, t - 2 * SEC, "zookeeper.service", "ZooKeeper", "Stopping");
    systemd(s, h, t - SEC, "zookeeper.service", "ZooKeeper", "Stopped");
    systemd(s, h, t - 0.2 * SEC, "zookeeper.service", "ZooKeeper", "Started");
    let u = t + r.int(300_000, 600_000);
    // the MDC myid is set while the config is parsed: the first line still prints [myid:]
    zk(s, h, u, null, "main", "zk.readingConfig", { file: "/etc/zookeeper/conf/zoo.cfg" });
    zk(s, h, (u += 40_000), id, "main", "zk.startingPeer");
    zk(s, h, (u += 8000), id, "main", "zk.binding", { addr: "0.0.0.0/0.0.0.0:2181" });
    zk(s, h, (u += 30_000), id, "Thread-1", "zk.electionPort", { addr: `${h.fqdn}/${h.ip}:3888` });
    elect(Math.max(u + 20_000, electAt), id, h, leaderAfter, r.int(190, 240), true);
  };

  // a leader gone: each follower stops following, closes its clients' connections (listed by the
  // caller in `closing`, by server index), shuts its server down and elects; quorum is back at `o.quorumBack`
  type Closing = Map<number, { client: string; session: string }[]>;
  const closingFor = new Map<ZkOutage, Closing>();
  const closes = (o: ZkOutage, server: number, x: { client: string; session: string }) => {
    const m = closingFor.get(o) ?? closingFor.set(o, new Map()).get(o)!;
    m.set(server, [...(m.get(server) ?? []), x]);
  };
  const followersReelect = (o: ZkOutage, leaderAfter: number) =>
    f.zks.forEach((h, i) => {
      if (i === o.leader) return;
      const L = o.lossAt[i];
      const id = i + 1;
      zk(s, h, L - 10_000, id, qp(id), "zk.followerException");
      zk(s, h, L - 9_000, id, qp(id), "zk.followerShutdown");
      for (const x of closingFor.get(o)?.get(i) ?? []) zk(s, h, L - 7_000, id, qp(id), "zk.closedSocket", x);
      // the follower's ZooKeeperServer and its request processors shut down (their own threads log the exits)
      zk(s, h, L - 6_000, id, qp(id), "zk.followerZkShutdown");
      zk(s, h, L - 5_900, id, qp(id), "zk.shuttingDown");
      zk(s, h, L - 5_800, id, qp(id), "zk.frpShutdown");
      zk(s, h, L - 5_750, id, `FollowerRequestProcessor:${id}`, "zk.frpExited");
      zk(s, h, L - 5_700, id, qp(id), "zk.cpShutdown");
      zk(s, h, L - 5_650, id, `CommitProcessor:${id}`, "zk.cpExited");
      zk(s, h, L - 5_600, id, qp(id), "zk.finalShutdown");
      zk(s, h, L - 5_500, id, qp(id), "zk.syncShutdown");
      zk(s, h, L - 5_450, id, `SyncThread:${id}`, "zk.syncExited");
      const t0 = L - 2_000;
      elect(t0, id, h, leaderAfter, Math.max(200, Math.round((o.quorumBack + r.int(0, 300_000) - t0) / 1000)));
    });

  // the masters' sessions: opened, moved, dropped, expired by the leader (see scenario.ts)
  const { monday, friday } = sc.zkOutages;
  const leaderAt = (t: number) => zkLeaderIdx(sc, t);
  const established = (h: Host, t: number, cl: string, session: string, renew: boolean) => {
    const i = f.zks.indexOf(h);
    const id = i + 1;
    zk(s, h, t - 3000, id, NIO, "zk.accepted", { client: cl });
    // the 3.4 C client's (and Go client's) handshake has no read-only flag: every connect is "old"
    zk(s, h, t - 2900, id, NIO, "zk.oldClient", { client: cl });
    if (!renew) {
      zk(s, h, t - 2000, id, NIO, "zk.attempting", { client: cl });
      zk(s, h, t, id, `CommitProcessor:${id}`, "zk.established", { session, ms: 10000, client: cl });
      return;
    }
    zk(s, h, t - 2500, id, NIO, "zk.renewing", { session, client: cl });
    const follower = leaderAt(t) !== i;
    if (follower) zk(s, h, t - 2000, id, NIO, "zk.revalidating", { session });
    zk(s, h, t, id, follower ? qp(id) : NIO, "zk.established", { session, ms: 10000, client: cl });
  };
  for (const run of sc.runs) {
    for (const z of run.sessions) {
      const ip = run.host.ip;
      established(z.server, z.at, `/${ip}:${z.clientPort}`, z.id, false);
      let port = z.clientPort;
      for (const m of z.moves) {
        if (m.closedBy === "follower") {
          const i = f.zks.indexOf(m.from);
          closes(monday, i, { client: `/${ip}:${port}`, session: z.id });
        }
        established(m.server, m.at, `/${ip}:${m.clientPort}`, z.id, true);
        port = m.clientPort;
      }
      const server = sessionServer(z, z.end ?? Infinity);
      const si = f.zks.indexOf(server);
      const cl = `/${ip}:${port}`;
      // a master killed by SIGTERM: its socket closes; on Friday the followers close every connection
      if (z.endKind === "sigterm") {
        zk(s, server, z.end! + r.int(200, 3000), si + 1, NIO, "zk.endOfStream", { session: z.id });
        zk(s, server, z.end! + r.int(3000, 5000), si + 1, NIO, "zk.closedSocket", { client: cl, session: z.id });
      } else if (z.endKind === "lost" && z.end! >= sc.blip && z.end! < sc.blipRestore && si !== friday.leader) {
        closes(friday, si, { client: cl, session: z.id });
      }
      if (z.expiredAt !== null) {
        const li = leaderAt(z.expiredAt);
        zk(s, f.zks[li], z.expiredAt, li + 1, "SessionTracker", "zk.expiring", { session: z.id, ms: 10000 });
        zk(s, f.zks[li], z.expiredAt + r.int(500, 4000), li + 1, prep(li + 1), "zk.terminated", { session: z.id });
      }
    }
  }

  // Monday rolling restart (followers first, then the leader), then Friday's outage
  // the restarted leader rejoins as a follower once the others have elected
  f.zks.forEach((h, i) => restart(h, i + 1, sc.zkRestarts[i], leaderAt(sc.zkRestarts[i] + 3 * SEC) + 1, i === monday.leader ? monday.quorumBack + SEC : 0));
  followersReelect(monday, leaderAt(monday.quorumBack + SEC) + 1);
  restart(f.zks[friday.leader], friday.leader + 1, sc.blip + 1.5 * SEC, leaderAt(sc.blipRestore) + 1, sc.blipRestore + SEC);
  followersReelect(friday, leaderAt(sc.blipRestore) + 1);
}

/** Environment.list() of a ZooKeeper 3.4.14 server, in its order: the release tarball under
 *  /opt/zookeeper run by zkServer.sh as user zookeeper, on Ubuntu 18.04's OpenJDK 8 (values illustrative) */
const ZK_CLASSPATH = [
  "/opt/zookeeper/bin/../zookeeper-server/target/classes",
  "/opt/zookeeper/bin/../build/classes",
  "/opt/zookeeper/bin/../zookeeper-server/target/lib/*.jar",
  "/opt/zookeeper/bin/../build/lib/*.jar",
  "/opt/zookeeper/bin/../lib/slf4j-log4j12-1.7.25.jar",
  "/opt/zookeeper/bin/../lib/slf4j-api-1.7.25.jar",
  "/opt/zookeeper/bin/../lib/netty-3.10.6.Final.jar",
  "/opt/zookeeper/bin/../lib/log4j-1.2.17.jar",
  "/opt/zookeeper/bin/../lib/jline-0.9.94.jar",
  "/opt/zookeeper/bin/../lib/audience-annotations-0.5.0.jar",
  "/opt/zookeeper/bin/../zookeeper-3.4.14.jar",
  "/opt/zookeeper/bin/../zookeeper-server/src/main/resources/lib/*.jar",
  "/etc/zookeeper/conf:",
].join(":");
function serverEnv(c: Ctx, h: Host): [string, string][] {
  return [
    ["zookeeper.version", c.v.zk],
    ["host.name", h.fqdn],
    ["java.version", "1.8.0_292"],
    ["java.vendor", "Private Build"],
    ["java.home", "/usr/lib/jvm/java-8-openjdk-amd64/jre"],
    ["java.class.path", ZK_CLASSPATH],
    [
      "java.library.path",
      "/usr/java/packages/lib/amd64:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/lib:/usr/lib",
    ],
    ["java.io.tmpdir", "/tmp"],
    ["java.compiler", "<NA>"],
    ["os.name", "Linux"],
    ["os.arch", "amd64"],
    ["os.version", "4.15.0-213-generic"],
    ["user.name", "zookeeper"],
    ["user.home", "/home/zookeeper"],
    ["user.dir", "/"],
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
  zk(c.s, z, t + 100, id, NIO, "zk.oldClient", { client: cl });
  zk(c.s, z, t + 600, id, NIO, "zk.attempting", { client: cl });
  zk(c.s, z, t + 3000, id, `CommitProcessor:${id}`, "zk.established", { session: sess, ms: 10000, client: cl });
  const end = t + r.int(200_000, 30_000_000);
  zk(c.s, z, end, id, prep(id), "zk.terminated", { session: sess });
  zk(c.s, z, end + 2000, id, NIO, "zk.closedSocket", { client: cl, session: sess });
}
