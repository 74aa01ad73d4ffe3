import { z } from "zod";
import { AppError } from "@/lib/server/errors";
import { recordLabTime } from "@/lib/server/lab/queries";
import { route } from "@/lib/server/route";

/** Time on task: the workspace calls this every 30 s while it is visible (an empty JSON object). */
export const POST = route({ access: "signed-in", input: z.strictObject({}), maxBytes: 1024 }, async ({ user, slug }) => {
  if (!(await recordLabTime({ userId: user.id, slug }))) throw new AppError("not_found:lab", "There is no such lab.");
  return new Response(null, { status: 204 });
});
