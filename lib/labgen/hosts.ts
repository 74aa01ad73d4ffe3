// The fleet: names, IPs, clocks. Naming scheme, domain, subnet and fleet size vary per seed while the
// set of roles (and therefore the difficulty) stays fixed.
import { Rng } from "./prng";
import { MIN, SEC, pad } from "./time";
import { offsetMinutes } from "./tz";

export type Role = "mesos-master" | "mesos-agent" | "zookeeper" | "k8s-cp" | "k8s-worker" | "lb" | "bastion" | "ops" | "misc";

export class Host {
  tz = "UTC";
  skewUs = 0;
  constructor(
    readonly name: string,
    readonly fqdn: string,
    readonly ip: string,
    readonly role: Role,
    /** Ubuntu 18.04-era box: systemd 237 wording, pid_max 32768 */
    readonly oldOs: boolean,
    readonly pidBase: number,
  ) {}

  /** the host's wall clock for a true instant: zone offset + skew */
  local(t: number): number {
    // rounded like Sink.add rounds the true instant, so raw clocks and ts agree to the microsecond
    t = Math.round(t);
    return this.tz === "UTC" ? t + this.skewUs : t + offsetMinutes(this.tz, t) * MIN + this.skewUs;
  }
  offsetMin(t: number): number {
    return this.tz === "UTC" ? 0 : offsetMinutes(this.tz, t);
  }
  /** PIDs grow with time (the kernel hands them out in order) and wrap at pid_max */
  pidAt(t: number, weekStart: number): number {
    const n = this.pidBase + Math.floor((t - weekStart) / (7 * SEC));
    const m = this.oldOs ? 32_400 : 4_000_000;
    return 300 + (((n % m) + m) % m);
  }
}

type Scheme = {
  master: (i: number) => string;
  agent: (i: number) => string;
  zk: (i: number) => string;
  cp: (i: number) => string;
  worker: (i: number) => string;
  lb: (i: number) => string;
  /** re-purposed box whose name still looks like a Mesos master */
  repurposed: string;
};
const SCHEMES: Scheme[] = [
  {
    master: (i) => `mesos-m${i}`,
    agent: (i) => `mesos-a${i}`,
    zk: (i) => `zk${i}`,
    cp: (i) => `k8s-cp${i}`,
    worker: (i) => `k8s-w${i}`,
    lb: (i) => `mlb${i}`,
    repurposed: "mesos-m5",
  },
  {
    master: (i) => `mesos-master-${pad(i, 2)}`,
    agent: (i) => `mesos-agent-${pad(i, 2)}`,
    zk: (i) => `zookeeper-0${i}`,
    cp: (i) => `kube-cp-0${i}`,
    worker: (i) => `kube-node-${pad(i, 2)}`,
    lb: (i) => `marathon-lb-0${i}`,
    repurposed: "mesos-master-old",
  },
  {
    master: (i) => `lm-master${i}`,
    agent: (i) => `lm-agent${i}`,
    zk: (i) => `lm-zk${i}`,
    cp: (i) => `k8s-master${i}`,
    worker: (i) => `k8s-node${i}`,
    lb: (i) => `lm-lb${i}`,
    repurposed: "lm-master0",
  },
  {
    master: (i) => `mm-${pad(i, 2)}`,
    agent: (i) => `ma-${pad(i, 2)}`,
    zk: (i) => `mzk-${pad(i, 2)}`,
    cp: (i) => `kcp-${pad(i, 2)}`,
    worker: (i) => `kw-${pad(i, 2)}`,
    lb: (i) => `mlb-${pad(i, 2)}`,
    repurposed: "mm-05",
  },
];
const DOMAINS = ["dc1.example.net", "dc2.example.net", "eu-west.example.com", "ams1.corp.example", "fra2.example.org", "us-east.example.net"];
const BASTIONS = ["bastion1", "jump01", "bastion-a"];
const OPS = ["ops1", "ansible01", "admin-01"];
const MISC = [
  ["db1", "db2", "mon1", "ci1"],
  ["pg-01", "pg-02", "prom-01", "jenkins-01"],
  ["sql1", "sql2", "metrics1", "build1"],
];
const US_ZONES = ["America/Chicago", "America/New_York", "America/Denver"];
const EU_ZONES = ["Europe/Berlin", "Europe/Paris", "Europe/Amsterdam"];

