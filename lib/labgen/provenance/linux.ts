// Linux services on Ubuntu 18.04 (systemd 237, OpenSSH 7.6p1, linux-pam 1.1.8, dpkg 1.19) and 22.04
// (systemd 249, OpenSSH 8.9p1, linux-pam 1.4.0, dpkg 1.21). Keys of per-version values: "18.04", "22.04".
import type { ComposedTemplate, ExactTemplate } from "./types";

type T = ExactTemplate | ComposedTemplate;
const os = (a: string, b: string) => ({ "18.04": a, "22.04": b });

export const LINUX_TEMPLATES = {
  "systemd.starting": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: os("Starting {{desc}}...", "Starting {{unit}} - {{desc}}...") },
  "systemd.started": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: os("Started {{desc}}.", "Started {{unit}} - {{desc}}.") },
  "systemd.stopping": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: os("Stopping {{desc}}...", "Stopping {{unit}} - {{desc}}...") },
  "systemd.stopped": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: os("Stopped {{desc}}.", "Stopped {{unit}} - {{desc}}.") },
  "systemd.finished": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: os("Finished {{desc}}.", "Finished {{unit}} - {{desc}}.") },
  "systemd.reloading": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: "Reloading." },
  "systemd.succeeded": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: os("{{unit}}: Succeeded.", "{{unit}}: Deactivated successfully.") },
  "systemd.mainExited": { kind: "composed", project: "systemd", reason: "PENDING", level: "WARN", text: "{{unit}}: Main process exited, code=exited, status={{status}}" },
  "systemd.failedResult": { kind: "composed", project: "systemd", reason: "PENDING", level: "WARN", text: "{{unit}}: Failed with result '{{result}}'." },
  "systemd.holdOff": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: "{{unit}}: Service hold-off time over, scheduling restart." },
  "systemd.restartJob": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: "{{unit}}: Scheduled restart job, restart counter is at {{n}}." },
  "cron.sessionOpened": { kind: "composed", project: "linux-pam", reason: "PENDING", level: "INFO", text: os("pam_unix(cron:session): session opened for user {{user}} by (uid={{byUid}})", "pam_unix(cron:session): session opened for user {{user}}(uid={{uid}}) by (uid={{byUid}})") },
  "cron.cmd": { kind: "composed", project: "cron", reason: "PENDING", level: "INFO", text: "({{user}}) CMD ({{cmd}})" },
  "cron.sessionClosed": { kind: "composed", project: "linux-pam", reason: "PENDING", level: "INFO", text: "pam_unix(cron:session): session closed for user {{user}}" },
  "sshd.acceptedPublickey": { kind: "composed", project: "OpenSSH", reason: "PENDING", level: "INFO", text: "Accepted publickey for {{user}} from {{ip}} port {{port}} ssh2: {{keyType}} SHA256:{{fp}}" },
  "sshd.sessionOpened": { kind: "composed", project: "linux-pam", reason: "PENDING", level: "INFO", text: os("pam_unix(sshd:session): session opened for user {{user}} by (uid={{byUid}})", "pam_unix(sshd:session): session opened for user {{user}}(uid={{uid}}) by (uid={{byUid}})") },
  "sshd.receivedDisconnect": { kind: "composed", project: "OpenSSH", reason: "PENDING", level: "INFO", text: "Received disconnect from {{ip}} port {{port}}:11: disconnected by user" },
  "sshd.disconnected": { kind: "composed", project: "OpenSSH", reason: "PENDING", level: "INFO", text: "Disconnected from user {{user}} {{ip}} port {{port}}" },
  "sshd.sessionClosed": { kind: "composed", project: "linux-pam", reason: "PENDING", level: "INFO", text: "pam_unix(sshd:session): session closed for user {{user}}" },
  "sshd.invalidUser": { kind: "composed", project: "OpenSSH", reason: "PENDING", level: "INFO", text: "Invalid user {{user}} from {{ip}} port {{port}}" },
  "sshd.failedPassword": { kind: "composed", project: "OpenSSH", reason: "PENDING", level: "WARN", text: "Failed password for invalid user {{user}} from {{ip}} port {{port}} ssh2" },
  "sshd.closedPreauth": { kind: "composed", project: "OpenSSH", reason: "PENDING", level: "INFO", text: "Connection closed by invalid user {{user}} {{ip}} port {{port}} [preauth]" },
  "logind.newSession": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: "New session {{session}} of user {{user}}." },
  "logind.loggedOut": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: "Session {{session}} logged out. Waiting for processes to exit." },
  "logind.removed": { kind: "composed", project: "systemd", reason: "PENDING", level: "INFO", text: "Removed session {{session}}." },
  "dpkg.startup": { kind: "composed", project: "dpkg", reason: "PENDING", level: "INFO", text: "startup {{type}} {{command}}" },
  "dpkg.status": { kind: "composed", project: "dpkg", reason: "PENDING", level: "INFO", text: "status {{state}} {{pkg}} {{version}}" },
  "dpkg.action": { kind: "composed", project: "dpkg", reason: "PENDING", level: "INFO", text: "{{action}} {{pkg}} {{old}} {{new}}" },
} satisfies Record<string, T>;
