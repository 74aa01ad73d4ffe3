// The week's Mesos storyline, decided once per seed; generators only render it. Times are true UTC µs.
// What Mesos does here follows its source (src/zookeeper/group.cpp, src/master/master.cpp): a master
// started with --zk_session_timeout=10secs that cannot reach ZooKeeper for 10 s expires its own session;
// if it was leading it exits ("Lost candidacy as a leader... committing suicide!"), otherwise it contends
// again. `systemctl stop` sends SIGTERM: the process dies by the signal without closing its ZooKeeper
// session, which the ZooKeeper leader expires 10-12 s later (only then can another master be elected).
// Story (times jittered per seed, spread proportionally when days != 7):
//  Mon  ZooKeeper rolling restart, then patch window: masters B, D, A stopped and started in that order;
//       B is elected once A's session has expired. Agents restarted after.
//  Tue  a new agent joins (fresh registration).
//  Wed  master D decommissioned (stop, package removed); master N installed as its replacement.
//  Thu  leader B loses its network: ZooKeeper expires its session and A is elected; 10 s after B saw the
//       connection go it expires its own session and exits; systemd restarts it.
//  Fri  ZooKeeper loses quorum for about a minute: every master expires its session after 10 s; leader A
//       exits and is restarted, B and N contend again and one of them is elected when quorum is back.
import type { Fleet, Host } from "./hosts";
import { Rng } from "./prng";
import { DAY, HOUR, MIN, SEC } from "./time";

/** "stop": SIGTERM from systemctl; "suicide": EXIT(1) after losing its ZooKeeper session as leader */
export type EndKind = "stop" | "suicide";

/** why a master's ZooKeeper session ended (on the client side) */
export type SessionEnd =
  /** the process died of SIGTERM: the socket closes, the session stays until the server expires it */
  | "sigterm"
  /** the client lost the connection (network, or the servers lost quorum) and forced its own expiry */
  | "lost";

export interface ZkSession {
  server: Host;
  /** "0x..." as ZooKeeper prints it (Long.toHexString: server id in the top byte) */
  id: string;
  clientPort: number;
  /** established on the server (the client's check_events lines sit on the same instant) */
  at: number;
  /** when the client side ended it (null: still open at the end of the window) */
  end: number | null;
  endKind: SessionEnd | null;
  /** when the ZooKeeper leader expired it (null: never within the window) */
  expiredAt: number | null;
  /** the connection dropped and the client renewed the same session on another server (Monday) */
  moves: { lost: number; from: Host; server: Host; at: number; clientPort: number; closedBy: "stop" | "follower" }[];
  /** sequence number of the candidacy znode (/mesos/json.info_<seq>) this session's contender created */
  seq: number;
}

/** a ZooKeeper leader going away: its JVM dies silently at `stop`; each follower notices, drops its
 *  clients (lossAt, per server index) and elects; the ensemble serves again from `quorumBack` */
export interface ZkOutage {
  leader: number;
  stop: number;
  lossAt: number[];
  quorumBack: number;
}

/** the server a session is connected to at t (after any moves) */
export function sessionServer(z: ZkSession, t: number): Host {
  let h = z.server;
  for (const m of z.moves) if (m.lost <= t) h = m.server;
  return h;
}

export interface MasterRun {
  host: Host;
  start: number;
  end: number | null;
  endKind: EndKind | null;
  pid: number;
  id: string;
  /** systemd restart counter when this start was an automatic restart after a failure */
  restartCounter: number;
  /** ZooKeeper sessions in order; a session expired by the client is followed by a new one */
  sessions: ZkSession[];
}
export interface Election {
  t: number;
  run: MasterRun;
}
export interface Lead {
  from: number;
  to: number | null;
  run: MasterRun;
}
export interface AgentRun {
  host: Host;
  start: number;
  pid: number;
}

