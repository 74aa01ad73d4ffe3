// Kubernetes (klog), etcd (zap JSON) and containerd (logrus). Per-version keys as versions.ts spells
// them: Kubernetes "v1.33.5" / "v1.34.2" / "v1.35.0", etcd "3.5.21" / "3.6.5", containerd "1.7.27" /
// "2.0.5" / "2.1.4".
// Read at the tags: etcd-io/etcd v3.5.21 and v3.6.5 (+ etcd-io/raft v3.6.0, the raft module 3.6.5 pins),
// containerd v1.7.27 / v2.0.5 / v2.1.4, and the staging repositories kubernetes/client-go and
// kubernetes/apiserver v0.33.5 / v0.34.2 / v0.35.0 that ship inside the matching Kubernetes releases.
// kubernetes/kubernetes itself (kubelet, kube-apiserver/-scheduler/-controller-manager main packages)
// could not be read at its tags from this workplace (see K8S_UNREAD); those lines are "composed": their
// wording is the one captured real logs of these releases show, and the file:line they print is the one
// seen in those logs where one was found.
import type { ComposedTemplate, ExactTemplate, PerVersion } from "./types";

type T = ExactTemplate | ComposedTemplate;
const ETCD_TAGS = ["v3.5.21", "v3.6.5"];
const etcdV = <X>(a: X, b: X): PerVersion<X> => ({ "3.5.21": a, "3.6.5": b });
const k8sV = <X>(a: X, b: X, c: X): PerVersion<X> => ({ "v1.33.5": a, "v1.34.2": b, "v1.35.0": c });
const ctrdV = <X>(a: X, b: X): PerVersion<X> => ({ "1.7.27": a, "2.0.5": b, "2.1.4": b });
const STAGING_TAGS = ["v0.33.5", "v0.34.2", "v0.35.0"];
const CRI = ctrdV("pkg/cri/instrument/instrumented_service.go", "internal/cri/instrument/instrumented_service.go");

/** a containerd CRI line: logrus prints no source location, so the source line is evidence only */
const cri = (text: string, a: number, b: number, path: string | PerVersion<string> = CRI): T => ({
  kind: "exact",
  level: "INFO",
  text,
  evidence: { repo: "containerd/containerd", tags: ["v1.7.27", "v2.0.5", "v2.1.4"], path, line: ctrdV(a, b) },
});

/** raft's lines through etcd's zap logger: 3.5 wraps without a caller skip (caller = the wrapper),
 *  3.6 adds AddCallerSkip(1), so the caller is the go.etcd.io/raft/v3@v3.6.0 module's own file */
const raft = (text: string, file35: string, line35: number, file36: string, line36: number): T => ({
  kind: "exact",
  level: "INFO",
  text,
  file: etcdV("etcdserver/zap_raft.go", `v3@v3.6.0/${file36}`),
  line: etcdV(77, line36),
  evidence: {
    repo: "etcd-io/etcd",
    tags: ETCD_TAGS,
    path: etcdV(`raft/${file35}`, `go.etcd.io/raft/v3@v3.6.0/${file36} (etcd-io/raft v3.6.0)`),
    line: etcdV(line35, line36),
  },
  note: "3.6's short caller form follows from zap's TrimmedPath (last two path elements); no captured 3.6 log was found to confirm it",
});

const K8S_UNREAD =
  "kubernetes/kubernetes could not be read at v1.33.5/v1.34.2/v1.35.0 here (1.9 GB, over the fetch limit; the stored file index keeps versions by change commit, not by tag): wording from captured real logs of these releases";
const k8s = (text: string, file: string, line: number | PerVersion<number>, seen: string, level: "INFO" | "ERROR" = "INFO"): T => ({
  kind: "composed",
  project: "kubernetes",
  level,
  text,
  file,
  line,
  reason: `${K8S_UNREAD}; ${seen}`,
});

