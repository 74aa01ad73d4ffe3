import { itemParamsSchema } from "@/lib/schemas/author";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { verifyDraft } from "@/lib/server/authoring/lifecycle";
import { route } from "@/lib/server/route";

/** Run the draft's reference answers and detection against its data, and the leak and regex checks. */
export const POST = route({ access: AUTHOR_ROLES, params: itemParamsSchema }, async ({ user, params }) =>
  Response.json(await verifyDraft(user, { itemId: params.id })),
);
