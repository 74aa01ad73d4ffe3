import { exploreSchema } from "@/lib/schemas/lab";
import { exploreLab } from "@/lib/server/lab/queries";
import { route } from "@/lib/server/route";

/** The log explorer: filters, a page of events, facets and a histogram. */
export const POST = route({ access: "signed-in", input: exploreSchema, maxBytes: 32 * 1024 }, async ({ user, slug, input }) =>
  Response.json(await exploreLab({ userId: user.id, slug, input })),
);
