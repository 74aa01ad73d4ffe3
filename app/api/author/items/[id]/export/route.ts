import { z } from "zod";
import { itemParamsSchema } from "@/lib/schemas/author";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { exportItem } from "@/lib/server/authoring/files";
import { parseInput } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

const querySchema = z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() });

/** The item as one archive in the labs/ layout (definition, its log file when it has one). */
export const GET = route({ access: AUTHOR_ROLES, params: itemParamsSchema }, async ({ user, params, request }) => {
  const { version } = parseInput(querySchema, Object.fromEntries(new URL(request.url).searchParams));
  const { fileName, bytes } = await exportItem(user, { itemId: params.id, version });
  return new Response(Buffer.from(bytes), {
    headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
  });
});
