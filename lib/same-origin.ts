/**
 * Whether a request comes from one of our own pages: a browser always sends Origin on a cross-site
 * POST, and it must name the host the request was sent to (X-Forwarded-Host only survives
 * scripts/server.ts when a trusted proxy set it). No Origin: not a browser's cross-site request.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
