import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/server/auth";
import { adminSummary } from "@/lib/server/admin/users";
import { REPORT_ROLES } from "@/lib/server/reports/scope";

export const metadata: Metadata = { title: "Admin" };

/** The admin area's front page: reports for admins and instructors (theirs), accounts and the audit log for admins. */
export default async function AdminPage() {
  const user = await requireRole(REPORT_ROLES, "/admin");
  const admin = user.role === "admin";
  const summary = admin ? await adminSummary() : null;
  return (
    <div className="stack">
      <span className="kind">Admin</span>
      <h1>Administration</h1>
      <ul className="admin-cards">
        <li className="card">
          <h2>
            <Link href="/admin/reports">Reports</Link>
          </h2>
          <p>
            Who is where on the track, the learner × item matrix, item analysis of quizzes and labs, CSV exports
            {admin ? "." : ", for the items you author."}
          </p>
        </li>
        {summary && (
          <>
            <li className="card">
              <h2>
                <Link href="/admin/users">Users</Link>
              </h2>
              <p>
                {summary.learners} active learner{summary.learners === 1 ? "" : "s"}, {summary.inactive} deactivated account
                {summary.inactive === 1 ? "" : "s"}. Search, change roles, deactivate, issue password reset links.
              </p>
            </li>
            <li className="card">
              <h2>
                <Link href="/admin/audit">Audit log</Link>
              </h2>
              <p>{summary.audits} entries in the last 7 days. Filter by actor, action and date; export as CSV.</p>
            </li>
          </>
        )}
      </ul>
    </div>
  );
}
