// Clients of the Mesos/Marathon APIs on the load-balancer boxes: Mesos-DNS (polls the masters' :5050),
// marathon-lb (follows Marathon's :8080 event stream) and HAProxy access logs. They name masters
// and ports but are not masters. Wording and prefixes per provenance/clients.ts.
import type { Rng } from "../prng";
import { sys } from "../formats/syslog";
import { MIN, SEC, dpkgStamp, haproxyStamp, log4jStamp } from "../time";
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

/** Mesos-DNS on the first LB box: polls its static list of masters (the retired one included) every
 *  60 s. A reload that works prints nothing; after D's retirement each poll tries D first, is refused
 *  and moves on ("trying next one"). Ticks are on the 60 s grid, each at most once. */
const dnsTicks = new WeakMap<Ctx, Set<number>>();
export function mesosDns(c: Ctx, r: Rng, t: number): void {
  const h = c.f.lbs[0];
  const pid = 1300 + (h.pidBase % 200);
  const D = c.f.roles.D;
  const phase = (h.pidBase % 60) * SEC;
  const tick = c.sc.W + phase + Math.floor((t - c.sc.W - phase) / MIN) * MIN + r.int(1_000, 40_000);
  let used = dnsTicks.get(c);
  if (!used) dnsTicks.set(c, (used = new Set()));
  const key = Math.floor(tick / MIN);
  if (tick <= c.sc.decom + 30 * SEC || used.has(key)) return;
  used.add(key);
  const stamp = dpkgStamp(h.local(tick)).replace(/-/g, "/").split(" ");
  const url = `http://${D.ip}:5050/master/state.json`;
  sys(c.s, h, tick, "mesos-dns", "mesos-dns", pid, "mesosDns.tryingNext", {
    date: stamp[0],
    time: stamp[1],
    err: `Get ${url}: dial tcp ${D.ip}:5050: getsockopt: connection refused`,
  });
}

export function marathonLb(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(c.f.lbs);
  const pid = 1500 + (h.pidBase % 300);
  const k = r.weighted(LB_KIND, LB_W);
  const [id, holes] = LB_MSG[k];
  sys(c.s, h, t, "marathon-lb", "marathon-lb", pid, id, { ...holes, asctime: log4jStamp(h.local(t)) });
  if (id === "marathonLb.fetchingApps") c.hooks?.lbFetch?.(t, h);
}

/** HAProxy default HTTP log format; the backend server is a Mesos agent task port */
export function haproxy(c: Ctx, r: Rng, t: number): void {
  const h = r.pick(c.f.lbs);
  const pid = 2100 + (h.pidBase % 500);
  const app = r.pick(APPS);
  const a = r.pick(c.f.agents);
  const status = r.weighted(STATUS, STATUS_W);
  // timers Tq/Tw/Tc/Tr/Tt: the total covers the others; a served request holds >= 1 backend and server connection
  const tc = r.int(0, 3);
  const tr = r.int(2, 400);
  const fe = r.int(1, 40);
  const client = `10.${r.int(100, 120)}.${r.int(0, 255)}.${r.int(1, 254)}:${r.int(32768, 60999)}`;
  const holes = {
    client,
    date: haproxyStamp(h.local(t)),
    frontend: "marathon_http_in",
    backend: `${app}_10000`,
    server: `${a.ip}_${31000 + ((app.length * 37 + a.ip.length) % 999)}`,
    timers: `0/0/${tc}/${tr}/${tc + tr + r.int(0, 3)}`,
    status,
    bytes: r.int(200, 90_000),
    conns: `${fe + r.int(0, 10)}/${fe}/${r.int(1, fe)}/1/0`,
    queues: "0/0",
    request: `${r.weighted(METHODS, METHODS_W)} ${r.pick(PATHS)} HTTP/1.1`,
  };
  sys(c.s, h, t, "haproxy", "haproxy", pid, "haproxy.http", holes, { src_ip: client.split(":")[0] });
}
