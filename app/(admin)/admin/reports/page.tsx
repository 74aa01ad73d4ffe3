import type { Metadata } from "next";
import Link from "next/link";
import { reportFilterSchema } from "@/lib/schemas/reports";
import { requireRole } from "@/lib/server/auth";
import { searchInput } from "@/lib/server/admin/search-params";
import { overview } from "@/lib/server/reports/overview";
import { REPORT_ROLES, reportScope } from "@/lib/server/reports/scope";
import { duration, percent } from "@/lib/server/reports/format";
import { FunnelChart, WeeklyChart } from "@/components/admin/charts";
import { ReportFilters, filterQuery, queryString } from "@/components/admin/report-filters";

export const metadata: Metadata = { title: "Reports" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ReportsPage({ searchParams }: Props) {
  const user = await requireRole(REPORT_ROLES, "/admin/reports");
  const { input, error } = searchInput(reportFilterSchema, await searchParams);
  const all = await reportScope(user);
  const scope = await reportScope(user, input);
  const data = await overview(scope, input);
  const q = queryString(filterQuery(input));
  return (
    <div className="stack">
      <span className="kind">
        <Link href="/admin">Admin</Link>
      </span>
      <h1>Progress reports</h1>
      {!all.all && <p className="muted">Limited to the items you author ({all.items.length}).</p>}
      <ReportFilters filter={input} items={all.items} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <Link href={`/admin/reports/matrix${q}`}>Learner × item matrix</Link> · <a href={`/api/admin/reports/export${q}`}>Download CSV</a> (one row per learner
        × item)
      </p>
      <dl className="report-figures">
        <div>
          <dt>Accounts ({input.role ?? "learner"})</dt>
          <dd data-testid="learners">{data.learners}</dd>
        </div>
        <div>
          <dt>Active in the last 7 days</dt>
          <dd>{data.active7}</dd>
        </div>
        <div>
          <dt>Active in the last 30 days</dt>
          <dd>{data.active30}</dd>
        </div>
      </dl>
      <h2>Along the track</h2>
      <FunnelChart data={data.funnel.map((s) => ({ label: s.title, started: s.started, completed: s.completed }))} />
      <table className="admin-table">
        <caption>Completion funnel</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Started</th>
            <th scope="col">Completed</th>
            <th scope="col">Of those who started</th>
            <th scope="col">Median time on task to complete</th>
            <th scope="col">Analysis</th>
          </tr>
        </thead>
        <tbody>
          {data.funnel.map((s) => (
            <tr key={s.id}>
              <td>
                <span className="kind">{s.kind}</span> {s.title}
              </td>
              <td>{s.started}</td>
              <td>{s.completed}</td>
              <td>{percent(s.started ? s.completed / s.started : null)}</td>
              <td>{duration(s.medianSecondsToComplete)}</td>
              <td>{s.kind === "lesson" ? "—" : <Link href={`/admin/reports/items/${s.id}${q}`}>Item analysis</Link>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Completions per week</h2>
      {data.completionsPerWeek.length ? (
        <>
          <WeeklyChart data={data.completionsPerWeek} />
          <table className="admin-table">
            <caption>Completions per week</caption>
            <thead>
              <tr>
                <th scope="col">Week of (Monday, UTC)</th>
                <th scope="col">Completions</th>
              </tr>
            </thead>
            <tbody>
              {data.completionsPerWeek.map((w) => (
                <tr key={w.week}>
                  <td>{w.week}</td>
                  <td>{w.completions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">No completions in this range.</p>
      )}
    </div>
  );
}
