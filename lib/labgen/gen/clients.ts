// Clients of the Mesos/Marathon APIs on the load-balancer boxes: Mesos-DNS (polls the masters' :5050),
// marathon-lb (follows Marathon's :8080 event stream) and HAProxy access logs. They name masters
// and ports but are not masters. Message wording here is composed (not checked against source).
import type { Rng } from "../prng";
import { leaderAt } from "../lookups";
import { sys } from "../formats/syslog";
import { haproxyStamp } from "../time";
import type { Ctx } from "./ctx";

const APPS = ["shop_web", "shop_api", "billing_worker", "search_indexer", "reports_ui", "auth_gateway"];
const LB_MSG = ["received event of type status_update_event", "received event of type health_status_changed_event", "", "generating config", 'reloading using sh -c "systemctl reload haproxy"'];
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
    sys(c.s, h, t, "mesos-dns", "WARN", "mesos-dns", pid, `Failed to fetch state.json from http://${D.ip}:5050/master/state.json: dial tcp ${D.ip}:5050: connect: connection refused`);
    return;
  }
  if (!L) {
    sys(c.s, h, t, "mesos-dns", "ERROR", "mesos-dns", pid, "No leading master found in ZooKeeper; keeping previous records");
    return;
  }
  sys(c.s, h, t, "mesos-dns", "INFO", "mesos-dns", pid, `Fetched state.json from http://${L.host.ip}:5050/master/state.json; generated ${r.int(180, 260)} A records, ${r.int(300, 420)} SRV records`);
}

export function marathonLb(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(c.f.lbs);
  const pid = 1500 + (h.pidBase % 300);
  const m = c.f.roles.A;
  const k = r.weighted(LB_KIND, LB_W);
  const msg = k === 2 ? `fetching apps from http://${m.fqdn}:8080/v2/apps` : LB_MSG[k];
  sys(c.s, h, t, "marathon-lb", "INFO", "marathon-lb", pid, `marathon_lb: ${msg}`);
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
  const msg =
    `${client} [${haproxyStamp(h.local(t))}] marathon_http_in ${app}_10000/${a.ip}_${31000 + (app.length * 37 + a.ip.length) % 999} ` +
    `0/0/${r.int(0, 3)}/${tt}/${tt + 1} ${status} ${r.int(200, 90_000)} - - ---- ${r.int(1, 40)}/${r.int(1, 40)}/0/0/0 0/0 "${r.weighted(METHODS, METHODS_W)} ${r.pick(PATHS)} HTTP/1.1"`;
  sys(c.s, h, t, "haproxy", status >= 500 ? "WARN" : "INFO", "haproxy", pid, msg, { src_ip: client.split(":")[0] });
}
