// Linux services on Ubuntu 18.04 (systemd 237, OpenSSH 7.6p1, linux-pam 1.1.8, dpkg 1.19) and 22.04
// (systemd 249.11, OpenSSH 8.9p1, linux-pam 1.4.0, dpkg 1.21). Per-version keys: "18.04", "22.04";
// a text keyed by one release only is never written on the other (rendering it there throws).
// These formats print no source location: `evidence.line` is where upstream produces the message.
// Read at the upstream tags; Ubuntu's own patches to these packages were not read.
import type { ComposedTemplate, ExactTemplate, PerVersion } from "./types";

type T = ExactTemplate | ComposedTemplate;
const os = <X>(old: X, neu: X): PerVersion<X> => ({ "18.04": old, "22.04": neu });
const only22 = <X>(x: X): PerVersion<X> => ({ "22.04": x });
const only18 = <X>(x: X): PerVersion<X> => ({ "18.04": x });
const SSH = ["V_7_6_P1", "V_8_9_P1"];
const PAM = ["Linux-PAM-1_1_8", "v1.4.0"];
const SD = ["v237", "v249.11"];
const DPKG = ["1.19.0", "1.21.1"];
const ev = (repo: string, tags: string[], path: string | PerVersion<string>, line: number | PerVersion<number>) => ({ repo, tags, path, line });
const sd = (path: string | PerVersion<string>, a: number | undefined, b: number | undefined) =>
  ev(
    "systemd/systemd-stable",
    a === undefined ? ["v249.11"] : b === undefined ? ["v237"] : SD,
    path,
    a === undefined ? only22(b!) : b === undefined ? only18(a) : os(a, b),
  );
const ssh = (line: number | PerVersion<number>, path = "auth.c") => ev("openssh/openssh-portable", SSH, path, line);
const pam = (path: string, a: number, b: number) => ev("linux-pam/linux-pam", PAM, `modules/pam_unix/${path}`, os(a, b));
const dpkg = (path: string, a: number, b: number) => ev("guillemj/dpkg", DPKG, path, os(a, b));
const NOTICE = "syslog priority NOTICE, recorded as INFO (the level column has no notice)";

