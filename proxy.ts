import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "@/lib/csp";
import { servedOverHttps } from "@/lib/public-url";
import { checkPagePost } from "@/lib/server-action-guard";

// On every page: POSTs checked as server actions (lib/server-action-guard.ts); the Content-Security-Policy with this request's nonce (on the request too, where
// Next reads it to put the nonce on its scripts) and, over HTTPS, HSTS. For the signed-in areas,
// an optimistic redirect of a visitor without a session cookie to sign in before rendering; the
// real checks happen on the server in every page, action and route handler (requireUser /
// getCurrentUser).
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const GATED = /^\/(dashboard|quizzes|labs|author|admin)(\/|$)/;

export async function proxy(request: NextRequest) {
  // a POST to a page is a server action: shaped as ours are, or refused with a 4xx before Next decodes it
  const refusal = await checkPagePost(request);
  if (refusal) return Response.json({ message: refusal.message }, { status: refusal.status, headers: refusal.headers });
  if (GATED.test(request.nextUrl.pathname) && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = new URL("/signin", request.url);
    url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(url);
  }
  const https = servedOverHttps();
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // every page, not its static files or the API (JSON answers run no scripts)
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
