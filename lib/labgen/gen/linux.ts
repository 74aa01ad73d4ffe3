// Per-host Linux noise: cron, systemd timers, unattended upgrades (fixed), ssh sessions (volume).
import type { Host } from "../hosts";
import type { Rng } from "../prng";
import { sys, systemd, systemdDone } from "../formats/syslog";
import { dpkgInstall } from "../formats/dpkg";
import { DAY, HOUR, MIN, SEC } from "../time";
import type { Holes, TemplateId } from "../provenance";
import type { Ctx } from "./ctx";

/** true instant at which the host's own clock reads `localMidnightOfDay + sinceMidnight` */
export function atLocal(h: Host, utcDayStart: number, sinceMidnight: number): number {
  const guess = utcDayStart + sinceMidnight;
  return guess - h.offsetMin(guess) * MIN - h.skewUs;
}

export function cronJob(c: Ctx, h: Host, t: number, cmd: string, user = "root"): void {
  const pid = h.pidAt(t, c.sc.W);
  const who = { user };
  sys(c.s, h, t, "CRON", "CRON", pid, "cron.sessionOpened", { user, uid: 0, byUid: 0 }, who);
  sys(c.s, h, t + 900, "CRON", "CRON", pid + 1, "cron.cmd", { user, cmd }, who);
  sys(c.s, h, t + 40_000 + (pid % 200) * 1000, "CRON", "CRON", pid, "cron.sessionClosed", { user }, who);
}

function oneshot(c: Ctx, h: Host, t: number, unit: string, desc: string, runUs: number): void {
  systemd(c.s, h, t, unit, desc, "Starting");
  if (!h.oldOs) systemdDone(c.s, h, t + runUs, unit);
  systemd(c.s, h, t + runUs + 500, unit, desc, h.oldOs ? "Started" : "Finished");
}

const UPGRADES = [
  ["libssl3", "3.0.2-0ubuntu1.18", "3.0.2-0ubuntu1.19"],
  ["openssl", "3.0.2-0ubuntu1.18", "3.0.2-0ubuntu1.19"],
  ["tzdata", "2025b-0ubuntu0.22.04.1", "2026a-0ubuntu0.22.04"],
  ["libexpat1", "2.4.7-1ubuntu0.6", "2.4.7-1ubuntu0.7"],
  ["sudo", "1.9.9-1ubuntu2.4", "1.9.9-1ubuntu2.5"],
];

export function emitLinuxFixed(c: Ctx, r: Rng): void {
  const { sc, f } = c;
  const days = Math.ceil((sc.E - sc.W) / DAY) + 1;
  for (const h of f.hosts) {
    const aptAt = r.range(6, 7.5) * HOUR;
    for (let d = -1; d < days; d++) {
      const day = sc.W + d * DAY;
      for (let hr = 0; hr < 24; hr++)
        cronJob(c, h, atLocal(h, day, hr * HOUR + 17 * MIN + SEC) + r.int(0, 300_000), "   cd / && run-parts --report /etc/cron.hourly");
      cronJob(
        c,
        h,
        atLocal(h, day, 6 * HOUR + 25 * MIN + SEC) + r.int(0, 300_000),
        "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )",
      );
      oneshot(c, h, atLocal(h, day, r.int(0, 20) * SEC), "logrotate.service", "Rotate log files", r.int(300, 3000) * 1000);
      oneshot(c, h, atLocal(h, day, aptAt + r.int(0, 1800) * SEC), "apt-daily.service", "Daily apt download activities", r.int(2, 40) * SEC);
      oneshot(c, h, atLocal(h, day, r.range(12, 23) * HOUR), "systemd-tmpfiles-clean.service", "Cleanup of Temporary Directories", r.int(20, 400) * 1000);
    }
    // unattended-upgrades on the newer boxes, Tuesday and Thursday mornings
    if (h.oldOs) continue;
    for (const d of [1, 3]) {
      if (!r.chance(0.6)) continue;
      let t = atLocal(h, sc.W + d * DAY * ((sc.E - sc.W) / (7 * DAY)), r.range(6.2, 6.9) * HOUR);
      oneshot(c, h, t - 5 * SEC, "apt-daily-upgrade.service", "Daily apt upgrade and clean activities", r.int(40, 90) * SEC);
      for (const [pkg, from, to] of r.shuffle(UPGRADES).slice(0, r.int(1, 3))) t = dpkgInstall(c.s, h, t, pkg, "amd64", from, to) + r.int(1, 4) * SEC;
    }
  }
}

