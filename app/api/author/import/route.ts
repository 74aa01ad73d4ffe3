import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { importArchive } from "@/lib/server/authoring/files";
import { readBodyBytes } from "@/lib/server/http";
import { route } from "@/lib/server/route";

/** Import an archive (the zip an export gives) as drafts: everything validated before anything is stored. */
export const POST = route({ access: AUTHOR_ROLES }, async ({ user, request, ip }) => {
  const bytes = await readBodyBytes(request, 64 * 2 ** 20, ["application/zip", "application/x-zip-compressed", "application/octet-stream"]);
  return Response.json({ imported: await importArchive(user, bytes, ip) });
});
