/** The client address as forwarded by Next's server (or a proxy in front of it). */
export function clientIpFromHeaders(headers: Record<string, unknown> | Headers): string {
  const get = (name: string): string | undefined => (headers instanceof Headers ? (headers.get(name) ?? undefined) : (headers[name] as string | undefined));
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || get("x-real-ip") || "unknown").slice(0, 64);
}
