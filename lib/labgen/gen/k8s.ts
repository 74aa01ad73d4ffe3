// Kubernetes: control-plane reboots (Tuesday patching) with kube-scheduler / controller-manager
// lease elections and etcd raft elections — K8s control-plane events, deliberately NOT Mesos ones —
// etcd's periodic compaction, and kubelet restarts on a share of the workers (incl. the re-purposed box).
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { criKlog, etcd, kubelet, containerd } from "../formats/k8s";
import { systemd, systemdDone, systemdUnit } from "../formats/syslog";
import { DAY, HOUR, MIN, SEC } from "../time";
import type { Ctx } from "./ctx";
import { goDuration, humanizeBytes } from "./golang";

export const KUBELET = { unit: "kubelet.service", desc: "kubelet: The Kubernetes Node Agent" };

/** kubelet PID per host: constant except after a restart (k8s hosts keep long-lived daemons) */
export function kubeletPid(c: Ctx, h: Host, t: number): number {
  const restart = c.kubeletRestarts?.get(h);
  return restart !== undefined && t >= restart ? h.pidAt(restart, c.sc.W) : 900 + (h.pidBase % 700);
}
export function containerdPid(h: Host): number {
  return 700 + (h.pidBase % 150);
}

/** GOGC, GOMAXPROCS and GOTRACEBACK unset in the environment print as empty strings */
const GO_DEFAULTS = { gogc: "", maxprocs: "", traceback: "" };

export function kubeletStart(c: Ctx, r: Rng, h: Host, t: number): void {
  const K = c.v.k8s;
  const pid = kubeletPid(c, h, t + SEC);
  systemd(c.s, h, t - 30 * SEC, "containerd.service", "containerd container runtime", "Started");
  containerd(c.s, h, t - 29 * SEC, containerdPid(h), c.v.containerd, "containerd.booted", { secs: (r.float() * 0.1 + 0.02).toFixed(6) });
  systemd(c.s, h, t, KUBELET.unit, KUBELET.desc, "Started");
  let u = t + r.int(200_000, 600_000);
  kubelet(c.s, h, u, pid, K, "kubelet.version", { version: K });
  kubelet(c.s, h, (u += 30), pid, K, "kubelet.golang", GO_DEFAULTS);
  kubelet(c.s, h, (u += r.int(2, 4) * SEC), pid, K, "kubelet.syncLoop");
  kubelet(c.s, h, (u += r.int(300_000, 900_000)), pid, K, "kubelet.attemptRegister", { node: h.fqdn });
  kubelet(c.s, h, (u += r.int(50_000, 200_000)), pid, K, "kubelet.previouslyRegistered", { node: h.fqdn });
  kubelet(c.s, h, (u += 2000), pid, K, "kubelet.registered", { node: h.fqdn });
}

