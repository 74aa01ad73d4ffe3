import { errorResponse, learnerPost } from "@/lib/server/http";
import { exploreLab } from "@/lib/server/lab/queries";

/** The log explorer: filters, a page of events, facets and a histogram. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return learnerPost(request, params, 32 * 1024, async (input) => {
    const outcome = await exploreLab(input);
    return outcome.ok ? Response.json(outcome.result) : errorResponse(outcome);
  });
}