export const K8S_TEMPLATES = {
  // ─── etcd (zap JSON): caller = ShortCallerEncoder of the lg.Info( call; fields in the order written
  "etcd.starting": {
    kind: "exact",
    level: "INFO",
    text: "starting etcd server",
    file: "etcdserver/server.go",
    line: etcdV(866, 589),
    extra: '"local-member-id":"{{member}}","local-server-version":"{{version}}","cluster-id":"{{cluster}}","cluster-version":"{{clusterVersion}}"',
    evidence: { repo: "etcd-io/etcd", tags: ETCD_TAGS, path: "server/etcdserver/server.go" },
    note: "the branch for a member whose backend already knows the cluster version (a reboot with data)",
  },
  "etcd.published": {
    kind: "exact",
    level: "INFO",
    text: "published local member to cluster through raft",
    file: "etcdserver/server.go",
    line: etcdV(2144, 1820),
    extra: etcdV(
      '"local-member-id":"{{member}}","local-member-attributes":"{Name:{{name}} ClientURLs:[{{url}}]}","request-path":"/0/members/{{member}}/attributes","cluster-id":"{{cluster}}","publish-timeout":"7s"',
      '"local-member-id":"{{member}}","local-member-attributes":"{Name:{{name}} ClientURLs:[{{url}}]}","cluster-id":"{{cluster}}","publish-timeout":"7s"',
    ),
    evidence: { repo: "etcd-io/etcd", tags: ETCD_TAGS, path: "server/etcdserver/server.go" },
    note: "3.5.21's Start() runs the v2 publish(); 3.6.5 runs publishV3 (no request-path). publish-timeout = 5 s + 2 x the 1 s election timeout",
  },
  "etcd.ready": {
    kind: "exact",
    level: "INFO",
    text: "ready to serve client requests",
    file: "embed/serve.go",
    line: etcdV(124, 138),
    evidence: { repo: "etcd-io/etcd", tags: ETCD_TAGS, path: "server/embed/serve.go" },
    note: "once per client listener (kubeadm: 127.0.0.1 and the node address)",
  },
  "etcd.compactIndex": {
    kind: "exact",
    level: "INFO",
    text: "compact tree index",
    file: "mvcc/index.go",
    line: etcdV(214, 194),
    extra: '"revision":{{rev}}',
    evidence: { repo: "etcd-io/etcd", tags: ETCD_TAGS, path: etcdV("server/mvcc/index.go", "server/storage/mvcc/index.go") },
  },
  "etcd.compacted": {
    kind: "exact",
    level: "INFO",
    text: "finished scheduled compaction",
    file: "mvcc/kvstore_compaction.go",
    line: etcdV(71, 70),
    extra:
      '"compact-revision":{{rev}},"took":"{{took}}","hash":{{hash}},"current-db-size-bytes":{{bytes}},"current-db-size":"{{size}}","current-db-size-in-use-bytes":{{inUseBytes}},"current-db-size-in-use":"{{inUse}}"',
    evidence: { repo: "etcd-io/etcd", tags: ETCD_TAGS, path: etcdV("server/mvcc/kvstore_compaction.go", "server/storage/mvcc/kvstore_compaction.go") },
    note: "took is Go's Duration.String(); sizes are go-humanize's SI Bytes (41943040 -> \"42 MB\")",
  },
  "etcd.slowApply": {
    kind: "exact",
    level: "WARN",
    text: "apply request took too long",
    file: etcdV("etcdserver/util.go", "txn/util.go"),
    line: etcdV(170, 93),
    extra: '"took":"{{took}}","expected-duration":"100ms","prefix":"read-only range ","request":"{{request}}","response":"{{response}}"',
    evidence: { repo: "etcd-io/etcd", tags: ETCD_TAGS, path: etcdV("server/etcdserver/util.go", "server/etcdserver/txn/util.go") },
  },
  "raft.startingElection": raft("{{id}} is starting a new election at term {{term}}", "raft.go", 773, "raft.go", 988),
  "raft.preCandidate": raft("{{id}} became pre-candidate at term {{term}}", "raft.go", 715, "raft.go", 930),
  "raft.candidate": raft("{{id}} became candidate at term {{term}}", "raft.go", 699, "raft.go", 912),
  "raft.leader": raft("{{id}} became leader at term {{term}}", "raft.go", 751, "raft.go", 970),
  "raft.follower": raft("{{id}} became follower at term {{term}}", "raft.go", 686, "raft.go", 897),
  "raft.electedLeader": raft("raft.node: {{id}} elected leader {{leader}} at term {{term}}", "node.go", 329, "node.go", 370),

  // ─── containerd (logrus in journald)
  "containerd.booted": cri("containerd successfully booted in {{secs}}s", 285, 297, "cmd/containerd/command/main.go"),
  "containerd.runSandbox": cri("RunPodSandbox for {{meta}}", 122, 70),
  "containerd.sandboxReturned": cri('RunPodSandbox for {{meta}} returns sandbox id "{{id}}"', 127, 75),
  "containerd.createContainer": cri('CreateContainer within sandbox "{{sandbox}}" for container {{meta}}', 440, 172),
  "containerd.containerCreated": cri('CreateContainer within sandbox "{{sandbox}}" for {{meta}} returns container id "{{id}}"', 447, 179),
  "containerd.startContainer": cri('StartContainer for "{{id}}"', 500, 193),
  "containerd.started": cri('StartContainer for "{{id}}" returns successfully', 505, 198),
  "containerd.stopping": cri('StopContainer for "{{id}}" with timeout {{timeout}} (s)', 661, 244),
  "containerd.stopped": cri('StopContainer for "{{id}}" returns successfully', 666, 249),
  "containerd.stopSandbox": cri('StopPodSandbox for "{{id}}"', 281, 120),
  "containerd.teardown": cri(
    'TearDown network for sandbox "{{id}}" successfully',
    121,
    132,
    ctrdV("pkg/cri/server/sandbox_stop.go", "internal/cri/server/sandbox_stop.go"),
  ),
  "containerd.sandboxStopped": cri('StopPodSandbox for "{{id}}" returns successfully', 286, 125),

  // ─── Kubernetes staging repositories, read at the tags
  "leaderelection.attempting": {
    kind: "exact",
    level: "INFO",
    text: k8sV(
      "attempting to acquire leader lease {{lease}}...",
      "attempting to acquire leader lease {{lease}}...",
      '"Attempting to acquire leader lease..." lock="{{lease}}"',
    ),
    file: "leaderelection.go",
    line: k8sV(257, 257, 258),
    evidence: { repo: "kubernetes/client-go", tags: STAGING_TAGS, path: "tools/leaderelection/leaderelection.go" },
    note: "1.35 moved to contextual structured logging",
  },
  "leaderelection.acquired": {
    kind: "exact",
    level: "INFO",
    text: k8sV("successfully acquired lease {{lease}}", "successfully acquired lease {{lease}}", '"Successfully acquired lease" lock="{{lease}}"'),
    file: "leaderelection.go",
    line: k8sV(271, 271, 272),
    evidence: { repo: "kubernetes/client-go", tags: STAGING_TAGS, path: "tools/leaderelection/leaderelection.go" },
  },
  "controllerManager.event": {
    kind: "exact",
    level: "INFO",
    file: "event.go",
    line: 389,
    evidence: { repo: "kubernetes/client-go", tags: STAGING_TAGS, path: "tools/record/event.go" },
    text: '"Event occurred" object="{{object}}" fieldPath="" kind="{{kind}}" apiVersion="{{apiVersion}}" type="{{type}}" reason="{{reason}}" message="{{message}}"',
  },
  "apiserver.serving": {
    kind: "exact",
    level: "INFO",
    text: "Serving securely on {{addr}}",
    file: "secure_serving.go",
    line: 211,
    evidence: { repo: "kubernetes/apiserver", tags: STAGING_TAGS, path: "pkg/server/secure_serving.go" },
  },
  "apiserver.unauthenticated": {
    kind: "exact",
    level: "ERROR",
    text: '"Unable to authenticate the request" err="{{err}}"',
    file: "authentication.go",
    line: 75,
    evidence: { repo: "kubernetes/apiserver", tags: STAGING_TAGS, path: "pkg/endpoints/filters/authentication.go" },
  },
  "apiserver.quotaEvaluator": {
    kind: "exact",
    level: "INFO",
    text: "quota admission added evaluator for: {{resource}}",
    file: "controller.go",
    line: 667,
    evidence: { repo: "kubernetes/apiserver", tags: STAGING_TAGS, path: "pkg/admission/plugin/resourcequota/controller.go" },
  },

  // ─── kubernetes/kubernetes main packages: composed (see K8S_UNREAD)
  "apiserver.version": k8s(
    "Version: {{version}}",
    "server.go",
    k8sV(147, 150, 150),
    "server.go:147 in logs of v1.33.2/v1.33.3, :150 in v1.34.0/.1/.5 and v1.35.0/.1",
  ),
  "apiserver.golang": k8s(
    '"Golang settings" GOGC="{{gogc}}" GOMAXPROCS="{{maxprocs}}" GOTRACEBACK="{{traceback}}"',
    "server.go",
    k8sV(149, 152, 152),
    "two lines after Version in the same logs",
  ),
  "scheduler.starting": k8s(
    '"Starting Kubernetes Scheduler" version="{{version}}"',
    "server.go",
    k8sV(171, 175, 175),
    "server.go:171 in a v1.33.1 log, :175 in v1.34.0; no v1.35 log found (1.34's number printed)",
  ),
  "controllerManager.starting": k8s(
    '"Starting" version="{{version}}"',
    "controllermanager.go",
    189,
    "controllermanager.go:189 in logs of v1.28, v1.30 and v1.35.3; no v1.33/v1.34 log found",
  ),
  "kubelet.version": k8s(
    '"Kubelet version" kubeletVersion="{{version}}"',
    "server.go",
    k8sV(529, 529, 525),
    "server.go:529 in a v1.34.3 journal, :525 in v1.35.0; no v1.33 log found (1.34's number printed)",
  ),
  "kubelet.golang": k8s(
    '"Golang settings" GOGC="{{gogc}}" GOMAXPROCS="{{maxprocs}}" GOTRACEBACK="{{traceback}}"',
    "server.go",
    k8sV(531, 531, 527),
    "two lines after Kubelet version in the same journals",
  ),
  "kubelet.syncLoop": k8s(
    '"Starting kubelet main sync loop"',
    "kubelet.go",
    2382,
    "captured logs of recent releases print kubelet.go:2303-2382; the exact number per release was not found",
  ),
  "kubelet.attemptRegister": k8s(
    '"Attempting to register node" node="{{node}}"',
    "kubelet_node_status.go",
    75,
    "line not found in a captured log of these releases",
  ),
  "kubelet.previouslyRegistered": k8s(
    '"Node was previously registered" node="{{node}}"',
    "kubelet_node_status.go",
    124,
    "line not found in a captured log of these releases",
  ),
  "kubelet.registered": k8s(
    '"Successfully registered node" node="{{node}}"',
    "kubelet_node_status.go",
    78,
    "line not found in a captured log of these releases",
  ),
  "kubelet.syncLoopAdd": k8s('"SyncLoop ADD" source="{{source}}" pods=[{{pods}}]', "kubelet.go", 2491, "line not found in a captured log of these releases"),
  "kubelet.syncLoopDelete": k8s(
    '"SyncLoop DELETE" source="{{source}}" pods=[{{pods}}]',
    "kubelet.go",
    2507,
    "line not found in a captured log of these releases",
  ),
  "kubelet.syncLoopRemove": k8s(
    '"SyncLoop REMOVE" source="{{source}}" pods=[{{pods}}]',
    "kubelet.go",
    2501,
    "line not found in a captured log of these releases",
  ),
  "kubelet.pleg": k8s(
    '"SyncLoop (PLEG): event for pod" pod="{{pod}}" event={{event}}',
    "kubelet.go",
    2523,
    "line not found in a captured log of these releases",
  ),
  "kubelet.startupDuration": k8s(
    '"Observed pod startup duration" pod="{{pod}}" podStartSLOduration={{slo}} podStartE2EDuration="{{e2e}}"',
    "pod_startup_latency_tracker.go",
    104,
    "recent releases may add image-pull timing fields after podStartE2EDuration; not confirmed per release",
  ),
  "kubelet.killing": k8s(
    '"Killing container with a grace period" pod="{{pod}}" podUID="{{uid}}" containerName="{{container}}" containerID="{{cid}}" gracePeriod={{grace}}',
    "kuberuntime_container.go",
    809,
    "line not found in a captured log of these releases",
  ),
  "kubelet.probeFailed": k8s(
    '"Probe failed" probeType="{{type}}" pod="{{pod}}" podUID="{{uid}}" containerName="{{container}}" probeResult="{{result}}" output="{{output}}"',
    "prober.go",
    107,
    "line not found in a captured log of these releases",
  ),
  "kubelet.verifyVolume": k8s(
    '"operationExecutor.VerifyControllerAttachedVolume started for volume \\"{{volume}}\\" (UniqueName: \\"{{unique}}\\") pod \\"{{podName}}\\" (UID: \\"{{uid}}\\") " pod="{{pod}}"',
    "reconciler_common.go",
    245,
    "the message carries GenerateMsgDetailed's (UniqueName: ...) pod ... (UID: ...) detail as captured logs show; line not found",
  ),
  "kubelet.errorSyncing": k8s(
    '"Error syncing pod, skipping" err="{{err}}" pod="{{pod}}" podUID="{{uid}}"',
    "pod_workers.go",
    1301,
    "captured logs carry podUID after pod; line not found",
    "ERROR",
  ),
  "kubelet.imageGc": k8s(
    '"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage={{usage}} highThreshold={{high}} amountToFree={{amount}} lowThreshold={{low}}',
    "image_gc_manager.go",
    391,
    "line not found in a captured log of these releases",
  ),
  "scheduler.bound": k8s(
    '"Successfully bound pod to node" pod="{{pod}}" node="{{node}}" evaluatedNodes={{evaluated}} feasibleNodes={{feasible}}',
    "schedule_one.go",
    314,
    "schedule_one.go:314 in a 2026 kind log of an unnamed release",
  ),
  "apiserver.allocatedIps": k8s(
    '"allocated clusterIPs" service="{{service}}" clusterIPs={{ips}}',
    "alloc.go",
    330,
    "line not found in a captured log of these releases",
  ),
} satisfies Record<string, T>;
