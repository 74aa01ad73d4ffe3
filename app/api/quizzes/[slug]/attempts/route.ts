import { submitQuizAttempt } from "@/lib/server/quiz";
import { errorResponse, learnerPost } from "@/lib/server/http";

/** Submit one quiz attempt. The learner is the session's user, never a field of the body. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return learnerPost(request, params, 64 * 1024, async (input) => {
    const result = await submitQuizAttempt(input);
    return result.ok ? Response.json(result, { status: 201 }) : errorResponse(result);
  });
}
