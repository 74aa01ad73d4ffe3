import { normaliseAddress } from "@/lib/net/client-address";

/**
 * The client's address as scripts/server.ts decided it: the socket's peer, or what proxies named
 * in TRUSTED_PROXIES forwarded for (it rewrites X-Forwarded-For to that one address).
 */
export function clientIpFromHeaders(headers: Record<string, unknown> | Headers): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (typeof value === "string" && normaliseAddress(value.split(",")[0])) || "unknown";
}
