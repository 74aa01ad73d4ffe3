import { reportFilterSchema } from "@/lib/schemas/reports";
import { parseInput } from "@/lib/server/errors";
import { matrixCsv } from "@/lib/server/reports/matrix";
import { REPORT_ROLES, reportScope } from "@/lib/server/reports/scope";
import { route } from "@/lib/server/route";

/** The learner × item matrix as CSV (one row per learner × item, every learner the filters select), streamed. */
export const GET = route({ access: REPORT_ROLES }, async ({ user, request }) => {
  const filter = parseInput(reportFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  const scope = await reportScope(user, filter);
  return new Response(matrixCsv(scope, filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="progress-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