const USERS = ["ops", "deploy", "jdoe", "akumar", "mnovak", "backup"];

/** volume: one interactive ssh session (8 lines incl. logind) */
export function sshSession(
  c: Ctx,
  r: Rng,
  t: number,
  h: Host,
  user = r.pick(USERS),
  src = c.f.bastion.ip,
  lengthUs = r.exp(25 * MIN),
  keyType = "ED25519",
): void {
  const pid = h.pidAt(t, c.sc.W);
  const port = r.int(32768, 60999);
  const known = USERS.indexOf(user);
  const uid = user === "root" ? 0 : known >= 0 ? 1001 + known : 1001 + USERS.length;
  const who = { user, src_ip: src, src_port: String(port) };
  const S = (u: number, id: TemplateId, holes: Holes, p = pid) => sys(c.s, h, u, "sshd", "sshd", p, id, holes, who);
  const L = (u: number, id: TemplateId, holes: Holes) => sys(c.s, h, u, "systemd-logind", "systemd-logind", logind, id, holes, { user });
  const sess = 100 + Math.floor((t - c.sc.W) / (9 * MIN)) + r.int(0, 3);
  const logind = 600 + (h.pidBase % 300);
  S(t, "sshd.acceptedPublickey", { user, ip: src, port, keyType, fp: r.base64(43) });
  S(t + 4000, "sshd.sessionOpened", { user, uid, byUid: 0 });
  L(t + 9000, "logind.newSession", { session: sess, user });
  const e = t + lengthUs + 1 * SEC;
  // after authentication the monitor forks an unprivileged child for the session: it logs the disconnect
  const child = pid + 2;
  S(e, "sshd.receivedDisconnect", { ip: src, port }, child);
  S(e + 300, "sshd.disconnected", { user, ip: src, port }, child);
  S(e + 900, "sshd.sessionClosed", { user });
  if (!h.oldOs) L(e + 3000, "logind.loggedOut", { session: sess });
  L(e + 5000, "logind.removed", { session: sess });
}

/** volume: a misconfigured vulnerability scanner trying default accounts (3 lines, preauth) */
export function sshProbe(c: Ctx, r: Rng, t: number, h: Host): void {
  const pid = h.pidAt(t, c.sc.W);
  const src = `10.99.${(c.f.domain.length * 7) % 200}.${r.int(10, 14)}`;
  const port = r.int(32768, 60999);
  const user = r.pick(["admin", "test", "oracle", "ubuntu", "pi", "support"]);
  const who = { user, src_ip: src, src_port: String(port) };
  const holes = { user, ip: src, port };
  sys(c.s, h, t, "sshd", "sshd", pid, "sshd.invalidUser", holes, who);
  // PAM (UsePAM yes, Ubuntu's default) fails the unknown user before sshd logs the failure
  sys(c.s, h, t + 2_000_000, "sshd", "sshd", pid, "sshd.checkPass", {}, who);
  sys(c.s, h, t + 2_000_400, "sshd", "sshd", pid, "sshd.authFailure", { ip: src }, who);
  sys(c.s, h, t + 2_100_000, "sshd", "sshd", pid, "sshd.failedPassword", holes, who);
  sys(c.s, h, t + 2_300_000, "sshd", "sshd", pid, "sshd.closedPreauth", holes, who);
}
