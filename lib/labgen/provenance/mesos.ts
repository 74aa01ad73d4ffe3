// Apache Mesos master and agent (glog), stout's EXIT and glog's RAW signal line, and the ZooKeeper C
// client Mesos links (3.4.8 plus Mesos' 3rdparty/zookeeper-3.4.8.patch). Lines per version as read at
// the tags 1.9.0 / 1.10.0 / 1.11.0 (commits in versions.ts). glog prints the line where `LOG(`/`EXIT(`
// stands; for multi-line macro invocations (RAW_LOG, the C client's LOG_INFO((...))) GCC of the
// Ubuntu 18.04 builds expands __LINE__ to the closing parenthesis, which is the number used here.
import type { ExactTemplate, PerVersion } from "./types";

const TAGS = ["1.9.0", "1.10.0", "1.11.0"] as const;
const v = (a: number, b: number, c: number): PerVersion<number> => ({ "1.9.0": a, "1.10.0": b, "1.11.0": c });
const src = (path: string) => ({ repo: "apache/mesos", tags: TAGS, path });
const MASTER = src("src/master/master.cpp");
const AGENT = src("src/slave/slave.cpp");
const GROUP = src("src/zookeeper/group.cpp");
const REGISTRAR = src("src/master/registrar.cpp");
const RECOVER = src("src/log/recover.cpp");

type T = ExactTemplate;
const I = "INFO" as const;

