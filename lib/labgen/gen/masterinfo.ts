// MasterInfo as Marathon logs it in "Re-registered to <MasterInfo>": the Java protobuf's toString(),
// i.e. the text format, one field per line in field-number order, nested messages indented by two.
import type { Host } from "../hosts";

/** Mesos keeps MasterInfo.ip as the IPv4 address in network byte order read as a uint32 */
function ipUint32(ip: string): number {
  const [a, b, c, d] = ip.split(".").map(Number);
  return ((d << 24) >>> 0) + (c << 16) + (b << 8) + a;
}

/** MASTER_CAPABILITIES() (src/master/constants.cpp): the same in 1.9.0, 1.10.0 and 1.11.0 */
const CAPABILITIES = ["AGENT_UPDATE", "AGENT_DRAINING", "QUOTA_V2"];

export function masterInfoText(h: Host, id: string, version: string): string {
  const lines = [
    `id: "${id}"`,
    `ip: ${ipUint32(h.ip)}`,
    "port: 5050",
    `pid: "master@${h.ip}:5050"`,
    `hostname: "${h.fqdn}"`,
    `version: "${version}"`,
    "address {",
    `  hostname: "${h.fqdn}"`,
    `  ip: "${h.ip}"`,
    "  port: 5050",
    "}",
  ];
  for (const cap of CAPABILITIES) lines.push("capabilities {", `  type: ${cap}`, "}");
  return lines.join("\n") + "\n";
}
