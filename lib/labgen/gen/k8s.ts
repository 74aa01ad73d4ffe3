// Kubernetes: control-plane reboots (Tuesday patching) with kube-scheduler / controller-manager
// lease elections and etcd raft elections — K8s control-plane events, deliberately NOT Mesos ones —
// etcd's periodic compaction, and kubelet restarts on a share of the workers (incl. the re-purposed box).
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { criKlog, etcd, kubelet, containerd } from "../formats/k8s";
import { systemd } from "../formats/syslog";
import { DAY, HOUR, MIN, SEC } from "../time";
import type { Ctx } from "./ctx";

export const KUBELET = { unit: "kubelet.service", desc: "kubelet: The Kubernetes Node Agent" };

/** kubelet PID per host: constant except after a restart (k8s hosts keep long-lived daemons) */
export function kubeletPid(c: Ctx, h: Host, t: number): number {
  const restart = c.kubeletRestarts?.get(h);
  return restart !== undefined && t >= restart ? h.pidAt(restart, c.sc.W) : 900 + (h.pidBase % 700);
}
export function containerdPid(h: Host): number {
  return 700 + (h.pidBase % 150);
}

export function kubeletStart(c: Ctx, r: Rng, h: Host, t: number): void {
  const pid = kubeletPid(c, h, t + SEC);
  systemd(c.s, h, t - 30 * SEC, "containerd.service", "containerd container runtime", "Started");
  containerd(c.s, h, t - 29 * SEC, containerdPid(h), "INFO", `containerd successfully booted in ${(r.float() * 0.1 + 0.02).toFixed(6)}s`);
  systemd(c.s, h, t, KUBELET.unit, KUBELET.desc, "Started");
  let u = t + r.int(200_000, 600_000);
  kubelet(c.s, h, u, pid, "INFO", "server.go", 530, `"Kubelet version" kubeletVersion="${c.v.k8s}"`);
  kubelet(c.s, h, (u += 30), pid, "INFO", "server.go", 532, `"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""`);
  kubelet(c.s, h, (u += r.int(2, 4) * SEC), pid, "INFO", "kubelet.go", 2471, `"Starting kubelet main sync loop"`);
  kubelet(c.s, h, (u += r.int(300_000, 900_000)), pid, "INFO", "kubelet_node_status.go", 75, `"Attempting to register node" node="${h.fqdn}"`);
  kubelet(c.s, h, (u += r.int(50_000, 200_000)), pid, "INFO", "kubelet_node_status.go", 124, `"Node was previously registered" node="${h.fqdn}"`);
  kubelet(c.s, h, (u += 2000), pid, "INFO", "kubelet_node_status.go", 78, `"Successfully registered node" node="${h.fqdn}"`);
}

