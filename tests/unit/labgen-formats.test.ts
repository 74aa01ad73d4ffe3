// Line formats per source (log-formats.md) and the host clocks the raw lines are written in.
import { describe, expect, it } from "vitest";
import { intlOffsetMin } from "../support/intl-offset";
import { generateLab, type LogEvent } from "@/lib/labgen";

const { events, truth } = generateLab({ seed: "formats", targetEvents: 120_000 });
const bySvc = (re: RegExp) => events.filter((e) => re.test(e.service));

const GLOG = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} {1,}\d+ [\w.]+\.cpp:\d+\] /;
const GLOG_W5 = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} [ \d]{4}\d [\w.]+\.cpp:\d+\] /;
const KLOG_W7 = /[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} [ \d]{6}\d [\w.]+\.go:\d+\] /;
const SYSLOG = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} [\w.-]+ [\w.-]+\[\d+\]: /;
const ZK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} \[myid:\d*\] - (INFO |WARN |ERROR) \[/;
const MARATHON = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}\] (INFO |WARN |ERROR) [\s\S]* \([\w.$]+:[\w. -]+\)$/;
const CRI = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}(Z|[+-]\d{2}:\d{2}) stderr F /;
const DPKG = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (startup (archives|packages) \w+|(status [\w-]+|install|upgrade|remove|configure) [\w.+-]+:(amd64|all) )/;

function sample(list: LogEvent[], n = 400): LogEvent[] {
  const step = Math.max(1, Math.floor(list.length / n));
  return list.filter((_, i) => i % step === 0);
}
function allMatch(list: LogEvent[], re: RegExp): string[] {
  return sample(list)
    .filter((e) => !re.test(e.raw))
    .map((e) => e.raw)
    .slice(0, 3);
}

describe("labgen line formats", { timeout: 60_000 }, () => {
  it("glog (Mesos master/agent files): thread id right-aligned to width 5, .cpp basenames", () => {
    const glog = events.filter((e) => (e.service === "mesos-master" || e.service === "mesos-agent") && /^[IWEF]\d{4} /.test(e.raw));
    expect(glog.length).toBeGreaterThan(1000);
    expect(allMatch(glog, GLOG)).toEqual([]);
    expect(allMatch(glog, GLOG_W5)).toEqual([]);
    expect(glog.every((e) => e.raw.includes(` ${e.fields.file}:${e.fields.line}] ${e.message}`))).toBe(true);
    // startup banner runs on the main thread: TID == PID
    expect(glog.filter((e) => e.fields.file === "main.cpp").every((e) => e.fields.tid === e.fields.pid)).toBe(true);
  });

  it("Mesos 'Flags at startup': alphabetical, every value double-quoted (stout)", () => {
    const flags = events.filter((e) => e.message.startsWith("Flags at startup: "));
    expect(flags.some((e) => e.service === "mesos-master") && flags.some((e) => e.service === "mesos-agent")).toBe(true);
    for (const e of flags) {
      const body = e.message.slice("Flags at startup: ".length);
      expect(body).toMatch(/^(--\w+="[^"]*"( |$))+$/);
      const names = [...body.matchAll(/--(\w+)=/g)].map((m) => m[1]);
      expect(names).toEqual([...names].sort());
    }
  });

  it("Mesos detail: two spaces before 'new executor', stout durations and byte sizes", () => {
    expect(events.some((e) => / on {2}new executor$/.test(e.message))).toBe(true);
    const reg = events.filter((e) => e.message.startsWith("Successfully fetched the registry"));
    expect(reg.length).toBeGreaterThan(0);
    for (const e of reg) expect(e.message).toMatch(/^Successfully fetched the registry \(\d+B\) in \d+(\.\d+)?ms$/);
    expect(events.some((e) => /allowing 10mins for agents to reregister$/.test(e.message))).toBe(true);
  });

  it("klog: kubelet via journald and control-plane pods CRI-wrapped, PID width 7", () => {
    const kubelet = bySvc(/^kubelet$/);
    expect(allMatch(kubelet, new RegExp(SYSLOG.source + KLOG_W7.source))).toEqual([]);
    const cp = bySvc(/^kube-(apiserver|scheduler|controller-manager)$/);
    expect(cp.length).toBeGreaterThan(100);
    expect(allMatch(cp, new RegExp(CRI.source + KLOG_W7.source))).toEqual([]);
    expect(cp.every((e) => e.raw.includes("       1 "))).toBe(true);
  });

  it("etcd: one JSON object per line, keys level, ts, [logger], caller, msg in order, ts in UTC", () => {
    for (const e of sample(bySvc(/^etcd$/))) {
      const o = JSON.parse(e.raw) as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => k !== "logger");
      expect(keys.slice(0, 4)).toEqual(["level", "ts", "caller", "msg"]);
      if ("logger" in o) expect(Object.keys(o)[2]).toBe("logger");
      expect(o.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(o.msg).toBe(e.message);
    }
  });

  it("ZooKeeper log4j, Marathon logback, syslog, dpkg", () => {
    expect(allMatch(bySvc(/^zookeeper$/), ZK)).toEqual([]);
    expect(events.some((e) => /New election\. My id = {2}\d, proposed zxid=0x[0-9a-f]+$/.test(e.message))).toBe(true);
    expect(allMatch(bySvc(/^marathon$/), MARATHON)).toEqual([]);
    expect(allMatch(bySvc(/^(sshd|CRON|systemd|systemd-logind|containerd|haproxy|marathon-lb|mesos-dns)$/), SYSLOG)).toEqual([]);
    expect(allMatch(bySvc(/^dpkg$/), DPKG)).toEqual([]);
    // what Mesos writes to stderr only (journald): the ZooKeeper C client, and glog's RAW_LOG from the
    // SIGTERM handler, whose time stamp is zeroed (no clock in a signal handler)
    const stderrOnly = events.filter((e) => e.service === "mesos-master" && !/^[IWEF]\d{4} /.test(e.raw));
    const raw = stderrOnly.filter((e) => e.message.startsWith("RAW: "));
    const zkClient = stderrOnly.filter((e) => !e.message.startsWith("RAW: "));
    expect(zkClient.length).toBeGreaterThan(0);
    expect(raw.length).toBeGreaterThan(0);
    for (const e of zkClient)
      expect(e.raw).toMatch(new RegExp(SYSLOG.source + /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}:\d+\(0x[0-9a-f]+\):ZOO_(INFO|ERROR)@\w+@\d+: /.source));
    for (const e of raw) expect(e.raw).toMatch(new RegExp(SYSLOG.source + /W0000 00:00:00\.000000 [ \d]{4}\d logging\.cpp:\d+\] RAW: /.source));
  });

  it("every event's raw ends with its message except the formats that wrap it", () => {
    const wrapped = new Set(["etcd", "marathon", "containerd"]);
    // log4j writes a logged exception's stack trace on the lines after the message
    const ends = (e: LogEvent) => e.raw.endsWith(e.message) || (e.service === "zookeeper" && e.raw.split("\n")[0].endsWith(e.message));
    expect(events.filter((e) => !wrapped.has(e.service) && !ends(e)).slice(0, 3)).toEqual([]);
  });
});

