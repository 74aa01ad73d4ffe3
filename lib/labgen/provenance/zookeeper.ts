// ZooKeeper 3.4.14 server (log4j "%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n", the
// pattern in conf/log4j.properties at the tag). `file` is the class %C{1} prints, `line` is %L: the line
// where LOG.info( starts. Same numbers for every seed: the generator claims only 3.4.14.
import type { ExactTemplate } from "./types";

const at = (path: string) => ({ repo: "apache/zookeeper", tags: ["release-3.4.14"] as const, path: `zookeeper-server/src/main/java/org/apache/zookeeper/server/${path}` });
const z = (cls: string, path: string, line: number, text: string, level: "INFO" | "WARN" = "INFO", note?: string): ExactTemplate => ({ kind: "exact", level, text, file: cls, line, evidence: at(path), ...(note ? { note } : {}) });

export const ZOOKEEPER_TEMPLATES = {
  "zk.looking": z("QuorumPeer", "quorum/QuorumPeer.java", 910, "LOOKING"),
  "zk.leading": z("QuorumPeer", "quorum/QuorumPeer.java", 992, "LEADING"),
  "zk.following": z("QuorumPeer", "quorum/QuorumPeer.java", 980, "FOLLOWING"),
  "zk.newElection": z("FastLeaderElection", "quorum/FastLeaderElection.java", 813, "New election. My id =  {{id}}, proposed zxid={{zxid}}", "INFO", "two spaces after '=' are upstream's"),
  "zk.notification": z("FastLeaderElection", "quorum/FastLeaderElection.java", 595,
    "Notification: {{version}} (message format version), {{leader}} (n.leader), {{zxid}} (n.zxid), {{round}} (n.round), {{state}} (n.state), {{sid}} (n.sid), {{epoch}} (n.peerEpoch) {{mystate}} (my state)", "INFO", "Notification.toString"),
  "zk.leaderTook": z("Leader", "quorum/Leader.java", 380, "LEADING - LEADER ELECTION TOOK - {{ms}}"),
  "zk.followerTook": z("Follower", "quorum/Follower.java", 65, "FOLLOWING - LEADER ELECTION TOOK - {{ms}}"),
  "zk.followerException": z("Follower", "quorum/Follower.java", 90, "Exception when following the leader", "WARN", "log4j prints the exception's stack trace after it (not rendered)"),
  "zk.followerShutdown": z("Follower", "quorum/Follower.java", 169, "shutdown called", "INFO", "followed by the stack trace of java.lang.Exception: shutdown Follower (not rendered); then Learner.shutdown closes every client connection"),
  "zk.createdServer": z("ZooKeeperServer", "ZooKeeperServer.java", 174, "Created server with tickTime {{tick}} minSessionTimeout {{min}} maxSessionTimeout {{max}} datadir {{datadir}} snapdir {{snapdir}}"),
  "zk.shuttingDown": z("ZooKeeperServer", "ZooKeeperServer.java", 502, "shutting down"),
  "zk.readingConfig": z("QuorumPeerConfig", "quorum/QuorumPeerConfig.java", 136, "Reading configuration from: {{file}}", "INFO", "printed before the config is parsed, so the MDC myid is still empty: [myid:]"),
  "zk.startingPeer": z("QuorumPeerMain", "quorum/QuorumPeerMain.java", 130, "Starting quorum peer"),
  "zk.env": z("Environment", "Environment.java", 100, "Server environment:{{key}}={{value}}", "INFO", "one line per key of Environment.list(), in its order"),
  "zk.binding": z("NIOServerCnxnFactory", "NIOServerCnxnFactory.java", 89, "binding to port {{addr}}"),
  "zk.electionPort": z("QuorumCnxManager$Listener", "quorum/QuorumCnxManager.java", 736, "My election bind port: {{addr}}"),
  "zk.expiring": z("ZooKeeperServer", "ZooKeeperServer.java", 355, "Expiring session {{session}}, timeout of {{ms}}ms exceeded", "INFO", "the leader's SessionTracker: a client that stopped talking is expired after its negotiated timeout (10 s here), rounded up to the next tick"),
  "zk.accepted": z("NIOServerCnxnFactory", "NIOServerCnxnFactory.java", 222, "Accepted socket connection from {{client}}"),
  "zk.oldClient": z("ZooKeeperServer", "ZooKeeperServer.java", 903, "Connection request from old client {{client}}; will be dropped if server is in r-o mode", "WARN", "the 3.4 C client's connect request has no read-only flag, so every connect from a Mesos process logs it"),
  "zk.renewing": z("ZooKeeperServer", "ZooKeeperServer.java", 942, "Client attempting to renew session {{session}} at {{client}}"),
  "zk.revalidating": z("Learner", "quorum/Learner.java", 108, "Revalidating client: {{session}}", "INFO", "followers ask the leader to revalidate a moved session"),
  "zk.attempting": z("ZooKeeperServer", "ZooKeeperServer.java", 949, "Client attempting to establish new session at {{client}}"),
  "zk.established": z("ZooKeeperServer", "ZooKeeperServer.java", 694, "Established session {{session}} with negotiated timeout {{ms}} for client {{client}}"),
  "zk.terminated": z("PrepRequestProcessor", "PrepRequestProcessor.java", 487, "Processed session termination for sessionid: {{session}}", "INFO", "a client's closeSession, and also every expiry (expire() submits a close)"),
  "zk.endOfStream": z("NIOServerCnxn", "NIOServerCnxn.java", 376, "caught end of stream exception", "WARN", "PENDING"),
  "zk.closedSocket": z("NIOServerCnxn", "NIOServerCnxn.java", 1056, "Closed socket connection for client {{client}} which had sessionid {{session}}"),
} satisfies Record<string, ExactTemplate>;
