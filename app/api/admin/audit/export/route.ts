import { auditFilterSchema } from "@/lib/schemas/admin";
import { auditCsv } from "@/lib/server/admin/audit-log";
import { ADMIN_ROLES } from "@/lib/server/admin/users";
import { parseInput } from "@/lib/server/errors";
import { route } from "@/lib/server/route";

/** The audit log as CSV with the page's filters, streamed as it is read. */
export const GET = route({ access: ADMIN_ROLES }, async ({ request }) => {
  const filter = parseInput(auditFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  return new Response(auditCsv(filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
