import { draftSchema, itemParamsSchema } from "@/lib/schemas/author";
import { MAX_SOURCE_BYTES } from "@/lib/content/definition";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { saveDraft } from "@/lib/server/authoring/items";
import { route } from "@/lib/server/route";

/** Save the editor's text as the item's draft (refused with every problem when it does not validate). */
export const PUT = route(
  { access: AUTHOR_ROLES, params: itemParamsSchema, input: draftSchema, maxBytes: MAX_SOURCE_BYTES + 16 * 1024 },
  async ({ user, params, input }) => Response.json(await saveDraft(user, { itemId: params.id, source: input.source })),
);