export function emitK8sFixed(c: Ctx, r: Rng): void {
  const { s, sc, f, v } = c;
  const ids = f.cps.map(() => r.hex(16));
  let term = r.int(4, 12);
  let etcdLeader = r.int(0, 2);
  const lease: Record<string, number> = { "kube-scheduler": r.int(0, 2), "kube-controller-manager": r.int(0, 2) };
  const cv = v.etcd.split(".").slice(0, 2).join(".");
  const leases: Record<string, { from: number; idx: number }[]> = {};
  for (const [k, idx] of Object.entries(lease)) leases[k] = [{ from: -Infinity, idx }];
  c.leases = leases;

  // Tuesday rolling reboot of the control plane
  let t = sc.W + (DAY + r.range(2, 4) * HOUR) * ((sc.E - sc.W) / (7 * DAY));
  f.cps.forEach((h, i) => {
    systemd(s, h, t, KUBELET.unit, KUBELET.desc, "Stopping");
    systemd(s, h, t + 400_000, KUBELET.unit, KUBELET.desc, "Stopped");
    const up = t + r.range(70, 110) * SEC;
    if (etcdLeader === i) {
      term++;
      const w = (i + 1 + r.int(0, 1)) % 3;
      f.cps.forEach((o, j) => {
        if (j === i) return;
        const te = t + r.int(1_200_000, 1_800_000);
        if (j === w) {
          etcd(s, o, te, "INFO", "etcdserver/zap_raft.go:77", `${ids[j]} is starting a new election at term ${term - 1}`, "", "raft");
          etcd(s, o, te + 300, "INFO", "etcdserver/zap_raft.go:77", `${ids[j]} became candidate at term ${term}`, "", "raft");
          etcd(s, o, te + 9000, "INFO", "etcdserver/zap_raft.go:77", `${ids[j]} became leader at term ${term}`, "", "raft");
        }
        etcd(s, o, te + 9500, "INFO", "etcdserver/zap_raft.go:77", `raft.node: ${ids[j]} elected leader ${ids[w]} at term ${term}`, "", "raft");
      });
      etcdLeader = w;
    }
    for (const comp of Object.keys(lease)) {
      if (lease[comp] !== i) continue;
      const w = (i + 1 + r.int(0, 1)) % 3;
      const ta = t + r.int(15, 25) * SEC;
      criKlog(s, f.cps[w], ta, comp, "INFO", "leaderelection.go", 271, `successfully acquired lease kube-system/${comp}`);
      lease[comp] = w;
      leases[comp].push({ from: ta, idx: w });
    }
    kubeletStart(c, r, h, up);
    let u = up + r.int(3, 8) * SEC;
    etcd(s, h, u, "INFO", "etcdserver/server.go:875", "starting etcd server", `"local-member-id":"${ids[i]}","local-server-version":"${v.etcd}","cluster-version":"to_be_decided"`);
    etcd(s, h, (u += 900_000), "INFO", "etcdserver/zap_raft.go:77", `${ids[i]} became follower at term ${term}`, "", "raft");
    etcd(s, h, (u += 2000), "INFO", "etcdserver/zap_raft.go:77", `raft.node: ${ids[i]} elected leader ${ids[etcdLeader]} at term ${term}`, "", "raft");
    etcd(s, h, (u += 40_000), "INFO", "etcdserver/server.go:2119", "published local member to cluster through raft", `"local-member-id":"${ids[i]}","cluster-version":"${cv}"`);
    etcd(s, h, (u += 3000), "INFO", "embed/serve.go:103", "ready to serve client requests");
    criKlog(s, h, (u += r.int(2, 6) * SEC), "kube-apiserver", "INFO", "server.go", 150, `Version: ${v.k8s}`);
    criKlog(s, h, (u += 40), "kube-apiserver", "INFO", "server.go", 152, `"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""`);
    criKlog(s, h, (u += r.int(3, 9) * SEC), "kube-apiserver", "INFO", "secure_serving.go", 213, "Serving securely on [::]:6443");
    criKlog(s, h, (u += r.int(1, 4) * SEC), "kube-scheduler", "INFO", "server.go", 167, `"Starting Kubernetes Scheduler" version="${v.k8s}"`);
    criKlog(s, h, (u += r.int(1, 3) * SEC), "kube-scheduler", "INFO", "leaderelection.go", 257, "attempting to acquire leader lease kube-system/kube-scheduler...");
    criKlog(s, h, (u += r.int(1, 4) * SEC), "kube-controller-manager", "INFO", "controllermanager.go", 189, `Version: ${v.k8s}`);
    criKlog(s, h, (u += r.int(1, 3) * SEC), "kube-controller-manager", "INFO", "leaderelection.go", 257, "attempting to acquire leader lease kube-system/kube-controller-manager...");
    t += r.range(18, 30) * MIN;
  });

  // etcd: the apiserver asks for a compaction every 5 minutes; every member logs it
  let rev = r.int(2_000_000, 9_000_000);
  for (let tc = sc.W + r.int(0, 299) * SEC; tc < sc.E; tc += 5 * MIN) {
    rev += r.int(900, 4000);
    f.cps.forEach((h) => {
      const u = tc + r.int(1000, 90_000);
      const mb = r.int(40, 90);
      etcd(s, h, u, "INFO", "mvcc/index.go:214", "compact tree index", `"revision":${rev}`);
      etcd(s, h, u + r.int(3000, 30_000), "INFO", "mvcc/kvstore_compaction.go:72", "finished scheduled compaction",
        `"compact-revision":${rev},"took":"${(r.float() * 20 + 2).toFixed(6)}ms","hash":${r.next()},"current-db-size-bytes":${mb * 1048576},"current-db-size":"${mb} MB"`);
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
