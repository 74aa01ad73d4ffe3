// Volume streams fill whatever the storyline and periodic noise leave of targetEvents. Each stream
// gets a fixed share and stops once it has produced it, so the total lands within one bundle of the
// target (a bundle is at most ~25 lines).
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { DAY, HOUR } from "../time";
import { haproxy, marathonLb, mesosDns } from "./clients";
import type { Ctx } from "./ctx";
import { apiNoise, kubeletNoise, podLifecycle } from "./k8svol";
import { sshProbe, sshSession } from "./linux";
import { mesosTask } from "./tasks";
import { zkSession } from "./zookeeper";

type Stream = { name: string; weight: number; diurnal: number; emit: (c: Ctx, r: Rng, t: number) => unknown };

function sshAny(c: Ctx, r: Rng, t: number): void {
  const h: Host = r.pick(c.f.hosts);
  // the bastion itself is reached from the office network; everything else from the bastion
  const src = h === c.f.bastion ? `10.10.7.${r.int(10, 99)}` : r.chance(0.15) ? c.f.ops.ip : c.f.bastion.ip;
  sshSession(c, r, t, h, src === c.f.ops.ip ? "ansible" : undefined, src);
}

const STREAMS: Stream[] = [
  { name: "mesos-tasks", weight: 0.24, diurnal: 0.6, emit: mesosTask },
  { name: "pods", weight: 0.2, diurnal: 0.6, emit: podLifecycle },
  { name: "kubelet", weight: 0.07, diurnal: 0.3, emit: kubeletNoise },
  { name: "apiserver", weight: 0.04, diurnal: 0.3, emit: apiNoise },
  { name: "ssh", weight: 0.11, diurnal: 0.9, emit: sshAny },
  { name: "ssh-probe", weight: 0.03, diurnal: 0, emit: (c, r, t) => sshProbe(c, r, t, r.pick(c.f.hosts)) },
  { name: "haproxy", weight: 0.13, diurnal: 0.7, emit: haproxy },
  { name: "marathon-lb", weight: 0.05, diurnal: 0.5, emit: marathonLb },
  { name: "mesos-dns", weight: 0.03, diurnal: 0, emit: mesosDns },
  { name: "zk-sessions", weight: 0.05, diurnal: 0.3, emit: (c, r, t) => zkSession(c, r, t, r.pick([...c.f.agents, ...c.f.lbs])) },
];

/** business hours (07-19 UTC, weekdays) are busier; `amp` says how much */
function sampleTime(c: Ctx, r: Rng, amp: number): number {
  const span = c.sc.E - c.sc.W;
  for (;;) {
    const t = c.sc.W + r.float() * span;
    if (amp === 0) return t;
    const rel = t - c.sc.W;
    const hour = (rel % DAY) / HOUR;
    const weekend = Math.floor(rel / DAY) % 7 >= 5;
    const busy = hour >= 7 && hour < 19 ? (weekend ? 0.5 : 1) : 0.3;
    if (r.float() < 1 - amp + amp * busy) return t;
  }
}

export function runVolume(c: Ctx, rng: Rng, budget: number): void {
  let total = 0;
  for (const st of STREAMS) total += st.weight;
  // cumulative targets: a stream that overshoots by part of a bundle is compensated by the next one
  const base = c.s.size;
  let cum = 0;
  for (const st of STREAMS) {
    const r = rng.fork(st.name);
    cum += (budget * st.weight) / total;
    const want = Math.round(cum);
    // a stream may decline a slot (no leader at that instant, agent restarting); the guard keeps a
    // pathological window from looping forever
    for (let guard = 0; c.s.size - base < want && guard < want * 4 + 100; guard++) st.emit(c, r, sampleTime(c, r, st.diurnal));
  }
}
