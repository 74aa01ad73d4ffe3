import { itemParamsSchema, uploadQuerySchema } from "@/lib/schemas/author";
import { UPLOAD_LIMITS } from "@/lib/schemas/upload";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { uploadLabData } from "@/lib/server/authoring/files";
import { parseInput } from "@/lib/server/errors";
import { readBody } from "@/lib/server/http";
import { route } from "@/lib/server/route";

const TYPES = {
  jsonl: ["application/x-ndjson", "application/jsonl", "application/json", "text/plain", "application/octet-stream"],
  csv: ["text/csv", "text/plain", "application/octet-stream"],
};

/** Upload the draft's log file as the request body (?format=jsonl|csv), streamed and validated. */
export const PUT = route({ access: AUTHOR_ROLES, params: itemParamsSchema }, async ({ user, params, request, ip }) => {
  const { format } = parseInput(uploadQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const body = readBody(request, UPLOAD_LIMITS.maxBytes, TYPES[format]);
  return Response.json(await uploadLabData(user, { itemId: params.id, format, body }, ip));
});
