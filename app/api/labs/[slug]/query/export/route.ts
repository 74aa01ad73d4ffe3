import { queryExportSchema } from "@/lib/schemas/lab";
import { exportLabQuery } from "@/lib/server/lab/export";
import { route } from "@/lib/server/route";

/** A learner's query result as a CSV or JSON-lines download (at most 100,000 rows and 20 MB; a larger one is refused). */
export const POST = route({ access: "signed-in", input: queryExportSchema, maxBytes: 128 * 1024 }, async ({ user, slug, input }) => {
  const file = await exportLabQuery({ userId: user.id, slug, input });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