export const LINUX_TEMPLATES = {
  // systemd (PID 1). 249 prints the description alone too: "unit - description" is systemd 252's.
  "systemd.starting": { kind: "exact", level: "INFO", text: "Starting {{desc}}...", evidence: sd(os("src/core/service.c", "src/core/job.c"), 3935, 516) },
  "systemd.started": { kind: "exact", level: "INFO", text: "Started {{desc}}.", evidence: sd(os("src/core/service.c", "src/core/job.c"), 3939, 576) },
  "systemd.stopping": { kind: "exact", level: "INFO", text: "Stopping {{desc}}...", evidence: sd(os("src/core/service.c", "src/core/job.c"), 3936, 518) },
  "systemd.stopped": { kind: "exact", level: "INFO", text: "Stopped {{desc}}.", evidence: sd("src/core/service.c", 3943, 4668) },
  "systemd.finished": {
    kind: "exact",
    level: "INFO",
    text: only22("Finished {{desc}}."),
    evidence: sd("src/core/service.c", undefined, 4505),
    note: "a oneshot's finished start job; 237 says Started",
  },
  "systemd.reloading": { kind: "exact", level: "INFO", text: "Reloading.", evidence: sd("src/core/main.c", 1787, 1928) },
  "systemd.succeeded": {
    kind: "exact",
    level: "INFO",
    text: only22("{{unit}}: Deactivated successfully."),
    evidence: sd("src/core/unit.c", undefined, 5566),
    note: "237 logs nothing when a unit ends cleanly",
  },
  "systemd.consumedCpu": {
    kind: "exact",
    level: "INFO",
    text: only22("{{unit}}: Consumed {{cpu}} CPU time."),
    evidence: sd("src/core/unit.c", undefined, 2249),
    note: "logged at INFO only above 1 s of CPU",
  },
  "systemd.mainExited": {
    kind: "exact",
    level: "INFO",
    text: "{{unit}}: Main process exited, code=exited, status={{status}}",
    evidence: sd(os("src/core/service.c", "src/core/unit.c"), 3050, 5615),
    note: NOTICE,
  },
  "systemd.failedResult": {
    kind: "exact",
    level: "WARN",
    text: "{{unit}}: Failed with result '{{result}}'.",
    evidence: sd(os("src/core/service.c", "src/core/unit.c"), 1597, 5576),
  },
  "systemd.holdOff": {
    kind: "exact",
    level: "INFO",
    text: only18("{{unit}}: Service hold-off time over, scheduling restart."),
    evidence: sd("src/core/service.c", 3374, undefined),
    note: "249 logs its RestartSec line at debug",
  },
  "systemd.restartJob": {
    kind: "exact",
    level: "INFO",
    text: "{{unit}}: Scheduled restart job, restart counter is at {{n}}.",
    evidence: sd("src/core/service.c", 2058, 2291),
  },
  // systemd-logind
  "logind.newSession": {
    kind: "exact",
    level: "INFO",
    text: "New session {{session}} of user {{user}}.",
    evidence: sd("src/login/logind-session.c", 632, 717),
  },
  "logind.loggedOut": {
    kind: "exact",
    level: "INFO",
    text: only22("Session {{session}} logged out. Waiting for processes to exit."),
    evidence: sd("src/login/logind-session.c", undefined, 787),
  },
  "logind.removed": { kind: "exact", level: "INFO", text: "Removed session {{session}}.", evidence: sd("src/login/logind-session.c", 737, 845) },
  // cron (Debian cron 3.0pl1) and pam_unix
  "cron.sessionOpened": {
    kind: "exact",
    level: "INFO",
    text: os(
      "pam_unix(cron:session): session opened for user {{user}} by (uid={{byUid}})",
      "pam_unix(cron:session): session opened for user {{user}}(uid={{uid}}) by (uid={{byUid}})",
    ),
    evidence: pam("pam_unix_sess.c", 99, 100),
    note: "getlogin() is empty for cron and sshd, hence 'by (uid=0)'",
  },
  "cron.cmd": {
    kind: "composed",
    level: "INFO",
    project: "Debian cron 3.0pl1",
    text: "({{user}}) CMD ({{cmd}})",
    reason:
      "Debian's cron lives on salsa.debian.org, not in a repository this workplace can fetch; an indexed copy of the Debian-patched do_command.c logs CMD from the job's own process (pid + 1) after the PAM session opens in its parent",
  },
  "cron.sessionClosed": {
    kind: "exact",
    level: "INFO",
    text: "pam_unix(cron:session): session closed for user {{user}}",
    evidence: pam("pam_unix_sess.c", 129, 130),
  },
  // OpenSSH (the privileged monitor logs auth; the post-auth child logs the disconnect)
  "sshd.acceptedPublickey": {
    kind: "exact",
    level: "INFO",
    text: "Accepted publickey for {{user}} from {{ip}} port {{port}} ssh2: {{keyType}} SHA256:{{fp}}",
    evidence: ssh(os(335, 342)),
  },
  "sshd.sessionOpened": {
    kind: "exact",
    level: "INFO",
    text: os(
      "pam_unix(sshd:session): session opened for user {{user}} by (uid={{byUid}})",
      "pam_unix(sshd:session): session opened for user {{user}}(uid={{uid}}) by (uid={{byUid}})",
    ),
    evidence: pam("pam_unix_sess.c", 99, 100),
  },
  "sshd.receivedDisconnect": {
    kind: "exact",
    level: "INFO",
    text: "Received disconnect from {{ip}} port {{port}}:11: disconnected by user",
    evidence: ssh(os(1703, 1742), "packet.c"),
    note: "from the post-auth child (another pid)",
  },
  "sshd.disconnected": {
    kind: "exact",
    level: "INFO",
    text: "Disconnected from user {{user}} {{ip}} port {{port}}",
    evidence: ssh(os(1815, 1881), "packet.c"),
    note: "post-auth child",
  },
  "sshd.sessionClosed": {
    kind: "exact",
    level: "INFO",
    text: "pam_unix(sshd:session): session closed for user {{user}}",
    evidence: pam("pam_unix_sess.c", 129, 130),
  },
  "sshd.invalidUser": { kind: "exact", level: "INFO", text: "Invalid user {{user}} from {{ip}} port {{port}}", evidence: ssh(595) },
  "sshd.checkPass": {
    kind: "exact",
    level: "WARN",
    text: "pam_unix(sshd:auth): check pass; user unknown",
    evidence: pam("support.c", 755, 708),
    note: "LOG_WARNING in 1.1.8, LOG_NOTICE in 1.4.0",
  },
  "sshd.authFailure": {
    kind: "exact",
    level: "INFO",
    text: "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={{ip}} ",
    evidence: pam("support.c", 823, 776),
    note: `${NOTICE}; the trailing space is upstream's`,
  },
  "sshd.failedPassword": {
    kind: "exact",
    level: "INFO",
    text: "Failed password for invalid user {{user}} from {{ip}} port {{port}} ssh2",
    evidence: ssh(os(335, 342)),
  },
  "sshd.closedPreauth": {
    kind: "exact",
    level: "INFO",
    text: "Connection closed by invalid user {{user}} {{ip}} port {{port}} [preauth]",
    evidence: ssh(os(1808, 1874), "packet.c"),
    note: "[preauth] is added by the monitor relaying the child's message (monitor.c)",
  },
  // dpkg.log
  "dpkg.startup": {
    kind: "exact",
    level: "INFO",
    text: "startup {{type}} {{command}}",
    evidence: dpkg("src/archives.c, src/packages.c", 1455, 1519),
    note: "archives unpack (archives.c), packages configure|remove (packages.c 146 / 148)",
  },
  "dpkg.status": { kind: "exact", level: "INFO", text: "status {{state}} {{pkg}} {{version}}", evidence: dpkg("lib/dpkg/dbmodify.c", 416, 479) },
  "dpkg.action": {
    kind: "exact",
    level: "INFO",
    text: "{{action}} {{pkg}} {{old}} {{new}}",
    evidence: dpkg("src/main/help.c", 351, 349),
    note: "log_action; install/upgrade from unpack.c, configure from configure.c, remove from remove.c",
  },
} satisfies Record<string, T>;