export interface Fleet {
  domain: string;
  hosts: Host[];
  /** index 0..2 = original masters (name order), 3 = the one installed mid-week */
  masters: Host[];
  agents: Host[];
  zks: Host[];
  cps: Host[];
  workers: Host[];
  repurposed: Host;
  lbs: Host[];
  bastion: Host;
  ops: Host;
  misc: Host[];
  /** A = leader before the window, B = elected Monday, D = decommissioned Wednesday, N = new on Wednesday */
  roles: { A: Host; B: Host; D: Host; N: Host };
  skewAgent: Host;
  tzZk: Host;
}

export function buildFleet(r: Rng): Fleet {
  const sc = r.pick(SCHEMES);
  const domain = r.pick(DOMAINS);
  const mesosNet = `10.${r.int(16, 63)}`;
  const k8sNet = `10.${r.int(64, 127)}`;
  const hosts: Host[] = [];
  const mk = (name: string, ip: string, role: Role, oldOs: boolean) => {
    const h = new Host(name, `${name}.${domain}`, ip, role, oldOs, r.int(1200, 24000));
    hosts.push(h);
    return h;
  };
  // Master numbers are drawn (gaps are normal in a fleet), so that two learners' answer sets
  // practically never coincide; 5 is left out, it names each scheme's re-purposed decoy.
  const masterNumbers = r
    .shuffle(Array.from({ length: 29 }, (_, i) => i + 1).filter((n) => n !== 5))
    .slice(0, 4)
    .sort((a, b) => a - b);
  const masters = [1, 2, 3, 4].map((i) => mk(sc.master(masterNumbers[i - 1]), `${mesosNet}.0.${10 + i}`, "mesos-master", true));
  const zks = [1, 2, 3].map((i) => mk(sc.zk(i), `${mesosNet}.0.${20 + i}`, "zookeeper", true));
  const nAgents = r.int(7, 11);
  const agents = Array.from({ length: nAgents }, (_, i) => mk(sc.agent(i + 1), `${mesosNet}.1.${21 + i}`, "mesos-agent", true));
  const lbs = [1, 2].map((i) => mk(sc.lb(i), `${mesosNet}.2.${10 + i}`, "lb", true));
  const cps = [1, 2, 3].map((i) => mk(sc.cp(i), `${k8sNet}.0.${10 + i}`, "k8s-cp", false));
  const nWorkers = r.int(24, 36);
  const workers = Array.from({ length: nWorkers }, (_, i) => mk(sc.worker(i + 1), `${k8sNet}.1.${11 + i}`, "k8s-worker", false));
  // the re-purposed box keeps its old Mesos-subnet address: name and IP both point the wrong way
  const repurposed = mk(sc.repurposed, `${mesosNet}.0.${15 + r.int(0, 3)}`, "k8s-worker", false);
  const bastion = mk(r.pick(BASTIONS), `10.10.5.${r.int(10, 30)}`, "bastion", false);
  const ops = mk(r.pick(OPS), `10.10.5.${r.int(40, 60)}`, "ops", true);
  const misc = r.pick(MISC).map((n, i) => mk(n, `10.10.6.${11 + i}`, "misc", r.chance(0.5)));

  const [A, B, D] = r.shuffle(masters.slice(0, 3));
  const N = masters[3];
  // B holds the leader-question window, so its clock is the one a learner must convert
  B.tz = r.pick(US_ZONES);
  const tzZk = r.pick(zks);
  tzZk.tz = r.pick(EU_ZONES);
  const skewAgent = r.pick(agents.slice(0, nAgents - 1));
  skewAgent.skewUs = (r.chance(0.5) ? 1 : -1) * r.int(150, 420) * SEC + r.int(0, 999_999);
  return { domain, hosts, masters, agents, zks, cps, workers, repurposed, lbs, bastion, ops, misc, roles: { A, B, D, N }, skewAgent, tzZk };
}
