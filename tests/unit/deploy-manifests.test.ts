// The container and the Kubernetes manifests, checked offline (no cluster runs here): every object
// under deploy/ against the Kubernetes schemas (kubernetes-models), then what a deployment relies on
// beyond the schema: probes, resources and a non-root, read-only container for every workload; a
// disruption budget for each; an autoscaler for the app; Services, the Ingress and secret
// references that point at something that exists; the engine reachable from the app alone.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as policy from "kubernetes-models/policy/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";

type Obj = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: Record<string, unknown> } & Record<
  string,
  unknown
>;
type Container = {
  name: string;
  image: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: object;
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
};
type PodSpec = { securityContext?: { runAsNonRoot?: boolean }; containers: Container[] };

const DEPLOY = path.join(process.cwd(), "deploy");
const yamlFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : e.name.endsWith(".yaml") ? [path.join(dir, e.name)] : []));
const manifests = yamlFiles(DEPLOY).filter((f) => path.basename(f) !== "kustomization.yaml");
const objects: (Obj & { file: string })[] = manifests.flatMap((file) =>
  parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => {
    expect(d.errors, file).toEqual([]);
    return { ...(d.toJS() as Obj), file: path.relative(process.cwd(), file) };
  }),
);
const of = (kind: string) => objects.filter((o) => o.kind === kind);
const workloads = objects.filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind));
const podOf = (o: Obj) => (o.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } }).template;
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

type Model = new (data: unknown) => { validate(): void };
/** the kubernetes-models class of each apiVersion and kind the manifests use (an unknown one fails) */
const MODELS: Record<string, Record<string, Model>> = {
  v1: core as unknown as Record<string, Model>,
  "apps/v1": apps as unknown as Record<string, Model>,
  "batch/v1": batch as unknown as Record<string, Model>,
  "autoscaling/v2": autoscaling as unknown as Record<string, Model>,
  "policy/v1": policy as unknown as Record<string, Model>,
  "networking.k8s.io/v1": networking as unknown as Record<string, Model>,
};
function modelOf(o: Obj): Model {
  const model = MODELS[o.apiVersion]?.[o.kind];
  if (!model) throw new Error(`${o.apiVersion} ${o.kind}: no schema here`);
  return model;
}

