import "server-only";
import { z } from "zod";

/**
 * A page's query string against its schema. A bad value does not break the page: it is shown
 * unfiltered with the reason, as a search form would say "that date is not valid".
 */
export function searchInput<S extends z.ZodType>(schema: S, params: Record<string, string | string[] | undefined>): { input: z.infer<S>; error?: string } {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) flat[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  const parsed = schema.safeParse(flat);
  if (parsed.success) return { input: parsed.data };
  const issue = parsed.error.issues[0];
  return { input: schema.parse({}), error: `${issue.path.join(".") || "query"}: ${issue.message}. Showing everything instead.` };
}
