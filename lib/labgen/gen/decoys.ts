// Mentions of Mesos that are not a running master: the ops box's cron probe and package removal,
// and the ops activity around the decommission / replacement (package install/remove on masters).
import type { Rng } from "../prng";
import { dpkgInstall, dpkgRemove } from "../formats/dpkg";
import { DAY, HOUR, MIN } from "../time";
import { cronJob, sshSession } from "./linux";
import type { Ctx } from "./ctx";

export const PROBE_CMD = "systemctl is-active mesos-master";

export function emitDecoys(c: Ctx, r: Rng): void {
  const { s, sc, f, v } = c;
  const ops = f.ops;
  const { D, N } = f.roles;
  // a left-over monitoring cron from the Mesos days: it asks the LOCAL systemd, on a box that never ran Mesos
  for (let t = sc.W + r.int(0, 14) * MIN + 2_000_000; t < sc.E; t += 15 * MIN) {
    cronJob(c, ops, t + r.int(0, 200_000), PROBE_CMD);
  }
  // the ops box had the Mesos CLI package (mesos-execute, mesos-ps); removed on Thursday
  const k = (sc.E - sc.W) / (7 * DAY);
  const opsRemove = sc.W + (3 * DAY + r.range(9, 11) * HOUR) * k;
  sshSession(c, r, opsRemove - 4 * MIN, ops, "ops", f.bastion.ip, 12 * MIN);
  dpkgRemove(s, ops, opsRemove, "mesos", v.mesos.pkg);

  // Wednesday: ops logs in to D, stops it (masters.ts), removes the packages; then builds N
  sshSession(c, r, sc.decom - 6 * MIN, D, "ops", f.bastion.ip, 25 * MIN);
  dpkgRemove(s, D, sc.decom + r.range(4, 10) * MIN, "mesos", v.mesos.pkg);
  sshSession(c, r, sc.nInstall - 5 * MIN, N, "ops", f.bastion.ip, 40 * MIN);
  dpkgInstall(s, N, sc.nInstall, "mesos", "amd64", null, v.mesos.pkg);
  // Friday: someone looks at the master that exited in the ZooKeeper outage
  sshSession(c, r, sc.blip + r.range(20, 40) * MIN, sc.restarted[1], "ops", f.bastion.ip, r.range(10, 30) * MIN);
}