/** wall-clock reading of the raw line, interpreted as if it were UTC (µs dropped to ms) */
function rawClockMs(e: LogEvent): number | null {
  const year = e.ts.slice(0, 4);
  let m = /^[IWEF](\d{2})(\d{2}) (\d{2}:\d{2}:\d{2})\.(\d{3})/.exec(e.raw);
  if (m) return Date.parse(`${year}-${m[1]}-${m[2]}T${m[3]}.${m[4]}Z`);
  m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3}) \[myid/.exec(e.raw);
  if (m) return Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`);
  m = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})\]/.exec(e.raw);
  if (m) return Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`);
  return null;
}

describe("labgen host clocks", { timeout: 60_000 }, () => {
  it("time-zone decoy hosts log local time: raw clock = ts + zone offset (checked against Intl)", () => {
    const tzHosts = truth.decoys.filter((d) => d.kind === "timezone").map((d) => d.host);
    expect(tzHosts.length).toBeGreaterThanOrEqual(2);
    for (const h of tzHosts) {
      const zone = truth.hostTimeZones[h];
      const lines = events.filter((e) => e.host === h && rawClockMs(e) !== null);
      expect(lines.length, h).toBeGreaterThan(10);
      for (const e of sample(lines, 200)) {
        const ts = Date.parse(e.ts);
        expect((rawClockMs(e)! - ts) / 60_000, `${h} ${e.raw}`).toBe(intlOffsetMin(zone, ts));
      }
    }
  });

  it("UTC hosts' raw clocks equal ts; the skewed host is off by its skew", () => {
    const [skewHost, skewSec] = Object.entries(truth.clockSkewSeconds)[0];
    expect(Math.abs(skewSec)).toBeGreaterThanOrEqual(120);
    for (const e of sample(
      events.filter((x) => rawClockMs(x) !== null),
      2000,
    )) {
      const diff = rawClockMs(e)! - Date.parse(e.ts);
      if (truth.hostTimeZones[e.host] !== "UTC") continue;
      if (e.host === skewHost) expect(Math.abs(diff - skewSec * 1000)).toBeLessThanOrEqual(1);
      else expect(diff).toBe(0);
    }
    expect(events.filter((e) => e.host === skewHost && e.service === "mesos-agent").length).toBeGreaterThan(0);
  });
});
