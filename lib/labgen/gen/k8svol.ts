// Volume on the Kubernetes side: pod lifecycles (scheduler -> kubelet -> containerd), kubelet and
// apiserver chatter, slow etcd requests. klog/containerd messages follow current upstream wording;
// file:line values are illustrative (they move every release).
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { criKlog, etcd, kubelet, containerd } from "../formats/k8s";
import { SEC, HOUR } from "../time";
import type { Ctx } from "./ctx";
import { containerdPid, kubeletPid } from "./k8s";

const NS = ["default", "shop", "payments", "data", "platform", "monitoring"];
const APPS = ["web", "api", "worker", "checkout", "search", "ingest", "auth", "notifications", "reports", "cart"];
const KINDS = [0, 1, 2, 3];
const KUBELET_W = [5, 2, 2, 1];
const API_W = [3, 2, 1, 3];
const ALNUM = "bcdfghjklmnpqrstvwxz2456789";

function suffix(r: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM[r.int(0, ALNUM.length - 1)];
  return s;
}
const nodeCache = new WeakMap<Ctx, Host[]>();
/** every kubelet node: the workers plus the re-purposed box */
function nodes(c: Ctx): Host[] {
  let n = nodeCache.get(c);
  if (!n) nodeCache.set(c, (n = [...c.f.workers, c.f.repurposed]));
  return n;
}
function leaseHolder(c: Ctx, comp: string, t: number): Host {
  let idx = 0;
  for (const l of c.leases?.[comp] ?? []) if (t >= l.from) idx = l.idx;
  return c.f.cps[idx];
}

export function podLifecycle(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(nodes(c));
  const ns = r.pick(NS);
  const app = r.pick(APPS);
  const rs = `${app}-${suffix(r, 10)}`;
  const pod = `${ns}/${rs}-${suffix(r, 5)}`;
  const name = pod.split("/")[1];
  const uid = r.uuid();
  const kp = kubeletPid(c, h, t);
  const cp = containerdPid(h);
  const sb = r.hex(64);
  const ctr = r.hex(64);
  const K = c.v.k8s;
  const C = c.v.containerd;
  const meta = `&PodSandboxMetadata{Name:${name},Uid:${uid},Namespace:${ns},Attempt:0,}`;
  if (r.chance(0.2))
    criKlog(c.s, leaseHolder(c, "kube-controller-manager", t), t - 400_000, "kube-controller-manager", K, "controllerManager.event", {
      object: `${ns}/${app}`,
      kind: "Deployment",
      apiVersion: "apps/v1",
      type: "Normal",
      reason: "ScalingReplicaSet",
      message: `Scaled up replica set ${rs} from ${r.int(1, 4)} to ${r.int(5, 8)}`,
    });
  criKlog(c.s, leaseHolder(c, "kube-scheduler", t), t, "kube-scheduler", K, "scheduler.bound", {
    pod,
    node: h.fqdn,
    evaluated: c.f.workers.length + 1,
    feasible: c.f.workers.length + 1 - r.int(0, 4),
  });
  let u = t + r.int(20_000, 300_000);
  kubelet(c.s, h, u, kp, K, "kubelet.syncLoopAdd", { source: "api", pods: `"${pod}"` });
  containerd(c.s, h, (u += r.int(50_000, 400_000)), cp, C, "containerd.runSandbox", { meta });
  containerd(c.s, h, (u += r.int(200_000, 900_000)), cp, C, "containerd.sandboxReturned", { meta, id: sb });
  const cmeta = `&ContainerMetadata{Name:${app},Attempt:0,}`;
  containerd(c.s, h, (u += r.int(1, 30) * SEC), cp, C, "containerd.createContainer", { sandbox: sb, meta: cmeta });
  containerd(c.s, h, (u += r.int(30_000, 300_000)), cp, C, "containerd.containerCreated", { sandbox: sb, meta: cmeta, id: ctr });
  containerd(c.s, h, (u += r.int(1_000, 20_000)), cp, C, "containerd.startContainer", { id: ctr });
  containerd(c.s, h, (u += r.int(50_000, 400_000)), cp, C, "containerd.started", { id: ctr });
  kubelet(c.s, h, (u += r.int(100_000, 900_000)), kp, K, "kubelet.pleg", { pod, event: `{"ID":"${uid}","Type":"ContainerStarted","Data":"${ctr}"}` });
  const start = ((u - t) / SEC).toFixed(3);
  kubelet(c.s, h, (u += 2000), kp, K, "kubelet.startupDuration", { pod, slo: start, e2e: `${start}s` });

  const end = u + r.exp(14 * HOUR);
  const kp2 = kubeletPid(c, h, end);
  kubelet(c.s, h, end, kp2, K, "kubelet.syncLoopDelete", { source: "api", pods: `"${pod}"` });
  kubelet(c.s, h, end + 900, kp2, K, "kubelet.killing", { pod, uid, container: app, cid: `containerd://${ctr}`, grace: 30 });
  containerd(c.s, h, end + 2000, cp, C, "containerd.stopping", { id: ctr, timeout: 30 });
  containerd(c.s, h, end + r.int(1, 25) * SEC, cp, C, "containerd.stopped", { id: ctr });
  containerd(c.s, h, end + 26 * SEC, cp, C, "containerd.stopSandbox", { id: sb });
  containerd(c.s, h, end + 26 * SEC + r.int(20_000, 200_000), cp, C, "containerd.teardown", { id: sb });
  containerd(c.s, h, end + 26.5 * SEC, cp, C, "containerd.sandboxStopped", { id: sb });
  kubelet(c.s, h, end + 31 * SEC, kp2, K, "kubelet.syncLoopRemove", { source: "api", pods: `"${pod}"` });
}

