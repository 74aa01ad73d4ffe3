// ZooKeeper (log4j "%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n") and
// Marathon (logback "[%date] %-5level %message \(%logger:%thread\)%n"), both on local time.
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import type { Level } from "../types";
import { type Holes, type TemplateId, fill, message, resolve } from "../provenance";
import { log4jStamp } from "../time";
import { num } from "./glog";

const LVL5: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO ", WARN: "WARN ", ERROR: "ERROR", FATAL: "FATAL" };

/** `myid` null: printed before the config (and so the MDC) is set: "[myid:]" */
export function zk(s: Sink, h: Host, t: number, myid: number | null, thread: string, id: TemplateId, holes?: Holes): void {
  const r = resolve(id, "3.4.14");
  const msg = message(r, holes);
  const my = myid === null ? "" : num(myid);
  // a logged exception: log4j writes its stack trace on the lines after the message
  const trace = r.extra === undefined ? "" : "\n" + fill(r.extra, holes, id);
  const raw = [log4jStamp(h.local(t)), " [myid:", my, "] - ", LVL5[r.level], " [", thread, ":", r.file!, "@", r.lineStr!, "] - ", msg, trace].join("");
  s.add(id, t, h, "zookeeper", r.level, msg, raw, { myid: my, thread, class: r.file!, line: r.lineStr! }, false, !trace);
}

export function marathon(s: Sink, h: Host, t: number, thread: string, id: TemplateId, holes?: Holes): void {
  const r = resolve(id, "1.10.26");
  const msg = message(r, holes);
  const logger = r.file!;
  const raw = ["[", log4jStamp(h.local(t)), "] ", LVL5[r.level], " ", msg, " (", logger, ":", thread, ")"].join("");
  s.add(id, t, h, "marathon", r.level, msg, raw, { logger, thread }, false, false);
}
