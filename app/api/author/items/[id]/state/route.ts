import { itemParamsSchema, itemStateSchema } from "@/lib/schemas/author";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { requestReview, setItemState } from "@/lib/server/authoring/lifecycle";
import { route } from "@/lib/server/route";

/** Request review of the draft, unpublish (state "draft") or archive the item. */
export const POST = route({ access: AUTHOR_ROLES, params: itemParamsSchema, input: itemStateSchema }, async ({ user, params, input, ip }) =>
  Response.json(
    input.state === "in_review"
      ? await requestReview(user, { itemId: params.id }, ip)
      : await setItemState(user, { itemId: params.id, state: input.state }, ip),
  ),
);
