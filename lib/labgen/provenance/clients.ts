// Clients of the Mesos and Marathon APIs on the load-balancer boxes: Mesos-DNS, marathon-lb, HAProxy.
import type { ComposedTemplate, ExactTemplate } from "./types";

type T = ExactTemplate | ComposedTemplate;

export const CLIENT_TEMPLATES = {
  "mesosDns.fetchFailed": { kind: "composed", project: "mesos-dns", reason: "PENDING", level: "WARN", text: "Failed to fetch state.json from http://{{ip}}:5050/master/state.json: dial tcp {{ip}}:5050: connect: connection refused" },
  "mesosDns.noLeader": { kind: "composed", project: "mesos-dns", reason: "PENDING", level: "ERROR", text: "No leading master found in ZooKeeper; keeping previous records" },
  "mesosDns.fetched": { kind: "composed", project: "mesos-dns", reason: "PENDING", level: "INFO", text: "Fetched state.json from http://{{ip}}:5050/master/state.json; generated {{a}} A records, {{srv}} SRV records" },
  "marathonLb.event": { kind: "composed", project: "marathon-lb", reason: "PENDING", level: "INFO", text: "marathon_lb: received event of type {{type}}" },
  "marathonLb.fetchingApps": { kind: "composed", project: "marathon-lb", reason: "PENDING", level: "INFO", text: "marathon_lb: fetching apps" },
  "marathonLb.generating": { kind: "composed", project: "marathon-lb", reason: "PENDING", level: "INFO", text: "marathon_lb: generating config" },
  "marathonLb.reloading": { kind: "composed", project: "marathon-lb", reason: "PENDING", level: "INFO", text: "marathon_lb: reloading using {{command}}" },
  "haproxy.http": { kind: "composed", project: "HAProxy", reason: "PENDING", level: "INFO", text: "{{client}} [{{date}}] {{frontend}} {{backend}}/{{server}} {{timers}} {{status}} {{bytes}} - - ---- {{conns}} {{queues}} \"{{request}}\"" },
  "haproxy.httpError": { kind: "composed", project: "HAProxy", reason: "PENDING", level: "WARN", text: "{{client}} [{{date}}] {{frontend}} {{backend}}/{{server}} {{timers}} {{status}} {{bytes}} - - ---- {{conns}} {{queues}} \"{{request}}\"" },
} satisfies Record<string, T>;