export interface Scenario {
  W: number;
  E: number;
  runs: MasterRun[];
  elections: Election[];
  leaders: Lead[];
  /** instants on the story axis */
  zkRestarts: number[];
  patch: number;
  decom: number;
  nInstall: number;
  /** Thursday: when the leader (B) logs the lost connection */
  foLost: number;
  /** Friday: ZooKeeper loses quorum at `blip`, has it again at `blipRestore` */
  blip: number;
  blipRestore: number;
  /** masters whose process exited with status 1 and was restarted by systemd (Thu, Fri) */
  restarted: Host[];
  agentRuns: AgentRun[];
  newAgentAt: number;
  clusterId: string;
  frameworkId: string;
  agentIds: Map<Host, string>;
  marathonLeaders: { from: number; to: number | null; host: Host }[];
  question: { at: number; host: Host };
  /** ZK leader index (into fleet.zks) over time; -1 while there is no quorum */
  zkLeader: { from: number; idx: number }[];
  /** Monday's restart of the ZooKeeper leader (the last of the rolling restart) and Friday's outage */
  zkOutages: { monday: ZkOutage; friday: ZkOutage };
}

/** ZooKeeper 3.4 session ids: server id in the top byte, then the low 40 bits of the server's start
 *  time in ms, then a counter (SessionTrackerImpl.initializeNextSession) */
/** when ZooKeeper server `i` (index into fleet.zks) last started before t: session ids count from it
 *  (the servers restart Monday, Friday's leader again at the blip; before that, weeks ago) */
export function zkServerStart(sc: Pick<Scenario, "W" | "zkRestarts" | "blip" | "zkOutages">, i: number, t: number): number {
  if (t >= sc.blip && i === sc.zkOutages.friday.leader) return sc.blip;
  return t >= sc.zkRestarts[i] ? sc.zkRestarts[i] : sc.W - 30 * DAY;
}

export function zkSessionId(sid: number, serverStartUs: number, n: number): string {
  const ms = Math.floor(serverStartUs / 1000) % 2 ** 40;
  return `0x${sid.toString(16)}${ms.toString(16).padStart(10, "0")}${n.toString(16).padStart(4, "0")}`;
}

