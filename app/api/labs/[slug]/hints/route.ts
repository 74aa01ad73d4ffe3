import { hintRequestSchema } from "@/lib/schemas/lab";
import { unlockHint } from "@/lib/server/lab/hints";
import { route } from "@/lib/server/route";

/** Unlock the next hint of a task (its cost comes off that task's points). */
export const POST = route({ access: "signed-in", input: hintRequestSchema, maxBytes: 4 * 1024 }, async ({ user, slug, input }) =>
  Response.json(await unlockHint({ userId: user.id, slug, input })),
);
