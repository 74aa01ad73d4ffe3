import { errorResponse, learnerPost } from "@/lib/server/http";
import { submitLabAnswer } from "@/lib/server/lab/answers";

/** Submit an answer to one lab task; graded against the learner's own variant. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return learnerPost(request, params, 128 * 1024, async (input) => {
    const result = await submitLabAnswer(input);
    return result.ok ? Response.json({ task: result.task, lab: result.lab }, { status: 201 }) : errorResponse(result);
  });
}
