import { querySchema } from "@/lib/schemas/lab";
import { runLabQuery } from "@/lib/server/lab/queries";
import { route } from "@/lib/server/route";

/** Run a learner's SQL against their own copy of the lab's logs. */
// The engine refuses queries over 20 KB with a clear message; the body cap leaves room for JSON escaping.
export const POST = route({ access: "signed-in", input: querySchema, maxBytes: 128 * 1024 }, async ({ user, slug, input }) =>
  Response.json(await runLabQuery({ userId: user.id, slug, input })),
);
