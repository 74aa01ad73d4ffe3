import { ROLES } from "@/lib/schemas/admin";
import type { ReportFilter } from "@/lib/schemas/reports";

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
      <div className="field">
        <label htmlFor="from">From (UTC)</label>
        <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="to">To (UTC)</label>
        <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="role">Role</label>
        <select id="role" name="role" defaultValue={filter.role ?? "learner"}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="item">Item</label>
        <select id="item" name="item" defaultValue={filter.item ?? ""}>
          <option value="">Every item</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.kind}: {i.title}
            </option>
          ))}
        </select>
      </div>
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