export function buildScenario(r: Rng, f: Fleet, W: number, days: number): Scenario {
  const E = W + days * DAY;
  const k = days / 7; // stretch factor for the storyline
  const at = (day: number, hLo: number, hHi: number) => W + (day * DAY + r.range(hLo, hHi) * HOUR) * k;
  const s = (lo: number, hi: number) => r.range(lo, hi) * SEC;
  const { A, B, D, N } = f.roles;

  // ZooKeeper rolling restart: followers first, leader last (leadership moves to the highest remaining id)
  let zkL = r.int(0, 2);
  const zkLeader = [{ from: -Infinity, idx: zkL }];
  const zkOrder = [0, 1, 2].filter((i) => i !== zkL).concat([zkL]);
  const zkRestarts: number[] = [];
  let zt = at(0, 0.5, 0.9);
  for (const i of zkOrder) {
    zkRestarts[i] = zt;
    zt += r.range(6, 10) * MIN;
  }
  const monLeader = zkL;
  zkL = Math.max(...[0, 1, 2].filter((i) => i !== zkL));
  zkLeader.push({ from: zkRestarts[zkLeader[0].idx] + 2 * SEC, idx: zkL });
  /** a server's JVM dies 1.5 s after systemd's "Stopping" (restart() in gen/zookeeper.ts) */
  const zkStop = (i: number) => zkRestarts[i] - 1.5 * SEC;
  const outage = (leader: number, stop: number, quorumBack: number): ZkOutage => ({
    leader,
    stop,
    quorumBack,
    lossAt: [0, 1, 2].map((i) => (i === leader ? stop : stop + s(0.1, 0.9))),
  });
  const monday = outage(monLeader, zkStop(monLeader), zkRestarts[monLeader] + s(0.7, 3));
  // Friday: the ZooKeeper leader restarts and the ensemble has no quorum for about a minute
  const blip = at(4, 2, 5);
  const blipRestore = blip + s(50, 75);
  const friday = outage(zkL, blip, blipRestore);
  const zkAfterBlip = Math.max(...[0, 1, 2].filter((i) => i !== zkL));
  zkLeader.push({ from: blip, idx: -1 });
  zkLeader.push({ from: blipRestore, idx: zkAfterBlip });

  // session ids count up from each server's start (servers restarted Monday; the old leader Friday)
  const zkStarts = { W, zkRestarts, blip, zkOutages: { monday, friday } };
  const counters = new Map<string, number>();
  const session = (t: number, exclude?: Host): ZkSession => {
    const live = f.zks.filter((z) => z !== exclude);
    const server = r.pick(live);
    const i = f.zks.indexOf(server);
    const st = zkServerStart(zkStarts, i, t);
    const key = `${i}:${st}`;
    const n = (counters.get(key) ?? r.int(0x20, 0x300)) + r.int(1, 40);
    counters.set(key, n);
    return { server, id: zkSessionId(i + 1, st, n), clientPort: r.int(32768, 60999), at: t, end: null, endKind: null, expiredAt: null, moves: [], seq: 0 };
  };
  /** the ZooKeeper leader expires a silent session after its 10 s timeout, on the next 2 s tick */
  const serverExpiry = (lastHeard: number) => lastHeard + 10 * SEC + s(0.05, 2);

  const runs: MasterRun[] = [];
  const run = (host: Host, start: number, restartCounter = 0, zkFrom = start + s(130, 160)): MasterRun => {
    const rr: MasterRun = { host, start, end: null, endKind: null, restartCounter, pid: host.pidAt(start, W), id: r.uuid(), sessions: [] };
    rr.sessions.push(session(zkFrom));
    runs.push(rr);
    return rr;
  };
  const last = (rr: MasterRun) => rr.sessions[rr.sessions.length - 1];
  /** systemctl stop: SIGTERM; the session lingers until the server expires it */
  const stop = (rr: MasterRun, t: number) => {
    rr.end = t;
    rr.endKind = "stop";
    const z = last(rr);
    z.end = t;
    z.endKind = "sigterm";
    z.expiredAt = serverExpiry(t);
    return z.expiredAt;
  };

  // Pre-window runs (started weeks ago) of the three original masters
  const pre = new Map<Host, MasterRun>();
  for (const h of [A, B, D]) pre.set(h, run(h, W - r.range(8, 40) * DAY));
  // Monday's rolling restart: a session on a stopped follower moves to another server at once; when
  // the leader stops, every follower drops its clients, and all reconnect once a new leader serves.
  // Within the 10 s timeout, so the sessions survive ("reconnected", same session id).
  for (const run of pre.values()) {
    const z = run.sessions[0];
    let cur = z.server;
    for (const i of zkOrder) {
      const stopped = f.zks[i];
      if (i !== monLeader && cur !== stopped) continue;
      const lost = i === monLeader ? monday.lossAt[f.zks.indexOf(cur)] + s(0.001, 0.02) : zkStop(i) + s(0.001, 0.02);
      const server = r.pick(f.zks.filter((x) => x !== stopped));
      const at = i === monLeader ? monday.quorumBack + s(0.5, 3) : lost + s(0.02, 0.3);
      z.moves.push({ lost, from: cur, server, at, clientPort: r.int(32768, 60999), closedBy: cur === stopped ? "stop" : "follower" });
      cur = server;
    }
  }
  const patch = zt + r.range(20, 50) * MIN;
  const bStop = patch;
  const dStop = patch + r.range(12, 20) * MIN;
  const aStop = patch + r.range(28, 40) * MIN;
  stop(pre.get(B)!, bStop);
  stop(pre.get(D)!, dStop);
  const aGone = stop(pre.get(A)!, aStop);
  const b1 = run(B, bStop + s(6, 20));
  const d1 = run(D, dStop + s(6, 20));
  // B's candidacy is next in line once the ZooKeeper leader has expired A's session
  const bElect = aGone + s(0.05, 0.4);
  const a1 = run(A, aStop + s(8, 25));

  const newAgentAt = at(1, 9, 15);
  const decom = at(2, 9, 11);
  stop(d1, decom);
  const nInstall = decom + r.range(25, 45) * MIN;
  const n1 = run(N, nInstall + r.range(2, 5) * MIN);

  // Thursday: B's network goes; its client notices about 2/3 of the session timeout later (foLost), the
  // server expires the session 10 s after it last heard from B, A is elected, and B expires its own
  // session 10 s after foLost and exits. systemd restarts it 10 s later; by then the network is back.
  const foLost = at(3, 13, 17);
  const bSilent = foLost - s(6, 7);
  const zb = last(b1);
  zb.end = foLost;
  zb.endKind = "lost";
  zb.expiredAt = serverExpiry(bSilent);
  const aElect = zb.expiredAt + s(0.05, 0.4);
  b1.end = foLost + 10 * SEC + s(0.001, 0.05);
  b1.endKind = "suicide";
  const b2 = run(B, b1.end + 10 * SEC, 1);

  // Friday: every master's server drops it within a second of the blip; each forces its session's
  // expiry 10 s later. Leader A exits; B and N keep running, start new sessions that connect once
  // quorum is back, and the first to rejoin is elected. A's restart connects later and follows.
  // the new ZooKeeper leader restarts every session's timer when it takes over, so the old sessions
  // (each master expired its own, but the servers still hold them) expire together, one tick later
  const alive = [a1, b2, n1];
  const oldGone = blipRestore + s(10, 12);
  for (const m of alive) {
    const z = last(m);
    z.end = friday.lossAt[f.zks.indexOf(z.server)] + s(0.001, 0.02);
    z.endKind = "lost";
    z.expiredAt = oldGone + s(0, 0.02);
  }
  a1.end = last(a1).end! + 10 * SEC + s(0.001, 0.05);
  a1.endKind = "suicide";
  const rejoin = r.shuffle([b2, n1]);
  let tj = blipRestore + s(0.5, 2);
  for (const m of rejoin) {
    m.sessions.push(session(tj));
    tj += s(0.3, 3);
  }
  // A's old candidacy znode (the lowest sequence) holds the election until the old sessions expire
  const fWinner = rejoin[0];
  const fElect = Math.max(last(fWinner).at + s(1, 3), oldGone + s(0.05, 0.4));
  run(A, a1.end + 10 * SEC, 1, Math.max(a1.end + 10 * SEC + s(130, 160), tj + SEC));
  runs.sort((x, y) => x.start - y.start);
  // contenders create sequential znodes under /mesos as their sessions connect; the lowest leads
  let znode = r.int(20, 60);
  for (const z of runs.flatMap((x) => x.sessions).sort((a, b) => a.at - b.at)) z.seq = znode++;

  const elections: Election[] = [
    { t: bElect, run: b1 },
    { t: aElect, run: a1 },
    { t: fElect, run: fWinner },
  ];
  const leaders: Lead[] = [
    { from: W, to: aStop, run: pre.get(A)! },
    { from: bElect, to: zb.expiredAt, run: b1 },
    { from: aElect, to: a1.end, run: a1 },
    { from: fElect, to: null, run: fWinner },
  ];

  // Agents: ids were handed out long ago by a master whose id prefixes them; the newcomer gets the
  // id prefix of the master that registers it (B's current run) and sequence S0.
  const clusterId = r.uuid();
  const agentIds = new Map<Host, string>();
  const seq = r.shuffle(Array.from({ length: f.agents.length + 4 }, (_, i) => i)).slice(0, f.agents.length);
  const newAgent = f.agents[f.agents.length - 1];
  f.agents.forEach((h, i) => agentIds.set(h, h === newAgent ? `${b1.id}-S0` : `${clusterId}-S${seq[i]}`));
  const agentRuns: AgentRun[] = [];
  let at2 = patch + r.range(55, 70) * MIN;
  for (const h of f.agents) {
    if (h !== newAgent) agentRuns.push({ host: h, start: W - r.range(8, 40) * DAY, pid: h.pidBase });
    if (h === newAgent) {
      agentRuns.push({ host: h, start: newAgentAt, pid: h.pidAt(newAgentAt, W) });
      continue;
    }
    agentRuns.push({ host: h, start: at2, pid: h.pidAt(at2, W) });
    at2 += r.range(3, 6) * MIN;
  }

  // Marathon leader: D's instance until D is decommissioned, then A's or B's
  const mNext = r.chance(0.5) ? A : B;
  const marathonLeaders = [
    { from: W, to: decom - 2 * MIN, host: D },
    { from: decom - 2 * MIN + s(1, 3), to: null, host: mNext },
  ];

  // Leader question: an instant well inside B's term (>= 3 h from either transition), on a whole minute
  const lo = bElect + 3 * HOUR;
  const hi = zb.expiredAt - 3 * HOUR;
  const qAt = Math.floor((lo + r.float() * (hi - lo)) / MIN) * MIN;
  return {
    W,
    E,
    runs,
    elections,
    leaders,
    zkRestarts,
    patch,
    decom,
    nInstall,
    foLost,
    blip,
    blipRestore,
    restarted: [B, A],
    agentRuns,
    newAgentAt,
    clusterId,
    frameworkId: `${clusterId}-0000`,
    agentIds,
    marathonLeaders,
    question: { at: qAt, host: B },
    zkLeader,
    zkOutages: { monday, friday },
  };
}
