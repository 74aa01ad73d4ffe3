// Who is on the other end of a request: the socket's peer, unless that peer is a proxy named in
// TRUSTED_PROXIES, in which case X-Forwarded-For is read from the right, one trusted hop at a time.
// A client can write anything into X-Forwarded-For; only what trusted proxies appended counts.
import { BlockList, isIP } from "node:net";

export type TrustedProxies = { check(address: string): boolean; spec: string };

/** `::ffff:10.0.0.1` is the IPv4 peer 10.0.0.1 on a dual-stack socket. */
export function normaliseAddress(raw: string): string | null {
  let a = raw.trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) a = mapped[1];
  const family = isIP(a);
  if (family === 4) return a;
  if (family === 6) return a.toLowerCase();
  return null;
}

/**
 * TRUSTED_PROXIES: comma- or space-separated addresses and CIDR ranges (IPv4 or IPv6), e.g.
 * `10.0.0.0/8, 127.0.0.1`. Empty: no proxy is trusted and forwarding headers are ignored.
 * A malformed entry is an error, so a typo cannot silently trust nothing (or everything).
 */
export function parseTrustedProxies(spec: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (spec ?? "").split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [addr, bits, extra] = entry.split("/");
    const address = normaliseAddress(addr);
    if (!address || extra !== undefined) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or a CIDR range`);
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (type === "ipv4" ? 32 : 128)) throw new Error(`TRUSTED_PROXIES: "${entry}" has a bad prefix length`);
    list.addSubnet(address, prefix, type);
  }
  return {
    spec: entries.join(","),
    check: (address) => {
      const a = normaliseAddress(address);
      return !!a && list.check(a, isIP(a) === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The client's address. `forwardedFor` is every X-Forwarded-For header's value, in order. Reading
 * from the right, each trusted hop passes on to the address it forwarded for; the first address
 * that is not a trusted proxy is the client. A hop that is not an address stops the walk at the
 * last trusted one (a proxy always appends a real address; garbage came from the client).
 */
export function clientAddress(peer: string | undefined, forwardedFor: readonly string[], trusted: TrustedProxies): string {
  let client = normaliseAddress(peer ?? "") ?? "unknown";
  if (!trusted.check(client)) return client;
  const hops = forwardedFor
    .flatMap((v) => v.split(","))
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!trusted.check(hop)) break;
  }
  return client;
}
