// Ground truth must agree with what a learner can read in the lines themselves.
import { describe, expect, it } from "vitest";
import { generateLab, type GroundTruth, type LogEvent } from "@/lib/labgen";

const SEEDS = ["demo", "alpha", "bravo", "mesos-hunt/u42"];
const labs = new Map<string, { events: LogEvent[]; truth: GroundTruth }>();
const lab = (seed: string) => {
  let l = labs.get(seed);
  if (!l) labs.set(seed, (l = generateLab({ seed, targetEvents: seed === "demo" ? 200_000 : 70_000 })));
  return l;
};

// what counts as a Mesos control-plane event, written independently of the generator
const CP = [
  /^(Build|Version|Git tag|Git SHA): /,
  /^Master \S+ \(\S+\) started on \d+\.\d+\.\d+\.\d+:5050$/,
  /^Elected as the leading master!$/,
  /^(Registered|Re-registered) agent \S+ at slave\(1\)@/,
];
const isCp = (e: LogEvent) => CP.some((re) => re.test(e.message));

describe.each(SEEDS)("labgen truth (seed %s)", { timeout: 60_000 }, (seed) => {
  it("labels exactly the control-plane lines of master hosts", () => {
    const { events, truth } = lab(seed);
    const masterHosts = new Set([...truth.masters, ...truth.decommissionedMasters]);
    const labelled = new Set(truth.controlPlaneEventIds);
    for (const id of labelled) {
      const e = events[id - 1];
      expect(masterHosts.has(e.host), `${id} on ${e.host}`).toBe(true);
      expect(e.service).toBe("mesos-master");
      expect(isCp(e), e.raw).toBe(true);
    }
    const scanned = events.filter((e) => masterHosts.has(e.host) && isCp(e)).map((e) => e.id);
    expect(scanned).toEqual([...labelled].sort((a, b) => a - b));
    // the same banner on agents and K8s "Version:" lines are not labelled
    expect(events.some((e) => e.service === "mesos-agent" && e.message.startsWith("Version: "))).toBe(true);
    expect(events.some((e) => e.service === "kube-apiserver" && e.message.startsWith("Version: "))).toBe(true);
  });

  it("every master (incl. the retired one) prints the truth version from main.cpp", () => {
    const { events, truth } = lab(seed);
    for (const h of [...truth.masters, ...truth.decommissionedMasters]) {
      const v = events.filter((e) => e.host === h && e.service === "mesos-master" && e.fields.file === "main.cpp" && e.message.startsWith("Version: "));
      expect(v.length, h).toBeGreaterThan(0);
      expect(new Set(v.map((e) => e.message))).toEqual(new Set([`Version: ${truth.mesosVersion}`]));
      expect(events.some((e) => e.host === h && /^Master \S+ \(\S+\) started on /.test(e.message))).toBe(true);
    }
    expect(["1.9.0", "1.10.0", "1.11.0"]).toContain(truth.mesosVersion);
  });

  it("answers the leader question from the election lines", () => {
    const { events, truth } = lab(seed);
    const elected = events.filter((e) => e.message === "Elected as the leading master!");
    const before = elected.filter((e) => e.ts <= truth.leaderQuestion.at);
    expect(before.length).toBeGreaterThan(0);
    expect(before[before.length - 1].host).toBe(truth.leaderQuestion.host);
    // not near a transition: no election within 2 h either side
    const at = Date.parse(truth.leaderQuestion.at);
    expect(elected.every((e) => Math.abs(Date.parse(e.ts) - at) > 2 * 3600_000)).toBe(true);
    // every term after the first starts at that host's "Elected" line
    for (const term of truth.leaderTimeline.slice(1)) expect(elected.some((e) => e.host === term.host && e.ts === term.from)).toBe(true);
    expect(truth.leaderTimeline[truth.leaderTimeline.length - 1].to).toBeNull();
  });

  it("ZooKeeper ensemble matches the --zk flag and the servers' own bind lines", () => {
    const { events, truth } = lab(seed);
    const flags = events.filter((e) => e.service === "mesos-master" && e.message.startsWith("Flags at startup: "));
    expect(flags.length).toBeGreaterThan(0);
    const zkSets = new Set(flags.map((e) => /--zk="zk:\/\/([^/"]+)\/mesos"/.exec(e.message)![1]));
    expect([...zkSets]).toEqual([truth.zookeeperEnsembleIps.join(",")]);
    const ipToHost = new Map<string, string>();
    for (const e of events) {
      const m = /^My election bind port: ([^/]+)\/([\d.]+):3888$/.exec(e.message);
      if (m) ipToHost.set(m[2], m[1].split(".")[0]);
    }
    expect(truth.zookeeperEnsembleIps.map((x) => `${ipToHost.get(x.split(":")[0])}:2181`)).toEqual(truth.zookeeperEnsemble);
  });

  it("the answer set follows from the lines: running at the end vs retired", () => {
    const { events, truth } = lab(seed);
    const lastMaster = (h: string) => events.filter((e) => e.host === h && e.service === "mesos-master").pop()!;
    const SIGTERM = "RAW: Received signal SIGTERM from process 1 of user 0; exiting";
    for (const h of truth.decommissionedMasters) {
      expect(lastMaster(h).message).toBe(SIGTERM);
      const removed = events.find((e) => e.host === h && e.service === "dpkg" && /^remove mesos:amd64 /.test(e.message));
      expect(removed && removed.ts > lastMaster(h).ts).toBe(true);
    }
    for (const h of truth.masters) expect(lastMaster(h).message).not.toBe(SIGTERM);
  });

  it("plants every decoy kind, and each decoy behaves as described", () => {
    const { events, truth } = lab(seed);
    const kinds = new Set(truth.decoys.map((d) => d.kind));
    for (const k of [
      "repurposed-mesos-name",
      "mesos-agent",
      "decommissioned-master",
      "mesos-mention-only",
      "timezone",
      "clock-skew",
      "marathon-client",
      "mesos-dns-client",
      "marathon-lb-client",
      "k8s-leader-election",
      "restarted-master",
    ])
      expect(kinds).toContain(k);
    const byHost = (h: string) => events.filter((e) => e.host === h);
    const rep = truth.decoys.find((d) => d.kind === "repurposed-mesos-name")!.host;
    expect(rep).toMatch(/^(mesos|lm-|mm-)/);
    expect(byHost(rep).some((e) => e.service === "kubelet" && e.message.includes("Kubelet version"))).toBe(true);
    expect(byHost(rep).some((e) => e.service.startsWith("mesos"))).toBe(false);
    const ops = truth.decoys.find((d) => d.kind === "mesos-mention-only")!.host;
    const mentions = byHost(ops).filter((e) => /mesos/i.test(e.raw));
    expect(mentions.some((e) => e.message.includes("CMD (systemctl is-active mesos-master)"))).toBe(true);
    expect(mentions.some((e) => e.service === "dpkg" && e.message.startsWith("remove mesos:amd64"))).toBe(true);
    expect(mentions.every((e) => e.service === "CRON" || e.service === "dpkg")).toBe(true);
    expect(
      truth.decoys
        .filter((d) => d.kind === "timezone")
        .map((d) => truth.hostTimeZones[d.host])
        .every((z) => z !== "UTC"),
    ).toBe(true);
    for (const a of truth.mesosAgents) expect(byHost(a).some((e) => /^Mesos agent started on \(1\)@/.test(e.message))).toBe(true);
    expect(events.some((e) => e.service === "marathon" && e.message === `Mesos Master version ${truth.mesosVersion}`)).toBe(true);
    // client-go's wording changed in 1.35 (structured logging)
    expect(events.some((e) => /^(successfully acquired lease |"Successfully acquired lease" lock=")kube-system\/kube-scheduler/.test(e.message))).toBe(true);
    expect(events.some((e) => e.service === "etcd" && / elected leader /.test(e.message))).toBe(true);
    expect(events.some((e) => e.service === "mesos-dns" && e.message.includes(":5050/"))).toBe(true);
    for (const d of truth.decoys.filter((x) => x.kind === "restarted-master")) {
      expect(truth.masters).toContain(d.host);
      expect(byHost(d.host).some((e) => e.message === "EXIT with status 1: Lost candidacy as a leader... committing suicide!")).toBe(true);
      expect(byHost(d.host).some((e) => /restart counter is at 1\.$/.test(e.message))).toBe(true);
    }
  });

  it("masters behave as Mesos does when stopped or cut off from ZooKeeper", () => {
    const { events, truth } = lab(seed);
    const m = events.filter((e) => e.service === "mesos-master" && /^[IWE]\d{4} /.test(e.raw));
    // lines that Mesos never logs in this story
    for (const gone of ["Master terminating", "Re-elected as the leading master", "Lost leadership... committing suicide!"])
      expect(m.some((e) => e.message === gone)).toBe(false);
    expect(m.some((e) => /Failed to detect the leading master/.test(e.message))).toBe(false);
    // every exit as leader follows, within a second, the forced expiry 10 s after the lost connection
    const exits = m.filter((e) => e.message === "EXIT with status 1: Lost candidacy as a leader... committing suicide!");
    expect(exits.length).toBe(2);
    for (const x of exits) {
      const before = m.filter((e) => e.host === x.host && e.id < x.id);
      const forced = before.filter((e) => e.message.startsWith("Timed out waiting to connect to ZooKeeper. Forcing ZooKeeper session (sessionId=")).pop()!;
      const lost = before.filter((e) => e.message === "Lost connection to ZooKeeper, attempting to reconnect ...").pop()!;
      expect(forced.fields.file + ":" + forced.level).toBe("group.cpp:WARN");
      expect(Date.parse(x.ts) - Date.parse(forced.ts)).toBeLessThan(1000);
      expect(Date.parse(forced.ts) - Date.parse(lost.ts)).toBe(10_000);
      // the leader that exits had been elected, and somebody else (or it, after a restart) leads next
      expect(truth.leaderTimeline.some((l) => l.host === x.host && l.to !== null && Math.abs(Date.parse(l.to) - Date.parse(x.ts)) < 12_000)).toBe(true);
    }
    // after a leader stops or loses ZooKeeper, the next election waits for ZooKeeper to expire its session
    const expiring = events.filter((e) => e.service === "zookeeper" && e.message.startsWith("Expiring session "));
    for (const term of truth.leaderTimeline.slice(1)) {
      const expiry = expiring.filter((e) => e.ts <= term.from).pop();
      expect(expiry, term.from).toBeDefined();
      expect(Date.parse(term.from) - Date.parse(expiry!.ts)).toBeLessThan(120_000);
    }
  });
});
