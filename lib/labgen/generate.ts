// Orchestration: fleet -> scenario -> storyline + periodic noise -> volume up to target -> sort.
import { buildFleet } from "./hosts";
import { Rng, hashHex } from "./prng";
import { buildScenario } from "./scenario";
import { sortedOrder } from "./order";
import { Sink } from "./sink";
import { DAY, parseIsoUs } from "./time";
import { buildTruth } from "./truth";
import type { GenerateOptions, GroundTruth, LogEvent } from "./types";
import { pickVersions } from "./versions";
import { makeCtx } from "./gen/ctx";
import { emitAgents } from "./gen/agents";
import { emitDecoys } from "./gen/decoys";
import { emitK8sFixed, planKubeletRestarts } from "./gen/k8s";
import { emitLinuxFixed } from "./gen/linux";
import { emitMarathon } from "./gen/marathon";
import { emitMasters } from "./gen/masters";
import { runVolume } from "./gen/volume";
import { emitZooKeeper } from "./gen/zookeeper";
import { type MinerFacts, emitMarathonMiner, installMinerHooks } from "./incidents/marathon-miner";

export interface GeneratedLab {
  events: LogEvent[];
  truth: GroundTruth;
  templates?: string[];
  /** with `opts.incident`: what the learner must find, and the ids of the events it caused */
  incident?: { facts: MinerFacts; labels: Map<number, string> };
}

export function generateLab(opts: GenerateOptions): GeneratedLab {
  const target = opts.targetEvents ?? 200_000;
  const days = opts.days ?? 7;
  if (!opts.seed) throw new Error("labgen: seed is required");
  if (!(days >= 3 && days <= 31)) throw new Error("labgen: days must be within 3..31");
  if (!(target >= 0 && target <= 5_000_000)) throw new Error("labgen: targetEvents must be within 0..5,000,000");
  const W = parseIsoUs(opts.start ?? "2026-03-09T00:00:00Z");
  const E = W + days * DAY;

  // versioned root so a future change of storyline can bump "v1" instead of silently changing labs
  const root = new Rng("labgen:v1:" + opts.seed);
  const f = buildFleet(root.fork("fleet"));
  const v = pickVersions(root.fork("versions"));
  const sc = buildScenario(root.fork("scenario"), f, W, days);
  const s = new Sink(W, E);
  const c = makeCtx(s, sc, f, v, root.fork("ctx"));
  c.kubeletRestarts = planKubeletRestarts(c, root.fork("kubelet-plan"));
  if (opts.incident) installMinerHooks(c, root.fork("incident-hooks"));

  emitZooKeeper(c, root.fork("zk"));
  emitMasters(c, root.fork("masters"));
  emitAgents(c, root.fork("agents"));
  emitMarathon(c, root.fork("marathon"));
  emitK8sFixed(c, root.fork("k8s"));
  emitLinuxFixed(c, root.fork("linux"));
  emitDecoys(c, root.fork("decoys"));
  const facts = opts.incident ? emitMarathonMiner(c, root.fork("incident")) : undefined;
  runVolume(c, root.fork("volume"), Math.max(0, target - s.size));

  // sort by true instant; same-µs events keep generation order
  const n = s.size;
  const t = s.t;
  const order = sortedOrder(t, W, E);
  const cpFlag = new Uint8Array(n);
  for (const i of s.cp) cpFlag[i] = 1;
  const events = new Array<LogEvent>(n);
  const cpIds: number[] = [];
  const labels = new Map<number, string>();
  const templates = opts.templates ? new Array<string>(n) : undefined;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const e = s.events[i];
    e.id = k + 1;
    events[k] = e;
    if (templates) templates[k] = s.tpl[i];
    if (cpFlag[i]) cpIds.push(k + 1);
    const label = facts && s.labels.get(i);
    if (label) labels.set(k + 1, label);
  }
  return {
    events,
    truth: buildTruth(opts.seed, f, sc, v.mesos.version, cpIds),
    ...(templates ? { templates } : {}),
    ...(facts ? { incident: { facts, labels } } : {}),
  };
}

/** Per-learner variant: stable 64-bit hex of (lab, user, salt); pure JS so server and bench agree. */
export function deriveSeed(labSlug: string, userId: string, salt = ""): string {
  return hashHex(`${labSlug}\u001f${userId}\u001f${salt}`);
}

/** The file a bench would grep: one raw line per event, newline-terminated. */
export function toRawLog(events: LogEvent[]): string {
  if (events.length === 0) return "";
  const parts = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) parts[i] = events[i].raw;
  return parts.join("\n") + "\n";
}
