import { learnerPost } from "@/lib/server/http";
import { recordLabTime } from "@/lib/server/lab/queries";

/** Time on task: the workspace calls this every 30 s while it is visible. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return learnerPost(request, params, 1024, async (input) => new Response(null, { status: (await recordLabTime(input)) ? 204 : 404 }));
}
