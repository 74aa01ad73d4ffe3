import { getCurrentUser } from "@/lib/server/auth";
import { submitQuizAttempt } from "@/lib/server/quiz";
import { clientIpFromHeaders } from "@/lib/server/request-ip";
import { readJsonBody, sameOrigin } from "@/lib/server/http";
import { slugSchema } from "@/lib/schemas/content";

const MAX_BODY_BYTES = 64 * 1024;

/** Submit one quiz attempt. The learner is the session's user, never a field of the body. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const user = await getCurrentUser();
  if (!user) return Response.json({ message: "Sign in to submit answers." }, { status: 401 });
  if (!sameOrigin(request)) return Response.json({ message: "Cross-site submissions are not accepted." }, { status: 403 });
  const slug = slugSchema.safeParse((await params).slug);
  if (!slug.success) return Response.json({ message: "There is no such quiz." }, { status: 404 });
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return Response.json({ message: body.message }, { status: body.status });

  const result = await submitQuizAttempt({ userId: user.id, slug: slug.data, body: body.value, ip: clientIpFromHeaders(request.headers) });
  if (result.ok) return Response.json(result, { status: 201 });
  const headers = result.status === 429 ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
  return Response.json(result, { status: result.status, headers });
}