export function emitK8sFixed(c: Ctx, r: Rng): void {
  const { s, sc, f, v } = c;
  const ids = f.cps.map(() => r.hex(16));
  let term = r.int(4, 12);
  let etcdLeader = r.int(0, 2);
  const lease: Record<string, number> = { "kube-scheduler": r.int(0, 2), "kube-controller-manager": r.int(0, 2) };
  const cv = v.etcd.split(".").slice(0, 2).join(".");
  const clusterId = r.hex(16);
  const leases: Record<string, { from: number; idx: number }[]> = {};
  for (const [k, idx] of Object.entries(lease)) leases[k] = [{ from: -Infinity, idx }];
  c.leases = leases;

  // Tuesday rolling reboot of the control plane
  let t = sc.W + (DAY + r.range(2, 4) * HOUR) * ((sc.E - sc.W) / (7 * DAY));
  f.cps.forEach((h, i) => {
    systemd(s, h, t, KUBELET.unit, KUBELET.desc, "Stopping");
    // systemd 249 on the 22.04 control plane: a clean stop, and the CPU the long-running kubelet used
    systemdDone(s, h, t + 390_000, KUBELET.unit);
    systemdUnit(s, h, t + 391_000, KUBELET.unit, "systemd.consumedCpu", { cpu: `${r.int(1, 23)}h ${r.int(1, 59)}min ${r.int(1, 59)}.${r.int(100, 999)}s` });
    systemd(s, h, t + 400_000, KUBELET.unit, KUBELET.desc, "Stopped");
    const up = t + r.range(70, 110) * SEC;
    if (etcdLeader === i) {
      term++;
      const w = (i + 1 + r.int(0, 1)) % 3;
      f.cps.forEach((o, j) => {
        if (j === i) return;
        const te = t + r.int(1_200_000, 1_800_000);
        if (j === w) {
          etcd(s, o, te, v.etcd, "raft.startingElection", { id: ids[j], term: term - 1 }, "raft");
          // pre-vote is on by default (3.5 and 3.6): a pre-candidate round at the old term first
          etcd(s, o, te + 150, v.etcd, "raft.preCandidate", { id: ids[j], term: term - 1 }, "raft");
          etcd(s, o, te + 300, v.etcd, "raft.candidate", { id: ids[j], term }, "raft");
          etcd(s, o, te + 9000, v.etcd, "raft.leader", { id: ids[j], term }, "raft");
        }
        etcd(s, o, te + 9500, v.etcd, "raft.electedLeader", { id: ids[j], leader: ids[w], term }, "raft");
      });
      etcdLeader = w;
    }
    for (const comp of Object.keys(lease)) {
      if (lease[comp] !== i) continue;
      const w = (i + 1 + r.int(0, 1)) % 3;
      const ta = t + r.int(15, 25) * SEC;
      criKlog(s, f.cps[w], ta, comp, v.k8s, "leaderelection.acquired", { lease: `kube-system/${comp}` });
      lease[comp] = w;
      leases[comp].push({ from: ta, idx: w });
    }
    kubeletStart(c, r, h, up);
    let u = up + r.int(3, 8) * SEC;
    etcd(s, h, u, v.etcd, "etcd.starting", { member: ids[i], version: v.etcd, cluster: clusterId, clusterVersion: cv });
    etcd(s, h, (u += 900_000), v.etcd, "raft.follower", { id: ids[i], term }, "raft");
    etcd(s, h, (u += 2000), v.etcd, "raft.electedLeader", { id: ids[i], leader: ids[etcdLeader], term }, "raft");
    etcd(s, h, (u += 40_000), v.etcd, "etcd.published", { member: ids[i], name: h.name, url: `https://${h.ip}:2379`, cluster: clusterId });
    // one per client listener kubeadm configures: 127.0.0.1:2379 and the node's address
    etcd(s, h, (u += 3000), v.etcd, "etcd.ready");
    etcd(s, h, (u += r.int(20, 400)), v.etcd, "etcd.ready");
    criKlog(s, h, (u += r.int(2, 6) * SEC), "kube-apiserver", v.k8s, "apiserver.version", { version: v.k8s });
    criKlog(s, h, (u += 40), "kube-apiserver", v.k8s, "apiserver.golang", GO_DEFAULTS);
    criKlog(s, h, (u += r.int(3, 9) * SEC), "kube-apiserver", v.k8s, "apiserver.serving", { addr: "[::]:6443" });
    criKlog(s, h, (u += r.int(1, 4) * SEC), "kube-scheduler", v.k8s, "scheduler.starting", { version: v.k8s });
    criKlog(s, h, (u += r.int(1, 3) * SEC), "kube-scheduler", v.k8s, "leaderelection.attempting", { lease: "kube-system/kube-scheduler" });
    criKlog(s, h, (u += r.int(1, 4) * SEC), "kube-controller-manager", v.k8s, "controllerManager.starting", { version: v.k8s });
    criKlog(s, h, (u += r.int(1, 3) * SEC), "kube-controller-manager", v.k8s, "leaderelection.attempting", { lease: "kube-system/kube-controller-manager" });
    t += r.range(18, 30) * MIN;
  });

  // etcd: the apiserver asks for a compaction every 5 minutes; every member logs it
  let rev = r.int(2_000_000, 9_000_000);
  for (let tc = sc.W + r.int(0, 299) * SEC; tc < sc.E; tc += 5 * MIN) {
    rev += r.int(900, 4000);
    f.cps.forEach((h) => {
      const u = tc + r.int(1000, 90_000);
      // bbolt grows in 4 KiB pages; go-humanize prints SI units
      const bytes = r.int(10_000, 22_000) * 4096;
      const inUse = Math.round((bytes * (0.55 + r.float() * 0.4)) / 4096) * 4096;
      etcd(s, h, u, v.etcd, "etcd.compactIndex", { rev });
      etcd(s, h, u + r.int(3000, 30_000), v.etcd, "etcd.compacted", {
        rev,
        took: goDuration(r.int(2_000_000, 22_000_000)),
        hash: r.next(),
        bytes,
        size: humanizeBytes(bytes),
        inUseBytes: inUse,
        inUse: humanizeBytes(inUse),
      });
    });
  }

  // Wednesday node maintenance: a quarter of the workers (always incl. the re-purposed box) restart kubelet
  for (const [h, at] of c.kubeletRestarts!) kubeletStart(c, r, h, at);
}

export function planKubeletRestarts(c: Ctx, r: Rng): Map<Host, number> {
  const m = new Map<Host, number>();
  const pool = r.shuffle(c.f.workers).slice(0, Math.ceil(c.f.workers.length / 4));
  let t = c.sc.W + (2 * DAY + r.range(13, 15) * HOUR) * ((c.sc.E - c.sc.W) / (7 * DAY));
  for (const h of [c.f.repurposed, ...pool]) {
    m.set(h, t);
    t += r.range(4, 9) * MIN;
  }
  return m;
}
