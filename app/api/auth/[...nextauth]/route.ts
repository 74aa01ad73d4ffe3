import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth-options";
import { cookieValue, deviceCookie, deviceCookieName } from "@/lib/server/device";
import { clientIpFromHeaders } from "@/lib/server/request-ip";
import { signInAttempts, throttledMessage, type SignInAttempt } from "@/lib/server/throttle";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's handler, with what it cannot do itself: it hears who is signing in (the address and
 * device cookie `authorize` limits by), answers a throttled sign-in with 429 and Retry-After
 * instead of a wrong-password reply, and remembers the browser of a successful one.
 */
async function POST(request: Request, context: Context): Promise<Response> {
  const attempt: SignInAttempt = { ip: clientIpFromHeaders(request.headers), deviceCookie: cookieValue(request.headers.get("cookie"), deviceCookieName()) };
  const response: Response = await signInAttempts.run(attempt, () => handler(request, context));
  if (attempt.retryAfterSeconds) {
    const message = throttledMessage(attempt.retryAfterSeconds);
    const url = new URL("/signin", request.url);
    url.searchParams.set("error", message);
    // `url` is what next-auth's client reads the error from
    return Response.json(
      { url: url.toString(), message, code: "rate_limit:signin", retryAfterSeconds: attempt.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(attempt.retryAfterSeconds) } },
    );
  }
  if (attempt.signedIn) response.headers.append("Set-Cookie", deviceCookie(attempt.signedIn.userId, attempt.signedIn.deviceId));
  return response;
}

export { handler as GET, POST };
