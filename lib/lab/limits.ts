// The lab workspace's bounds that the browser, the app's schemas and the lab engine share: one
// number each, so a button's label, a zod refusal and the engine's own check always agree.

/** Rows of a query result in one answer: a page (the engine's QUERY_LIMITS.maxRows). */
export const RESULT_PAGE_ROWS = 1000;
/** A page of a result starts at most this far in; past it, narrow the query. */
export const MAX_QUERY_OFFSET = 1_000_000;
/** The explorer's "Exclude this" on message texts: at most this many at once. */
export const MAX_EXCLUDED_TEXTS = 10;
/** The most neighbours the explorer's detail view shows on either side of an event. */
export const MAX_CONTEXT = 20;

/** What one export may be: its rows, the file's size, and the time the engine may spend on it. */
export const EXPORT_LIMITS = {
  maxRows: 100_000,
  maxBytes: 20 * 2 ** 20,
  timeoutMs: 10_000,
} as const;
export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const count = (n: number) => n.toLocaleString("en-US");
export const megabytes = (bytes: number) => `${Math.round((bytes / 2 ** 20) * 10) / 10} MB`;
/** The refusals of an export over its limits, as the engine and the app word them alike. */
export const exportTooManyRows = (rows: number | null, max: number = EXPORT_LIMITS.maxRows) =>
  `This result has ${rows === null ? `more than ${count(max)}` : count(rows)} rows; an export is limited to ${count(max)}. Narrow the query.`;
export const exportTooLarge = (bytes: number, max: number = EXPORT_LIMITS.maxBytes) =>
  `This result is about ${megabytes(bytes)}; an export is limited to ${megabytes(max)}. Select fewer rows or columns.`;