export const MESOS_TEMPLATES = {
  // --- every glog file starts with this line (logging::initialize)
  "mesos.loggingStarted": { kind: "exact", level: I, text: "INFO level logging started!", file: "logging.cpp", line: v(201, 461, 461), evidence: src("src/logging/logging.cpp") },
  // --- master start-up (src/master/main.cpp: same lines in all three tags)
  "master.build": { kind: "exact", level: I, text: "Build: {{date}} by {{user}}", file: "main.cpp", line: 243, evidence: src("src/master/main.cpp") },
  "master.version": { kind: "exact", level: I, text: "Version: {{version}}", file: "main.cpp", line: 244, evidence: src("src/master/main.cpp") },
  "master.gitTag": { kind: "exact", level: I, text: "Git tag: {{tag}}", file: "main.cpp", line: 247, evidence: src("src/master/main.cpp") },
  "master.gitSha": { kind: "exact", level: I, text: "Git SHA: {{sha}}", file: "main.cpp", line: 251, evidence: src("src/master/main.cpp") },
  "master.startedOn": { kind: "exact", level: I, text: "Master {{id}} ({{hostname}}) started on {{addr}}", file: "master.cpp", line: v(440, 443, 450), evidence: MASTER },
  "master.flags": { kind: "exact", level: I, text: "Flags at startup: {{flags}}", file: "master.cpp", line: v(443, 446, 453), evidence: MASTER, note: "stout's flags printer: every flag that has a value (default or set), sorted by name, as --name=\"value\"; lists per version in mesos-flags.ts" },
  "master.authenticator": { kind: "exact", level: I, text: "Using default '{{authenticator}}' authenticator", file: "master.cpp", line: v(548, 551, 558), evidence: MASTER },
  "master.replicaRecovery": { kind: "exact", level: I, text: "Starting replica recovery", file: "recover.cpp", line: 437, evidence: RECOVER },
  "master.replicaStatus": { kind: "exact", level: I, text: "Replica is in {{status}} status", file: "recover.cpp", line: 468, evidence: RECOVER },
  "master.joinedPaxos": { kind: "exact", level: I, text: "Successfully joined the Paxos group", file: "recover.cpp", line: 578, evidence: RECOVER },
  // --- ZooKeeper group (src/zookeeper/group.cpp: same lines in all three tags)
  "group.connected": { kind: "exact", level: I, text: "Group process ({{pid}}) connected to ZooKeeper", file: "group.cpp", line: 341, evidence: GROUP, note: "the same statement prints 'reconnected' when the session survived; after a forced expiry it is a new session, so 'connected'" },
  "group.reconnected": { kind: "exact", level: I, text: "Group process ({{pid}}) reconnected to ZooKeeper", file: "group.cpp", line: 341, evidence: GROUP, note: "the session survived (reconnected within the timeout)" },
  "group.syncing": { kind: "exact", level: I, text: "Syncing group operations: queue size (joins, cancels, datas) = ({{joins}}, {{cancels}}, {{datas}})", file: "group.cpp", line: 831, evidence: GROUP },
  "group.createPath": { kind: "exact", level: I, text: "Trying to create path '{{znode}}' in ZooKeeper", file: "group.cpp", line: 419, evidence: GROUP },
  "group.lostConnection": { kind: "exact", level: I, text: "Lost connection to ZooKeeper, attempting to reconnect ...", file: "group.cpp", line: 452, evidence: GROUP, note: "arms a timer of the negotiated session timeout (10 s with --zk_session_timeout=10secs)" },
  "group.forcingExpiration": { kind: "exact", level: "WARN", text: "Timed out waiting to connect to ZooKeeper. Forcing ZooKeeper session (sessionId={{session}}) expiration", file: "group.cpp", line: 495, evidence: GROUP, note: "sessionId printed with std::hex, no 0x" },
  "group.sessionExpired": { kind: "exact", level: I, text: "ZooKeeper session expired", file: "group.cpp", line: 511, evidence: GROUP },
  "detector.detected": { kind: "exact", level: I, text: "Detected a new leader: {{leader}}", file: "detector.cpp", line: 152, evidence: src("src/zookeeper/detector.cpp"), note: "every master and agent, whenever the lowest candidacy znode changes: (id='<sequence>') or None" },
  "contender.withdrawing": { kind: "exact", level: I, text: "Withdrawing the previous membership before recontending", file: "zookeeper.cpp", line: 148, evidence: src("src/master/contender/zookeeper.cpp") },
  "detector.newLeader": { kind: "exact", level: I, text: "A new leading master (UPID={{upid}}) is detected", file: "zookeeper.cpp", line: 262, evidence: src("src/master/detector/zookeeper.cpp") },
  // --- elections (src/master/master.cpp)
  "master.elected": { kind: "exact", level: I, text: "Elected as the leading master!", file: "master.cpp", line: v(2170, 2165, 2176), evidence: MASTER },
  "master.newlyElected": { kind: "exact", level: I, text: "The newly elected leader is {{upid}} with id {{id}}", file: "master.cpp", line: v(2183, 2178, 2189), evidence: MASTER },
  "master.noneElected": { kind: "exact", level: I, text: "No master was elected.", file: "master.cpp", line: v(2221, 2216, 2227), evidence: MASTER },
  "master.lostCandidacyLeader": { kind: "exact", level: "ERROR", text: "EXIT with status 1: Lost candidacy as a leader... committing suicide!", file: "master.cpp", line: v(2144, 2139, 2150), evidence: MASTER, note: "EXIT(EXIT_FAILURE) << ...: stout's exit.hpp logs at ERROR with the caller's file:line and prefixes 'EXIT with status 1: '" },
  "master.lostCandidacyFollower": { kind: "exact", level: I, text: "Lost candidacy as a follower... Contend again", file: "master.cpp", line: v(2147, 2142, 2153), evidence: MASTER },
  "master.recoveringRegistrar": { kind: "exact", level: I, text: "Recovering from registrar", file: "master.cpp", line: v(1666, 1661, 1672), evidence: MASTER },
  "registrar.fetched": { kind: "exact", level: I, text: "Successfully fetched the registry ({{size}}) in {{took}}", file: "registrar.cpp", line: 383, evidence: REGISTRAR, note: "stout Bytes and Duration printers (gen/stout.ts)" },
  "registrar.applied": { kind: "exact", level: I, text: "Applied {{n}} operations in {{took}}; attempting to update the registry", file: "registrar.cpp", line: 487, evidence: REGISTRAR },
  "registrar.updated": { kind: "exact", level: I, text: "Successfully updated the registry in {{took}}", file: "registrar.cpp", line: 544, evidence: REGISTRAR },
  "registrar.recovered": { kind: "exact", level: I, text: "Successfully recovered registrar", file: "registrar.cpp", line: 416, evidence: REGISTRAR },
  "master.recoveredAgents": { kind: "exact", level: I, text: "Recovered {{n}} agents from the registry ({{size}}); allowing {{timeout}} for agents to reregister", file: "master.cpp", line: v(1819, 1814, 1825), evidence: MASTER },
  // --- agents as the master sees them
  "master.agentDisconnected": { kind: "exact", level: I, text: "Agent {{agent}} disconnected", file: "master.cpp", line: v(1297, 1292, 1303), evidence: MASTER, note: "Master::exited: the agent's socket closes when it dies of SIGTERM" },
  "master.registerAgentMessage": { kind: "exact", level: I, text: "Received register agent message from {{from}} ({{hostname}})", file: "master.cpp", line: v(7088, 6162, 6263), evidence: MASTER },
  "master.registeredAgent": { kind: "exact", level: I, text: "Registered agent {{agent}} with {{resources}}", file: "master.cpp", line: v(7360, 6434, 6535), evidence: MASTER, note: "Resources printer: name:value joined by '; ', ranges [a-b]" },
  "master.reregisterAgentMessage": { kind: "exact", level: I, text: "Received reregister agent message from agent {{agent}}", file: "master.cpp", line: v(7439, 6513, 6614), evidence: MASTER },
  "master.reregisteredAgent": { kind: "exact", level: I, text: "Re-registered agent {{agent}} with {{resources}}", file: "master.cpp", line: v(7980, 7073, 7174), evidence: MASTER },
  // --- frameworks and tasks as the master sees them
  "master.subscribeCall": { kind: "exact", level: I, text: "Received SUBSCRIBE call for framework '{{name}}' at {{scheduler}}", file: "master.cpp", line: v(2910, 2901, 2962), evidence: MASTER },
  "master.subscribing": { kind: "exact", level: I, text: "Subscribing framework {{name}} with checkpointing {{checkpointing}} and capabilities {{capabilities}}", file: "master.cpp", line: v(2997, 2983, 3048), evidence: MASTER, note: "driver (PID) subscribe path; Marathon v1.10.26 asks for [ PARTITION_AWARE, REGION_AWARE, MULTI_ROLE ] by default (MarathonSchedulerDriver.scala)" },
  "master.addingFramework": { kind: "exact", level: I, text: "Adding framework {{framework}} with roles {{roles}} suppressed", file: "master.cpp", line: v(10847, 9897, 10001), evidence: MASTER },
  "master.frameworkFailedOver": { kind: "exact", level: I, text: "Framework {{framework}} failed over", file: "master.cpp", line: v(3124, 3111, 3185), evidence: MASTER, note: "a new scheduler process (new Marathon leader) subscribing with the known framework id" },
  "master.processingAccept": { kind: "exact", level: I, text: "Processing ACCEPT call for offers: {{offers}} on agent {{agent}} for framework {{framework}}", file: "master.cpp", line: v(4741, 4255, 4356), evidence: MASTER },
  "master.launchingTask": { kind: "exact", level: I, text: "Launching task {{task}} of framework {{framework}} with resources {{resources}} on agent {{agent}} on  new executor", file: "master.cpp", line: v(5720, 4934, 5035), evidence: MASTER, note: "the double space before 'new executor' is upstream's; resources are a RepeatedPtrField<Resource>, printed as JSON" },
  "master.processingKill": { kind: "exact", level: I, text: "Processing KILL call for task '{{task}}' of framework {{framework}}", file: "master.cpp", line: v(6491, 5595, 5696), evidence: MASTER },
  "master.statusUpdate": { kind: "exact", level: I, text: "Status update {{update}} from agent {{agent}}", file: "master.cpp", line: v(8985, 8057, 8160), evidence: MASTER, note: "update printer (src/messages/messages.cpp): <STATE> (Status UUID: <uuid>) for task <id> of framework <fw>" },
  // --- SIGTERM (systemctl stop): glog's RAW_LOG in the handler Mesos installs; nothing else follows
  "mesos.sigterm": { kind: "exact", level: "WARN", text: "RAW: Received signal SIGTERM from process {{pid}} of user {{uid}}; exiting", file: "logging.cpp", line: v(93, 102, 102), evidence: src("src/logging/logging.cpp"), note: "systemd (PID 1, uid 0) sends it; the handler re-raises SIGTERM, so neither Master::finalize ('Master terminating') nor Slave::finalize runs. glog's RAW_LOG (glog 0.4.0 raw_logging.cc) cannot read the clock in a signal handler: it prints W0000 00:00:00.000000 and writes to stderr only (journald), never to the log file" },
  // --- agent start-up (src/slave/main.cpp, slave.cpp, state.cpp)
  "agent.build": { kind: "exact", level: I, text: "Build: {{date}} by {{user}}", file: "main.cpp", line: v(350, 380, 385), evidence: src("src/slave/main.cpp") },
  "agent.version": { kind: "exact", level: I, text: "Version: {{version}}", file: "main.cpp", line: v(351, 381, 386), evidence: src("src/slave/main.cpp") },
  "agent.gitTag": { kind: "exact", level: I, text: "Git tag: {{tag}}", file: "main.cpp", line: v(354, 384, 389), evidence: src("src/slave/main.cpp") },
  "agent.gitSha": { kind: "exact", level: I, text: "Git SHA: {{sha}}", file: "main.cpp", line: v(358, 388, 393), evidence: src("src/slave/main.cpp") },
  "agent.startedOn": { kind: "exact", level: I, text: "Mesos agent started on {{pid}}", file: "slave.cpp", line: v(267, 279, 281), evidence: AGENT, note: "string(self()).substr(5): slave(1)@ip:port -> (1)@ip:port" },
  "agent.flags": { kind: "exact", level: I, text: "Flags at startup: {{flags}}", file: "slave.cpp", line: v(268, 280, 282), evidence: AGENT, note: "lists per version in mesos-flags.ts" },
  "agent.resources": { kind: "exact", level: I, text: "Agent resources: {{resources}}", file: "slave.cpp", line: v(615, 627, 629), evidence: AGENT, note: "info.resources() is a RepeatedPtrField<Resource>: printed as JSON" },
  "agent.attributes": { kind: "exact", level: I, text: "Agent attributes: {{attributes}}", file: "slave.cpp", line: v(623, 635, 637), evidence: AGENT },
  "agent.hostname": { kind: "exact", level: I, text: "Agent hostname: {{hostname}}", file: "slave.cpp", line: v(632, 644, 646), evidence: AGENT },
  "agent.recoveringState": { kind: "exact", level: I, text: "Recovering state from '{{dir}}'", file: "state.cpp", line: v(67, 68, 68), evidence: src("src/slave/state.cpp") },
  "agent.recoveringExecutors": { kind: "exact", level: I, text: "Recovering executors", file: "slave.cpp", line: v(7972, 8205, 8224), evidence: AGENT },
  "agent.finishedRecovery": { kind: "exact", level: I, text: "Finished recovery", file: "slave.cpp", line: v(8125, 8358, 8377), evidence: AGENT },
  "agent.gotExited": { kind: "exact", level: I, text: "Got exited event for {{pid}}", file: "slave.cpp", line: v(6456, 6688, 6707), evidence: AGENT, note: "the TCP link to the leading master closed: its process died" },
  "agent.masterDisconnected": { kind: "exact", level: "WARN", text: "Master disconnected! Waiting for a new master to be elected", file: "slave.cpp", line: v(6461, 6693, 6712), evidence: AGENT },
  "agent.newMaster": { kind: "exact", level: I, text: "New master detected at {{master}}", file: "slave.cpp", line: v(1351, 1471, 1473), evidence: AGENT },
  "agent.noCredentials": { kind: "exact", level: I, text: "No credentials provided. Attempting to register without authentication", file: "slave.cpp", line: v(1405, 1525, 1527), evidence: AGENT },
  "agent.detecting": { kind: "exact", level: I, text: "Detecting new master", file: "slave.cpp", line: v(1416, 1536, 1538), evidence: AGENT },
  "agent.registered": { kind: "exact", level: I, text: "Registered with master {{master}}; given agent ID {{id}}", file: "slave.cpp", line: v(1576, 1696, 1698), evidence: AGENT },
  "agent.reregistered": { kind: "exact", level: I, text: "Re-registered with master {{master}}", file: "slave.cpp", line: v(1700, 1820, 1830), evidence: AGENT },
  // --- tasks on the agent
  "agent.gotTask": { kind: "exact", level: I, text: "Got assigned task '{{task}}' for framework {{framework}}", file: "slave.cpp", line: v(2130, 2282, 2300), evidence: AGENT },
  "agent.launchingExecutor": { kind: "exact", level: I, text: "Launching executor '{{executor}}' of framework {{framework}} with resources {{resources}} in work directory '{{dir}}'", file: "slave.cpp", line: v(10002, 10361, 10380), evidence: AGENT },
  "agent.launchingContainer": { kind: "exact", level: I, text: "Launching container {{container}} for executor '{{executor}}' of framework {{framework}}", file: "slave.cpp", line: v(3657, 3858, 3876), evidence: AGENT },
  "agent.handlingStatus": { kind: "exact", level: I, text: "Handling status update {{update}} from {{from}}", file: "slave.cpp", line: v(5737, 5962, 5981), evidence: AGENT },
  "agent.forwardingStatus": { kind: "exact", level: I, text: "Forwarding the update {{update}} to {{master}}", file: "slave.cpp", line: v(6276, 6508, 6527), evidence: AGENT },
  "agent.askedKill": { kind: "exact", level: I, text: "Asked to kill task {{task}} of framework {{framework}}", file: "slave.cpp", line: v(3756, 3961, 3979), evidence: AGENT },
  "agent.executorExited": { kind: "exact", level: I, text: "Executor '{{executor}}' of framework {{framework}} exited with status {{status}}", file: "slave.cpp", line: v(6856, 7088, 7107), evidence: AGENT },
  "agent.cleaningExecutor": { kind: "exact", level: I, text: "Cleaning up executor '{{executor}}' of framework {{framework}} at {{pid}}", file: "slave.cpp", line: v(6967, 7199, 7218), evidence: AGENT },
} satisfies Record<string, T>;

