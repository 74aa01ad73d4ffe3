import { errorResponse, learnerPost } from "@/lib/server/http";
import { unlockHint } from "@/lib/server/lab/hints";

/** Unlock the next hint of a task (its cost comes off that task's points). */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return learnerPost(request, params, 4 * 1024, async (input) => {
    const result = await unlockHint(input);
    return result.ok ? Response.json({ task: result.task, lab: result.lab }) : errorResponse(result);
  });
}