describe("deploy/: the Kubernetes manifests", () => {
  it("the kustomization lists every manifest but the migration Job, and each exists", () => {
    const k = parseAllDocuments(fs.readFileSync(path.join(DEPLOY, "kustomization.yaml"), "utf8"))[0].toJS() as { resources: string[] };
    for (const r of k.resources) expect(fs.existsSync(path.join(DEPLOY, r)), r).toBe(true);
    expect(
      manifests
        .map((f) => path.relative(DEPLOY, f))
        .filter((f) => !f.startsWith("jobs/"))
        .sort(),
    ).toEqual([...k.resources].sort());
  });

  it.each(objects.map((o) => [`${o.file}: ${o.kind} ${o.metadata.name}`, o] as const))("%s is valid against the Kubernetes schema", (_, o) => {
    const { file: _file, ...data } = o;
    const Model = modelOf(data);
    expect(() => new Model(data).validate()).not.toThrow();
  });

  it("the schema check refuses what a cluster would (a control)", () => {
    const app = structuredClone(of("Deployment")[0]) as Obj & { file?: string };
    delete app.file;
    const Model = modelOf(app);
    for (const broken of [
      { ...app, spec: { ...app.spec, replicas: "two" } },
      { ...app, spec: { ...app.spec, selector: undefined } },
      { ...app, spec: { ...app.spec, template: { ...(app.spec as { template: object }).template, spec: { containers: [{ image: "watchfloor" }] } } } },
    ])
      expect(() => new Model(broken).validate()).toThrow();
  });

  it("has the objects a deployment needs", () => {
    expect(of("Deployment").map((o) => o.metadata.name)).toEqual(["watchfloor-app"]);
    expect(of("StatefulSet").map((o) => o.metadata.name)).toEqual(["watchfloor-engine"]);
    expect(of("Job").map((o) => o.metadata.name)).toEqual(["watchfloor-migrate"]);
    for (const kind of ["Service", "HorizontalPodAutoscaler", "Ingress", "Secret", "PodDisruptionBudget", "NetworkPolicy", "Namespace"])
      expect(of(kind).length, kind).toBeGreaterThan(0);
  });

  it("every container: a pinned image, CPU and memory requests and limits, non-root, read-only, no privilege escalation", () => {
    for (const w of workloads) {
      const pod = podOf(w).spec;
      expect(pod.securityContext?.runAsNonRoot, w.metadata.name).toBe(true);
      for (const c of pod.containers) {
        const where = `${w.metadata.name}/${c.name}`;
        expect(c.image, where).not.toMatch(/:latest$/);
        for (const r of ["cpu", "memory"]) {
          expect(c.resources?.requests?.[r], `${where} requests.${r}`).toBeTruthy();
          expect(c.resources?.limits?.[r], `${where} limits.${r}`).toBeTruthy();
        }
        expect(c.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
      }
    }
  });

  it("the long-running workloads have readiness and liveness probes, the app's readiness on /api/health", () => {
    for (const w of workloads.filter((o) => o.kind !== "Job"))
      for (const c of podOf(w).spec.containers) {
        expect(c.readinessProbe, `${w.metadata.name} readiness`).toBeTruthy();
        expect(c.livenessProbe, `${w.metadata.name} liveness`).toBeTruthy();
      }
    const app = podOf(of("Deployment")[0]).spec.containers[0];
    expect(app.readinessProbe?.httpGet?.path).toBe("/api/health");
    // a database outage makes the app unready, never restarts it
    expect(JSON.stringify(app.livenessProbe)).not.toContain("/api/health");
  });

  it("each workload has a disruption budget, the app and the engine an autoscaler on CPU", () => {
    for (const w of workloads.filter((o) => o.kind !== "Job")) {
      const labels = podOf(w).metadata.labels;
      const budgets = of("PodDisruptionBudget").filter((p) =>
        matches((p.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, labels),
      );
      expect(budgets, w.metadata.name).toHaveLength(1);
    }
    for (const w of workloads.filter((o) => o.kind !== "Job")) {
      const hpa = of("HorizontalPodAutoscaler").find((h) => {
        const target = (h.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef;
        return target.kind === w.kind && target.name === w.metadata.name;
      });
      expect(JSON.stringify(hpa?.spec), w.metadata.name).toContain('"name":"cpu"');
    }
  });

  it("Services select pods that exist, the Ingress names a Service port, secret references name keys the Secret has", () => {
    const pods = workloads.map((w) => podOf(w).metadata.labels);
    for (const s of of("Service")) {
      const selector = (s.spec as { selector: Record<string, string> }).selector;
      expect(
        pods.some((l) => matches(selector, l)),
        s.metadata.name,
      ).toBe(true);
    }
    const backend = JSON.stringify(of("Ingress")[0].spec);
    expect(backend).toContain('"name":"watchfloor-app"');
    const keys = new Set(Object.keys(of("Secret")[0].stringData as Record<string, string>));
    expect([...keys].sort()).toEqual(["DATABASE_URL", "LAB_ENGINE_TOKEN", "NEXTAUTH_SECRET"]);
    for (const w of workloads)
      for (const c of podOf(w).spec.containers)
        for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) expect(keys.has(e.valueFrom.secretKeyRef.key), `${w.metadata.name} ${e.name}`).toBe(true);
  });

  it("only the app reaches the lab engine, and the engine reaches nothing", () => {
    const engine = of("NetworkPolicy").find((p) =>
      JSON.stringify(p.spec).includes('"podSelector":{"matchLabels":{"app.kubernetes.io/name":"watchfloor-engine"}}'),
    );
    const spec = engine?.spec as { policyTypes: string[]; ingress: { from: { podSelector: { matchLabels: Record<string, string> } }[] }[]; egress: unknown[] };
    expect(spec.policyTypes.sort()).toEqual(["Egress", "Ingress"]);
    expect(spec.ingress.flatMap((r) => r.from.map((f) => f.podSelector.matchLabels))).toEqual([{ "app.kubernetes.io/name": "watchfloor-app" }]);
    expect(spec.egress).toEqual([]);
    // the app finds the engine's pods by the SRV record of its headless Service: the name of its
    // port, the Service and the namespace the kustomization puts it in
    const env = podOf(of("Deployment")[0]).spec.containers[0].env!;
    expect(env.some((e) => e.name === "LAB_ENGINE_URLS")).toBe(false);
    const srv = (env.find((e) => e.name === "LAB_ENGINE_SRV") as unknown as { value: string }).value;
    const service = of("Service").find((s) => (s.spec as { clusterIP?: string }).clusterIP === "None")!;
    const port = (service.spec as { ports: { name: string }[] }).ports[0].name;
    const namespace = (parse(fs.readFileSync(path.join(DEPLOY, "kustomization.yaml"), "utf8")) as { namespace: string }).namespace;
    expect(srv).toBe(`_${port}._tcp.${service.metadata.name}.${namespace}.svc.cluster.local`);
    expect((of("StatefulSet")[0].spec as { serviceName: string }).serviceName).toBe(service.metadata.name);
  });
});

describe("Dockerfile", () => {
  const text = fs.readFileSync(path.join(process.cwd(), "Dockerfile"), "utf8");
  const instructions = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((l) => l.trim() && !l.trim().startsWith("#"));
  it("builds in stages and runs as a non-root user with a health check", () => {
    expect(instructions.filter((l) => /^FROM /.test(l)).length).toBeGreaterThanOrEqual(2);
    expect(instructions.filter((l) => /^FROM .*:latest/.test(l))).toEqual([]);
    const user = instructions.filter((l) => /^USER /.test(l)).at(-1);
    expect(user).toMatch(/^USER [1-9]\d*/);
    expect(instructions.some((l) => /^HEALTHCHECK .*\/api\/health/.test(l))).toBe(true);
    expect(instructions.some((l) => /^CMD .*scripts\/start\.ts/.test(l))).toBe(true);
  });
});
