// Public types of the lab generator (re-exported from index.ts).

export type Level = "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";

export type LogEvent = {
  /** 1..N in timestamp order */
  id: number;
  /** true UTC instant, ISO 8601 with milliseconds */
  ts: string;
  /** short host name; FQDN is host + "." + truth.domain */
  host: string;
  service: string;
  level: Level;
  /** message part, without the line's own prefix */
  message: string;
  /** the full line as the source writes it, on the host's own (local, possibly skewed) clock */
  raw: string;
  /** parsed prefix fields the source has (pid, tid, file, line, logger, thread, myid, caller, unit, user, src_ip...) */
  fields: Record<string, string>;
};

export type Decoy = { kind: string; host: string; description: string };

export type GroundTruth = {
  seed: string;
  domain: string;
  /** hosts running a Mesos master at the END of the window (still deployed, incl. standbys and masters restarted by systemd) */
  masters: string[];
  /** ran a master earlier in the window, then stopped + package removed; not part of the answer */
  decommissionedMasters: string[];
  mesosVersion: string;
  leaderTimeline: { from: string; to: string | null; host: string }[];
  leaderQuestion: { at: string; host: string };
  /** "host:2181" (short names) of the ZooKeeper servers named in the masters' --zk flag */
  zookeeperEnsemble: string[];
  /** the same servers as they appear in the flag: "ip:2181" */
  zookeeperEnsembleIps: string[];
  controlPlaneEventIds: number[];
  decoys: Decoy[];
  /** host -> IANA zone or "UTC" (the clock that host's raw lines use) */
  hostTimeZones: Record<string, string>;
  /** hosts whose clock is off, in seconds (raw clock = true local time + skew) */
  clockSkewSeconds: Record<string, number>;
  /** host -> primary IPv4 (what a learner could get from an inventory/DNS) */
  hostIps: Record<string, string>;
  mesosAgents: string[];
};

export type GenerateOptions = {
  seed: string;
  /** default 200_000; the fixed storyline + per-host periodic noise (~45k lines for 60 hosts) is a floor */
  targetEvents?: number;
  /** default "2026-03-09T00:00:00Z" (a Monday) */
  start?: string;
  /** default 7; at least 3 (the storyline is spread proportionally over the window) */
  days?: number;
  /** add a scripted incident to the estate's logs (a lab shipped as a log file); its events are
   *  labelled, and what a learner must find is returned as `incident` */
  incident?: "marathon-miner";
  /** also return the provenance template id of every event (tests) */
  templates?: boolean;
};
