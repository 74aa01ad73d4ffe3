// "Flags at startup:" of a Mesos master and agent: stout prints every flag that has a value (its default
// or the one set), in the byte order of the flag names, as --name="value", separated by single spaces.
// The lists per version are in mesos-flags.ts.
import type { Fleet, Host } from "../hosts";
import { AGENT_FLAGS, MASTER_FLAGS, type MesosVersion } from "./mesos-flags";

function print(flags: [string, string][], holes: Record<string, string>): string {
  return flags.map(([k, v]) => `--${k}="${v.replace(/\{(\w+)\}/g, (_, h: string) => holes[h])}"`).join(" ");
}

const zkUrl = (f: Fleet) => `zk://${f.zks.map((z) => `${z.ip}:2181`).join(",")}/mesos`;

export function masterFlags(f: Fleet, host: Host, version: string): string {
  return print(MASTER_FLAGS[version as MesosVersion], { fqdn: host.fqdn, zk: zkUrl(f), cluster: f.domain.split(".")[0] + "-legacy" });
}

export function agentFlags(f: Fleet, a: Host, version: string): string {
  return print(AGENT_FLAGS[version as MesosVersion], { fqdn: a.fqdn, zk: zkUrl(f) });
}
