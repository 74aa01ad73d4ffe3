import { itemParamsSchema } from "@/lib/schemas/author";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { publishDraft } from "@/lib/server/authoring/lifecycle";
import { route } from "@/lib/server/route";

/** Verify the draft again and publish it as an immutable version. */
export const POST = route({ access: AUTHOR_ROLES, params: itemParamsSchema }, async ({ user, params, ip }) =>
  Response.json(await publishDraft(user, { itemId: params.id }, ip)),
);
