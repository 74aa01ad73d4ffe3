import { errorResponse, learnerPost } from "@/lib/server/http";
import { runLabQuery } from "@/lib/server/lab/queries";

type Ctx = { params: Promise<{ slug: string }> };

/** Run a learner's SQL against their own copy of the lab's logs. */
export async function POST(request: Request, { params }: Ctx) {
  // The engine refuses queries over 20 KB with a clear message; the body cap leaves room for JSON escaping.
  return learnerPost(request, params, 128 * 1024, async (input) => {
    const outcome = await runLabQuery(input);
    return outcome.ok ? Response.json(outcome.result) : errorResponse(outcome);
  });
}
