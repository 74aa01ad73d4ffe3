import { NextResponse, type NextRequest } from "next/server";

// Optimistic redirect only: a visitor without a session cookie is sent to
// sign in before rendering. The real checks happen on the server in every
// page, action and route handler (requireUser / getCurrentUser).
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = new URL("/signin", request.url);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/dashboard", "/quizzes/:path*", "/labs/:path*", "/author/:path*", "/admin/:path*"] };
