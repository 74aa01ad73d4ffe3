import { ROLES } from "@/lib/schemas/admin";
import type { ReportFilter } from "@/lib/schemas/reports";
import { FilterInput, FilterSelect } from "./fields";

/** The reports' filters as a plain GET form: the URL is the report, so it can be shared and bookmarked. */
export function ReportFilters({
  filter,
  items,
  extra,
}: {
  filter: ReportFilter;
  items: { id: string; title: string; kind: string }[];
  extra?: React.ReactNode;
}) {
  return (
    <form className="admin-filters" method="get" role="search" aria-label="Filter the report">
      <FilterInput id="from" label="From (UTC)" value={filter.from} kind="date" />
      <FilterInput id="to" label="To (UTC)" value={filter.to} kind="date" />
      <FilterSelect id="role" label="Role" value={filter.role ?? "learner"} options={ROLES} />
      <FilterSelect id="item" label="Item" value={filter.item} options={items.map((i) => ({ value: i.id, label: `${i.kind}: ${i.title}` }))} any="Every item" />
      {extra}
      <button type="submit">Apply</button>
    </form>
  );
}

/** the filters as a query string (what the CSV link and the pager keep) */
export function filterQuery(f: ReportFilter, more: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { from: f.from, to: f.to, role: f.role, item: f.item, ...more };
}

export function queryString(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}
