// Clients of the Mesos/Marathon APIs on the load-balancer boxes: Mesos-DNS (polls the masters' :5050),
// marathon-lb (follows Marathon's :8080 event stream) and HAProxy access logs. They name masters
// and ports but are not masters. Message wording here is composed (not checked against source).
import type { Rng } from "../prng";
import { leaderAt } from "../lookups";
import { sys } from "../formats/syslog";
import { haproxyStamp } from "../time";
import type { Holes, TemplateId } from "../provenance";
import type { Ctx } from "./ctx";

const APPS = ["shop_web", "shop_api", "billing_worker", "search_indexer", "reports_ui", "auth_gateway"];
const LB_MSG: [TemplateId, Holes][] = [
  ["marathonLb.event", { type: "status_update_event" }],
  ["marathonLb.event", { type: "health_status_changed_event" }],
  ["marathonLb.fetchingApps", {}],
  ["marathonLb.generating", {}],
  // the default reload command when --command is not given (marathon_lb.py)
  ["marathonLb.reloading", { command: "systemctl reload haproxy" }],
];
const LB_KIND = [0, 1, 2, 3, 4];
const LB_W = [5, 2, 2, 1, 0.3];
const STATUS = [200, 304, 404, 500, 502];
const STATUS_W = [80, 8, 6, 1, 0.5];
const METHODS = ["GET", "POST"];
const METHODS_W = [8, 2];
const PATHS = ["/", "/api/cart", "/api/items?page=2", "/healthz", "/static/app.js", "/api/login", "/search?q=boots"];

/** Mesos-DNS on the first LB box: polls state.json; keeps a static list incl. the retired master */
export function mesosDns(c: Ctx, r: Rng, t: number): void {
  const h = c.f.lbs[0];
  const pid = 1300 + (h.pidBase % 200);
  const L = leaderAt(c.sc, t);
  const D = c.f.roles.D;
  if (t > c.sc.decom && r.chance(0.15)) {
    sys(c.s, h, t, "mesos-dns", "mesos-dns", pid, "mesosDns.fetchFailed", { ip: D.ip });
    return;
  }
  if (!L) {
    sys(c.s, h, t, "mesos-dns", "mesos-dns", pid, "mesosDns.noLeader");
    return;
  }
  sys(c.s, h, t, "mesos-dns", "mesos-dns", pid, "mesosDns.fetched", { ip: L.host.ip, a: r.int(180, 260), srv: r.int(300, 420) });
}

export function marathonLb(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(c.f.lbs);
  const pid = 1500 + (h.pidBase % 300);
  const k = r.weighted(LB_KIND, LB_W);
  const [id, holes] = LB_MSG[k];
  sys(c.s, h, t, "marathon-lb", "marathon-lb", pid, id, holes);
}

/** HAProxy default HTTP log format; the backend server is a Mesos agent task port */
export function haproxy(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(c.f.lbs);
  const pid = 2100 + (h.pidBase % 500);
  const app = r.pick(APPS);
  const a = r.pick(c.f.agents);
  const status = r.weighted(STATUS, STATUS_W);
  const tt = r.int(2, 400);
  const client = `10.${r.int(100, 120)}.${r.int(0, 255)}.${r.int(1, 254)}:${r.int(32768, 60999)}`;
  const holes = {
    client, date: haproxyStamp(h.local(t)), frontend: "marathon_http_in", backend: `${app}_10000`, server: `${a.ip}_${31000 + ((app.length * 37 + a.ip.length) % 999)}`,
    timers: `0/0/${r.int(0, 3)}/${tt}/${tt + 1}`, status, bytes: r.int(200, 90_000), conns: `${r.int(1, 40)}/${r.int(1, 40)}/0/0/0`, queues: "0/0",
    request: `${r.weighted(METHODS, METHODS_W)} ${r.pick(PATHS)} HTTP/1.1`,
  };
  sys(c.s, h, t, "haproxy", "haproxy", pid, status >= 500 ? "haproxy.httpError" : "haproxy.http", holes, { src_ip: client.split(":")[0] });
}