export function kubeletNoise(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(nodes(c));
  const pod = `${r.pick(NS)}/${r.pick(APPS)}-${suffix(r, 10)}-${suffix(r, 5)}`;
  const kp = kubeletPid(c, h, t);
  const ip = `10.244.${r.int(0, 40)}.${r.int(2, 250)}`;
  const k = r.weighted(KINDS, KUBELET_W);
  const K = c.v.k8s;
  if (k === 0)
    kubelet(c.s, h, t, kp, K, "kubelet.probeFailed", {
      type: "Readiness",
      pod,
      uid: r.uuid(),
      container: "app",
      result: "failure",
      output: `Get \\"http://${ip}:8080/healthz\\": dial tcp ${ip}:8080: connect: connection refused`,
    });
  else if (k === 1) {
    const vol = `kube-api-access-${suffix(r, 5)}`;
    const uid = r.uuid();
    kubelet(c.s, h, t, kp, K, "kubelet.verifyVolume", { volume: vol, unique: `kubernetes.io/projected/${uid}-${vol}`, podName: pod.split("/")[1], uid, pod });
  } else if (k === 2)
    kubelet(c.s, h, t, kp, K, "kubelet.errorSyncing", {
      err: 'failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app\\"',
      pod,
      uid: r.uuid(),
    });
  else kubelet(c.s, h, t, kp, K, "kubelet.imageGc", { usage: 86, high: 85, amount: `${r.int(1, 9)}${r.int(100000000, 999999999)}`, low: 80 });
}

export function apiNoise(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(c.f.cps);
  const k = r.weighted(KINDS, API_W);
  const K = c.v.k8s;
  if (k === 0) criKlog(c.s, h, t, "kube-apiserver", K, "apiserver.unauthenticated", { err: "[invalid bearer token, service account token has expired]" });
  else if (k === 1)
    criKlog(c.s, h, t, "kube-apiserver", K, "apiserver.allocatedIps", {
      service: `${r.pick(NS)}/${r.pick(APPS)}`,
      ips: `{"IPv4":"10.96.${r.int(0, 255)}.${r.int(1, 254)}"}`,
    });
  else if (k === 2)
    criKlog(c.s, h, t, "kube-apiserver", K, "apiserver.quotaEvaluator", {
      resource: r.pick(["deployments.apps", "replicasets.apps", "leases.coordination.k8s.io", "endpointslices.discovery.k8s.io"]),
    });
  else
    etcd(c.s, h, t, c.v.etcd, "etcd.slowApply", {
      took: `${(100 + r.float() * 400).toFixed(6)}ms`,
      request: `key:\\"/registry/pods/${r.pick(NS)}/\\" range_end:\\"/registry/pods/${r.pick(NS)}0\\" `,
      response: `range_response_count:${r.int(1, 60)} size:${r.int(3000, 90000)}`,
    });
}
