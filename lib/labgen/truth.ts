// Ground truth, derived from the same scenario the generators rendered.
// Answer-set rule: `masters` = hosts whose Mesos master is still deployed at the END of the window
// (the last run never ended: leader, standby, or one that exited and was restarted by systemd). A master
// that ran earlier but was stopped and had its package removed is `decommissionedMasters`.
import type { Fleet } from "./hosts";
import type { Scenario } from "./scenario";
import type { Decoy, GroundTruth } from "./types";
import { isoMs } from "./time";

export function buildTruth(seed: string, f: Fleet, sc: Scenario, mesosVersion: string, controlPlaneEventIds: number[]): GroundTruth {
  const last = new Map<string, (typeof sc.runs)[number]>();
  for (const run of sc.runs) last.set(run.host.name, run);
  const masters = [...last.values()]
    .filter((x) => x.end === null)
    .map((x) => x.host.name)
    .sort();
  const decommissionedMasters = [...last.values()]
    .filter((x) => x.end !== null)
    .map((x) => x.host.name)
    .sort();
  const { A, B, D, N } = f.roles;
  const d = (kind: string, host: string, description: string): Decoy => ({ kind, host, description });
  const decoys: Decoy[] = [
    d("repurposed-mesos-name", f.repurposed.name, "Named like a Mesos master (and on the Mesos subnet) but runs kubelet/containerd: a re-purposed K8s worker."),
    ...f.agents.map((a) =>
      d("mesos-agent", a.name, "Mesos agent: same glog format and main.cpp Version: banner, 'Mesos agent started on' — not control plane."),
    ),
    d(
      "decommissioned-master",
      D.name,
      "Ran a master Mon-Wed, then systemd stop (the master's last line is 'RAW: Received signal SIGTERM ... exiting'), disable and dpkg remove mesos; no master lines afterwards.",
    ),
    d(
      "mesos-mention-only",
      f.ops.name,
      "Mentions Mesos only via a leftover CRON probe (systemctl is-active mesos-master) and a dpkg removal of the mesos CLI package.",
    ),
    d("timezone", B.name, `Logs local time (${B.tz}); raw clocks differ from UTC. It is a real master and the leader at the question instant.`),
    d("timezone", f.tzZk.name, `ZooKeeper server logging local time (${f.tzZk.tz}).`),
    d("clock-skew", f.skewAgent.name, `Clock off by ${(f.skewAgent.skewUs / 1e6).toFixed(3)} s: its lines look out of order against the masters'.`),
    ...[A, B, D, N].map((h) =>
      d("marathon-client", h.name, "Marathon (a framework) logs 'Mesos Master version X' and its own 'Leader won' — client-side, not Mesos control plane."),
    ),
    d("mesos-dns-client", f.lbs[0].name, "Mesos-DNS polls http://<master>:5050/master/state.json — a client of the masters."),
    ...f.lbs.map((h) => d("marathon-lb-client", h.name, "marathon-lb/HAProxy follow Marathon on :8080 and proxy to agent task ports — clients.")),
    ...f.cps.map((h) => d("k8s-leader-election", h.name, "kube-scheduler/kube-controller-manager lease and etcd raft elections — Kubernetes, not Mesos.")),
    ...sc.restarted.map((h) =>
      d(
        "restarted-master",
        h.name,
        "Exited as leader after losing its ZooKeeper session ('EXIT with status 1: Lost candidacy as a leader... committing suicide!'), restarted by systemd: still deployed, in the answer set.",
      ),
    ),
    d("standby-master", N.name, "Installed mid-week as a standby: never elected, logs 'The newly elected leader is ...' — still a running master."),
  ];
  const hostTimeZones: Record<string, string> = {};
  const hostIps: Record<string, string> = {};
  for (const h of f.hosts) {
    hostTimeZones[h.name] = h.tz;
    hostIps[h.name] = h.ip;
  }
  return {
    seed,
    domain: f.domain,
    masters,
    decommissionedMasters,
    mesosVersion,
    leaderTimeline: sc.leaders.map((l) => ({ from: isoMs(Math.round(l.from)), to: l.to === null ? null : isoMs(Math.round(l.to)), host: l.run.host.name })),
    leaderQuestion: { at: isoMs(sc.question.at), host: sc.question.host.name },
    zookeeperEnsemble: f.zks.map((z) => `${z.name}:2181`),
    zookeeperEnsembleIps: f.zks.map((z) => `${z.ip}:2181`),
    controlPlaneEventIds,
    decoys,
    hostTimeZones,
    clockSkewSeconds: { [f.skewAgent.name]: Math.round(f.skewAgent.skewUs / 1000) / 1000 },
    hostIps,
    mesosAgents: f.agents.map((a) => a.name),
  };
}
