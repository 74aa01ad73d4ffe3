// Point-in-time lookups on the scenario, used by the generators that render volume.
import type { Host } from "./hosts";
import type { MasterRun, Scenario } from "./scenario";

/** the leading master run at t (null during the seconds-long gaps between terms) */
export function leaderAt(sc: Scenario, t: number): MasterRun | null {
  for (let i = sc.leaders.length - 1; i >= 0; i--) {
    const l = sc.leaders[i];
    if (t >= l.from) return l.to === null || t < l.to ? l.run : null;
  }
  return null;
}

export function marathonLeaderAt(sc: Scenario, t: number): Host {
  for (let i = sc.marathonLeaders.length - 1; i >= 0; i--) if (t >= sc.marathonLeaders[i].from) return sc.marathonLeaders[i].host;
  return sc.marathonLeaders[0].host;
}

export function zkLeaderIdx(sc: Scenario, t: number): number {
  let idx = sc.zkLeader[0].idx;
  for (const z of sc.zkLeader) if (t >= z.from) idx = z.idx;
  return idx;
}

/** the sequence number of a master run's candidacy at t (its latest session's znode) */
export function candidacySeq(run: MasterRun, t: number): number {
  let seq = run.sessions[0].seq;
  for (const z of run.sessions) if (z.at <= t) seq = z.seq;
  return seq;
}
