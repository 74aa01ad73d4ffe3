// The week's Mesos storyline, decided once per seed; generators only render it. Times are true UTC µs.
// Story (times jittered per seed, spread proportionally when days != 7):
//  Mon  ZooKeeper rolling restart, then patch window: masters B, D, A restarted in that order
//       (ZK sequence order then makes B the next leader when A stops); agents restarted after.
//  Tue  a new agent joins (fresh registration).
//  Wed  master D decommissioned (stop, package removed); master N installed as its replacement.
//  Thu  leader B loses its ZK session -> A elected; B "committing suicide!", systemd restarts it.
//  Fri  ZK quorum blip: standby C crash-loops 3x (systemd restart lines), A is "Re-elected".
import type { Fleet, Host } from "./hosts";
import { Rng } from "./prng";
import { DAY, HOUR, MIN, SEC } from "./time";

export type EndKind = "stop" | "suicide" | "detect-fail";
export interface MasterRun {
  host: Host;
  start: number;
  end: number | null;
  endKind: EndKind | null;
  pid: number;
  id: string;
  /** systemd restart counter when this start was an automatic restart after a failure */
  restartCounter: number;
  /** a crash-loop attempt started while ZooKeeper had no quorum: never connects, dies in seconds */
  flaky: boolean;
  zkServer: Host;
  /** when its ZooKeeper client connects (both the master's and the ZK server's lines use it) */
  zkAt: number;
  zkSession: string;
  clientPort: number;
}
export interface Election { t: number; run: MasterRun; kind: "elected" | "re-elected" }
export interface Lead { from: number; to: number | null; run: MasterRun }
export interface AgentRun { host: Host; start: number; pid: number }

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
  foLost: number;
  blip: number;
  blipRestore: number;
  crashHost: Host;
  agentRuns: AgentRun[];
  newAgentAt: number;
  clusterId: string;
  frameworkId: string;
  agentIds: Map<Host, string>;
  marathonLeaders: { from: number; to: number | null; host: Host }[];
  question: { at: number; host: Host };
  /** ZK leader index (into fleet.zks) before/after each restart */
  zkLeader: { from: number; idx: number }[];
}

export function buildScenario(r: Rng, f: Fleet, W: number, days: number): Scenario {
  const E = W + days * DAY;
  const k = days / 7; // stretch factor for the storyline
  const at = (day: number, hLo: number, hHi: number) => W + (day * DAY + r.range(hLo, hHi) * HOUR) * k;
  const s = (lo: number, hi: number) => r.range(lo, hi) * SEC;
  const { A, B, D, N } = f.roles;
  const runs: MasterRun[] = [];
  const run = (host: Host, start: number, restartCounter = 0): MasterRun => {
    const zkServer = r.pick(f.zks);
    const myid = f.zks.indexOf(zkServer) + 1;
    const rr: MasterRun = {
      host, start, end: null, endKind: null, restartCounter, zkServer, flaky: false,
      pid: host.pidAt(start, W), id: r.uuid(), zkAt: start + r.range(130, 160) * 1000, zkSession: `0x${myid}00${r.hex(12)}`, clientPort: r.int(32768, 60999),
    };
    runs.push(rr);
    return rr;
  };
  const end = (rr: MasterRun, t: number, kind: EndKind) => ((rr.end = t), (rr.endKind = kind));

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
  zkL = Math.max(...[0, 1, 2].filter((i) => i !== zkL));
  zkLeader.push({ from: zkRestarts[zkLeader[0].idx] + 2 * SEC, idx: zkL });

  // Pre-window runs (started weeks ago) of the three original masters
  const pre = new Map<Host, MasterRun>();
  for (const h of [A, B, D]) pre.set(h, run(h, W - r.range(8, 40) * DAY));
  const patch = zt + r.range(20, 50) * MIN;
  const bStop = patch;
  const dStop = patch + r.range(12, 20) * MIN;
  const aStop = patch + r.range(28, 40) * MIN;
  end(pre.get(B)!, bStop, "stop");
  end(pre.get(D)!, dStop, "stop");
  end(pre.get(A)!, aStop, "stop");
  const b1 = run(B, bStop + s(6, 20));
  const d1 = run(D, dStop + s(6, 20));
  const bElect = aStop + s(1.5, 4);
  const a1 = run(A, aStop + s(8, 25));

  const newAgentAt = at(1, 9, 15);
  const decom = at(2, 9, 11);
  end(d1, decom, "stop");
  const nInstall = decom + r.range(25, 45) * MIN;
  const n1 = run(N, nInstall + r.range(2, 5) * MIN);

  const foLost = at(3, 13, 17);
  const foExpire = foLost + s(10, 10.5);
  const aElect = foExpire + s(0.3, 1.5);
  end(b1, foLost + s(14, 25), "suicide");
  const b2 = run(B, b1.end! + 10 * SEC, 1);

  // Friday: ZK leader restarts and quorum is gone for about a minute. The crash-looping standby (B or N)
  // fails to detect a leader on each try; its 4th start comes after quorum is back and sticks.
  const blip = at(4, 2, 5);
  const crashHost = r.chance(0.5) ? B : N;
  let cur = crashHost === B ? b2 : n1;
  end(cur, blip + s(8, 14), "detect-fail");
  for (let i = 1; i <= 3; i++) {
    const next = run(crashHost, cur.end! + 10 * SEC, i);
    if (i < 3) {
      next.flaky = true;
      end(next, next.start + s(14, 22), "detect-fail");
    }
    cur = next;
  }
  const blipRestore = cur.start - s(3, 6);
  zkLeader.push({ from: blip, idx: -1 });
  zkLeader.push({ from: blipRestore, idx: Math.max(...[0, 1, 2].filter((i) => i !== zkL)) });
  runs.sort((x, y) => x.start - y.start);

  const elections: Election[] = [
    { t: bElect, run: b1, kind: "elected" },
    { t: aElect, run: a1, kind: "elected" },
    { t: blipRestore + s(0.5, 2), run: a1, kind: "re-elected" },
  ];
  const leaders: Lead[] = [
    { from: W, to: aStop, run: pre.get(A)! },
    { from: bElect, to: foExpire, run: b1 },
    { from: aElect, to: null, run: a1 },
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
  const hi = foExpire - 3 * HOUR;
  const qAt = Math.floor((lo + r.float() * (hi - lo)) / MIN) * MIN;
  return {
    W, E, runs, elections, leaders, zkRestarts, patch, decom, nInstall, foLost, blip, blipRestore, crashHost,
    agentRuns, newAgentAt, clusterId, frameworkId: `${clusterId}-0000`, agentIds, marathonLeaders,
    question: { at: qAt, host: B }, zkLeader,
  };
}
