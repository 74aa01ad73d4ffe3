import type { Metadata } from "next";
import Link from "next/link";
import { auditFilterSchema } from "@/lib/schemas/admin";
import { requireRole } from "@/lib/server/auth";
import { AUDIT_ACTIONS } from "@/lib/server/audit";
import { listAudit } from "@/lib/server/admin/audit-log";
import { searchInput } from "@/lib/server/admin/search-params";
import { ADMIN_ROLES } from "@/lib/server/admin/users";
import { Pager } from "@/components/admin/pager";
import { FilterInput, FilterSelect } from "@/components/admin/fields";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requireRole(ADMIN_ROLES, "/admin/audit");
  const { input, error } = searchInput(auditFilterSchema, await searchParams);
  const log = await listAudit(input);
  const query = { actor: input.actor, action: input.action, from: input.from, to: input.to };
  const csv = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  return (
    <div className="stack">
      <span className="kind">
        <Link href="/admin">Admin</Link>
      </span>
      <h1>Audit log</h1>
      <form className="admin-filters" method="get" role="search" aria-label="Filter the audit log">
        <FilterInput id="actor" label="Actor (name or email)" value={input.actor} />
        <FilterSelect id="action" label="Action" value={input.action} options={AUDIT_ACTIONS} any="Any" />
        <FilterInput id="from" label="From (UTC)" value={input.from} kind="date" />
        <FilterInput id="to" label="To (UTC)" value={input.to} kind="date" />
        <button type="submit">Filter</button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <span className="muted" aria-live="polite">
          {log.total} entr{log.total === 1 ? "y" : "ies"}
        </span>{" "}
        · <a href={`/api/admin/audit/export${csv.size ? `?${csv}` : ""}`}>Download CSV</a>
      </p>
      <table className="admin-table">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Account</th>
            <th scope="col">IP</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {log.rows.map((r) => (
            <tr key={r.id}>
              <td>
                <time dateTime={r.at}>{r.at.slice(0, 19).replace("T", " ")}</time>
              </td>
              <td>{r.action}</td>
              <td>{r.actor ?? "—"}</td>
              <td>{r.email ?? r.target ?? "—"}</td>
              <td>{r.ip ?? "—"}</td>
              <td>
                <code className="admin-detail">{r.detail}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager path="/admin/audit" query={query} page={log.page} pages={log.pages} />
    </div>
  );
}
