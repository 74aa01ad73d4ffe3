// Clients of the Mesos and Marathon APIs on the load-balancer boxes: Mesos-DNS v0.6.0 (Go `log`,
// prefix "ERROR: ", Ldate|Ltime|Lshortfile, to stderr -> journald), marathon-lb v1.9.0 (Python
// logging, "%(asctime)-15s %(name)s: %(message)s") and HAProxy's default httplog line.
import type { ComposedTemplate, ExactTemplate } from "./types";

type T = ExactTemplate | ComposedTemplate;
const DNS = (path: string, line: number) => ({ repo: "mesosphere/mesos-dns", tags: ["v0.6.0"], path, line });
const LB = (line: number) => ({ repo: "mesosphere/marathon-lb", tags: ["v1.9.0"], path: "marathon_lb.py", line });
const LB_NOTE =
  "logger marathon_lb; the Formatter puts asctime (YYYY-MM-DD hh:mm:ss,mmm) first. The journald tag marathon-lb is the unit's SyslogIdentifier (composed: marathon-lb's SysLogHandler sends no ident)";

export const CLIENT_TEMPLATES = {
  "mesosDns.tryingNext": {
    kind: "exact",
    level: "ERROR",
    text: "ERROR: {{date}} {{time}} generator.go:227: Failed to fetch state.json - trying next one. Error:  {{err}}",
    evidence: DNS("records/generator.go", 227),
    note: "Println adds the second space after 'Error:'. {{err}} is Go's net/http error for a refused dial (its exact wording per Go release not verified)",
  },
  "marathonLb.event": { kind: "exact", level: "INFO", text: "{{asctime}} marathon_lb: received event of type {{type}}", evidence: LB(1665), note: LB_NOTE },
  "marathonLb.fetchingApps": { kind: "exact", level: "INFO", text: "{{asctime}} marathon_lb: fetching apps", evidence: LB(212), note: LB_NOTE },
  "marathonLb.generating": { kind: "exact", level: "INFO", text: "{{asctime}} marathon_lb: generating config", evidence: LB(332), note: LB_NOTE },
  "marathonLb.reloading": {
    kind: "exact",
    level: "INFO",
    text: "{{asctime}} marathon_lb: reloading using {{command}}",
    evidence: LB(644),
    note: `${LB_NOTE}; the default command is systemctl reload haproxy`,
  },
  "haproxy.http": {
    kind: "exact",
    level: "INFO",
    text: '{{client}} [{{date}}] {{frontend}} {{backend}}/{{server}} {{timers}} {{status}} {{bytes}} - - ---- {{conns}} {{queues}} "{{request}}"',
    evidence: { repo: "haproxy/haproxy", tags: ["v1.8.0", "v2.4.0"], path: "src/log.c", line: { "18.04": 200, "22.04": 212 } },
    note: "default_http_log_format (the same in 1.8 and 2.4); 5xx answers are logged at info too unless option log-separate-errors. Ubuntu ships 1.8.8 / 2.4.x",
  },
} satisfies Record<string, T>;
