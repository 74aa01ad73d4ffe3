// ZooKeeper (log4j "%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n") and
// Marathon (logback "[%date] %-5level %message \(%logger:%thread\)%n"), both on local time.
import type { Host } from "../hosts";
import type { Sink } from "../sink";
import type { Level } from "../types";
import { log4jStamp } from "../time";
import { num } from "./glog";

const LVL5: Record<Level, string> = { DEBUG: "DEBUG", INFO: "INFO ", WARN: "WARN ", ERROR: "ERROR", FATAL: "FATAL" };

export function zk(s: Sink, h: Host, t: number, myid: number, lvl: Level, thread: string, cls: string, line: number, msg: string): void {
  const raw = [log4jStamp(h.local(t)), " [myid:", num(myid), "] - ", LVL5[lvl], " [", thread, ":", cls, "@", num(line), "] - ", msg].join("");
  s.add(t, h, "zookeeper", lvl, msg, raw, { myid: num(myid), thread, class: cls, line: num(line) });
}

export function marathon(s: Sink, h: Host, t: number, lvl: Level, logger: string, thread: string, msg: string): void {
  const raw = ["[", log4jStamp(h.local(t)), "] ", LVL5[lvl], " ", msg, " (", logger, ":", thread, ")"].join("");
  s.add(t, h, "marathon", lvl, msg, raw, { logger, thread }, false, false);
}