// ZooKeeper C client 3.4.8 with Mesos' patch (identical blob in all three Mesos tags). The prefix is
// zk_log.c's "%s:%ld(0x%lx):%s@%s@%d: %s"; `file` here is the function name it prints.
const ZKC = { repo: "apache/zookeeper", tags: ["release-3.4.8"] as const, path: "src/c/src/zookeeper.c" };
const zkc = (fn: string, line: number, text: string, level: "INFO" | "ERROR" = "INFO", note?: string): T => ({
  kind: "exact", level, text, file: fn, line, evidence: ZKC,
  note: note ?? "line in zookeeper.c after Mesos' 3rdparty/zookeeper-3.4.8.patch is applied",
});

export const ZK_CLIENT_TEMPLATES = {
  "zkc.env.version": zkc("log_env", 753, "Client environment:zookeeper.version={{version}}", "INFO", "log_env() runs on the thread calling zookeeper_init; PACKAGE_STRING is 'zookeeper C client 3.4.8'"),
  "zkc.env.hostname": zkc("log_env", 757, "Client environment:host.name={{hostname}}"),
  "zkc.env.osName": zkc("log_env", 764, "Client environment:os.name={{sysname}}"),
  "zkc.env.osArch": zkc("log_env", 765, "Client environment:os.arch={{release}}", "INFO", "uname(2) release (the kernel version string), as upstream labels it"),
  "zkc.env.osVersion": zkc("log_env", 766, "Client environment:os.version={{version}}"),
  "zkc.env.userName": zkc("log_env", 774, "Client environment:user.name={{login}}", "INFO", "getlogin(): a daemon started by systemd has no login name, so glibc prints (null)"),
  "zkc.env.userHome": zkc("log_env", 782, "Client environment:user.home={{home}}"),
  "zkc.env.userDir": zkc("log_env", 794, "Client environment:user.dir={{cwd}}"),
  "zkc.init": zkc("zookeeper_init", 827, "Initiating client connection, host={{hosts}} sessionTimeout={{timeout}} watcher={{watcher}} sessionId={{session}} sessionPasswd={{passwd}} context={{context}} flags={{flags}}", "INFO", "sessionId is %#llx: 0 prints as 0"),
  "zkc.socketEof": zkc("handle_socket_error_msg", 1782, "Socket [{{server}}] zk retcode=-4, errno=112(Host is down): failed while receiving a server response", "ERROR", "check_events passes its __LINE__; recv_buffer sets errno=EHOSTDOWN when the server closed the connection (EOF); I/O thread"),
  "zkc.close": zkc("zookeeper_close", 2579, "Freeing zookeeper resources for sessionId={{session}}\n", "INFO", "Mesos deletes the expired handle on a libprocess thread; the format ends in a newline and log_message adds another, so an empty line follows"),
  "zkc.initiated": zkc("check_events", 1764, "initiated connection to server [{{server}}]", "INFO", "check_events runs on the client's own I/O thread (do_io): its thread id differs from zookeeper_init's"),
  "zkc.established": zkc("check_events", 1811, "session establishment complete on server [{{server}}], sessionId={{session}}, negotiated timeout={{timeout}}", "INFO", "I/O thread; sessionId is %#llx"),
} satisfies Record<string, T>;
