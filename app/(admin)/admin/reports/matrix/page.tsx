import type { Metadata } from "next";
import Link from "next/link";
import { MATRIX_SORTS, reportFilterSchema } from "@/lib/schemas/reports";
import { requireRole } from "@/lib/server/auth";
import { searchInput } from "@/lib/server/admin/search-params";
import { matrix, type Cell } from "@/lib/server/reports/matrix";
import { REPORT_ROLES, reportScope } from "@/lib/server/reports/scope";
import { duration, percent } from "@/lib/server/reports/format";
import { Pager } from "@/components/admin/pager";
import { FilterInput, FilterSelect } from "@/components/admin/fields";
import { ReportFilters, filterQuery, queryString } from "@/components/admin/report-filters";

export const metadata: Metadata = { title: "Learner × item matrix" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SORT_LABEL: Record<(typeof MATRIX_SORTS)[number], string> = {
  name: "Name",
  email: "Email",
  score: "Total score (highest first)",
  completed: "Items completed (most first)",
  last: "Last activity (newest first)",
};
const STATUS_LABEL = { not_started: "Not started", in_progress: "In progress", completed: "Completed" } as const;

function CellView({ cell }: { cell: Cell | undefined }) {
  if (!cell || (cell.status === "not_started" && cell.attempts === 0)) return <span className="muted">Not started</span>;
  return (
    <div className={`report-cell report-${cell.status}`}>
      <strong>{STATUS_LABEL[cell.status]}</strong>
      <div>
        {percent(cell.score)} · {cell.attempts} attempt{cell.attempts === 1 ? "" : "s"}
      </div>
      <div className="muted">
        {duration(cell.seconds)}
        {cell.hints ? ` · ${cell.hints} hint${cell.hints === 1 ? "" : "s"}` : ""}
      </div>
    </div>
  );
}

export default async function MatrixPage({ searchParams }: Props) {
  const user = await requireRole(REPORT_ROLES, "/admin/reports/matrix");
  const { input, error } = searchInput(reportFilterSchema, await searchParams);
  const all = await reportScope(user);
  const scope = await reportScope(user, input);
  const m = await matrix(scope, input);
  const keep = filterQuery(input, { q: input.q, sort: input.sort });
  return (
    <div className="stack report-wide">
      <span className="kind">
        <Link href={`/admin/reports${queryString(filterQuery(input))}`}>Reports</Link>
      </span>
      <h1>Learner × item matrix</h1>
      <ReportFilters
        filter={input}
        items={all.items}
        extra={
          <>
            <FilterInput id="q" label="Name or email" value={input.q} />
            <FilterSelect id="sort" label="Sort by" value={input.sort ?? "name"} options={MATRIX_SORTS.map((s) => ({ value: s, label: SORT_LABEL[s] }))} />
          </>
        }
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <span aria-live="polite">
          {m.total} {input.role ?? "learner"}
          {m.total === 1 ? "" : "s"}
        </span>{" "}
        · <a href={`/api/admin/reports/export${queryString(filterQuery(input, { q: input.q }))}`}>Download CSV</a>
      </p>
      <div className="report-scroll">
        <table className="admin-table report-matrix">
          <caption className="sr-only">Each learner&apos;s status, score, attempts, time on task and hints per item</caption>
          <thead>
            <tr>
              <th scope="col">Learner</th>
              <th scope="col">Completed</th>
              {scope.items.map((i) => (
                <th scope="col" key={i.id}>
                  <span className="kind">{i.kind}</span> {i.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.rows.map((r) => (
              <tr key={r.id} data-learner={r.email}>
                <th scope="row">
                  <Link href={`/admin/reports/learners/${r.id}`}>{r.name}</Link>
                  <div className="muted">{r.email}</div>
                </th>
                <td>
                  {r.completed} / {scope.items.length}
                </td>
                {scope.items.map((i) => (
                  <td key={i.id}>
                    <CellView cell={r.cells[i.id]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path="/admin/reports/matrix" query={keep} page={m.page} pages={m.pages} />
    </div>
  );
}
