import { z } from "zod";
import { ROLES, day, filterText, page } from "./admin";

const empty = z.literal("").transform(() => undefined);

export const MATRIX_SORTS = ["name", "email", "score", "completed", "last"] as const;

/**
 * The filters every report takes (query string of /admin/reports/*, and the CSV export): the date
 * range selects activity by day (UTC, inclusive), `role` whose progress is shown (learners by
 * default), `item` one item of the track.
 */
export const reportFilterSchema = z
  .strictObject({
    from: day,
    to: day,
    role: z.enum(ROLES).optional().or(empty),
    item: z.uuid({ error: "Choose an item from the list" }).optional().or(empty),
    q: filterText(200),
    sort: z.enum(MATRIX_SORTS).optional().or(empty),
    /** one learner (their page's CSV) */
    learner: z.uuid({ error: "Unknown learner" }).optional().or(empty),
    page,
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "The end date is before the start date" });
export type ReportFilter = z.infer<typeof reportFilterSchema>;

export const learnerParamsSchema = z.object({ id: z.uuid() });
export const itemParamsSchema = z.object({ id: z.uuid() });
