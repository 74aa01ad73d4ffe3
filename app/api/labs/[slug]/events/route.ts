import { eventContextSchema } from "@/lib/schemas/lab";
import { labEventContext } from "@/lib/server/lab/queries";
import { route } from "@/lib/server/route";

/** The log explorer's detail view: one event in full, with the events before and after it on its host. */
export const POST = route({ access: "signed-in", input: eventContextSchema, maxBytes: 1024 }, async ({ user, slug, input }) =>
  Response.json(await labEventContext({ userId: user.id, slug, input })),
);
