import { savedQuerySchema } from "@/lib/schemas/lab";
import { changeSavedQuery } from "@/lib/server/lab/saved";
import { route } from "@/lib/server/route";

/** Save a named query (the same name replaces it) or delete one; answers the learner's list. */
export const POST = route({ access: "signed-in", input: savedQuerySchema, maxBytes: 64 * 1024 }, async ({ user, slug, input }) =>
  Response.json({ saved: await changeSavedQuery({ userId: user.id, slug, input }) }),
);
