import "server-only";
import { slugSchema } from "@/lib/schemas/content";
import { isQueryRejected } from "./lab-engine/types";
import { STATUS_OF } from "./lab-engine/protocol";
import { logEvent } from "./log";
import { getCurrentUser } from "./auth";
import { clientIpFromHeaders } from "./request-ip";

/**
 * A browser always sends Origin on a cross-site POST; refusing a foreign one
 * (on top of requiring a JSON body) closes the door to CSRF.
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

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

/** Reads a JSON body of at most `limit` bytes, with a clear message for anything else. */
export async function readJsonBody(request: Request, limit: number): Promise<JsonBody> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { ok: false, status: 415, message: "Send the answers as JSON (Content-Type: application/json)." };
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) return { ok: false, status: 413, message: `The request is too large (limit ${limit / 1024} KB).` };
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, status: 413, message: `The request is too large (limit ${limit / 1024} KB).` };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, message: "The request body is not valid JSON." };
  }
}

type LearnerPost = { userId: string; slug: string; body: unknown; ip: string };

/**
 * The common boundary of the learner JSON endpoints: a signed-in, active
 * user (re-read from the database), a same-origin request, a valid slug and a
 * bounded JSON body. The handler gets the user id from the session only.
 */
export async function learnerPost(
  request: Request,
  params: Promise<{ slug: string }>,
  maxBytes: number,
  handle: (input: LearnerPost) => Promise<Response>,
): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ message: "Sign in first." }, { status: 401 });
  if (!sameOrigin(request)) return Response.json({ message: "Cross-site requests are not accepted." }, { status: 403 });
  const slug = slugSchema.safeParse((await params).slug);
  if (!slug.success) return Response.json({ message: "Not found." }, { status: 404 });
  const body = await readJsonBody(request, maxBytes);
  if (!body.ok) return Response.json({ message: body.message }, { status: body.status });
  try {
    return await handle({ userId: user.id, slug: slug.data, body: body.value, ip: clientIpFromHeaders(request.headers) });
  } catch (err) {
    // the lab engine refused or failed: its sentence is safe to show, with the status it carries
    if (isQueryRejected(err)) return Response.json({ message: err.message, kind: err.kind }, { status: STATUS_OF[err.kind] });
    logEvent("error", "app", "request_failed", { path: new URL(request.url).pathname, error: err instanceof Error ? err.message : String(err) });
    return Response.json({ message: "Something went wrong on our side; try again in a moment." }, { status: 500 });
  }
}

/** A JSON error response, with Retry-After for 429s. */
export function errorResponse(result: { status: number; message: string; retryAfterSeconds?: number } & Record<string, unknown>): Response {
  const { status, ...body } = result;
  const headers = status === 429 && result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
  return Response.json(body, { status, headers });
}
