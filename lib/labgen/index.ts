// Public surface of the "find the retired Mesos control plane" lab generator. Pure TypeScript, no
// framework or node: imports, so server code, scripts and benches can all use it.
//
// Answer-set rules (see truth.ts / scenario.ts):
//  - masters: hosts whose Mesos master is still deployed at the END of the window — the leader,
//    standbys, the master installed mid-week and those that exited when they lost their ZooKeeper
//    session and were restarted by systemd. 3 per seed.
//  - decommissionedMasters: the one master that ran Mon–Wed, was stopped by systemd (its last line is
//    glog's "RAW: Received signal SIGTERM ... exiting") and had its package removed; it never logs
//    master lines again. Not part of the answer.
//  - controlPlaneEventIds: lines of a mesos-master process on those hosts that show it starting
//    (main.cpp Build:/Version:/Git tag:/Git SHA:, master.cpp "Master <id> (<host>) started on"),
//    being elected ("Elected as the leading master!") or
//    registering agents ("Registered agent", "Re-registered agent"). Agent banners, Marathon's
//    "Mesos Master version", Mesos-DNS/marathon-lb mentions of :5050, K8s lease and etcd elections
//    are decoys and never labelled.
//  - zookeeperEnsemble: short host names + ":2181" of the servers in the masters' --zk flag
//    (zookeeperEnsembleIps keeps the flag's own ip:port form).
//  - ts is always the true UTC instant; raw uses each host's own clock (zone and/or skew).
export type { Decoy, GenerateOptions, GroundTruth, Level, LogEvent } from "./types";
export { deriveSeed, generateLab, toRawLog, type GeneratedLab } from "./generate";
export type { MinerFacts } from "./incidents/marathon-miner";
export { GENERATOR_VERSION } from "./version";
// Every line comes from a template of the provenance table (upstream file:line per version, or why
// it is composed): see provenance/index.ts.
