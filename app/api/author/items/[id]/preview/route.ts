import { draftSchema, itemParamsSchema } from "@/lib/schemas/author";
import { MAX_SOURCE_BYTES } from "@/lib/content/definition";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { previewDefinition } from "@/lib/server/authoring/preview";
import { route } from "@/lib/server/route";

/** What a learner would see of this text: the public view, without answer keys. Nothing is stored. */
export const POST = route(
  { access: AUTHOR_ROLES, params: itemParamsSchema, input: draftSchema, maxBytes: MAX_SOURCE_BYTES + 16 * 1024 },
  async ({ user, params, input }) => Response.json(await previewDefinition(user, { itemId: params.id, source: input.source })),
);
