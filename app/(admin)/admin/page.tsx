import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/server/auth";
import { adminSummary } from "@/lib/server/admin/users";

export const metadata: Metadata = { title: "Admin" };

/** The admin area's front page: what an admin can review and manage. */
export default async function AdminPage() {
  await requireRole(["admin"], "/admin");
  const { learners, inactive, audits } = await adminSummary();
  return (
    <div className="stack">
      <span className="kind">Admin</span>
      <h1>Administration</h1>
      <ul className="admin-cards">
        <li className="card">
          <h2>
            <Link href="/admin/users">Users</Link>
          </h2>
          <p>
            {learners} active learner{learners === 1 ? "" : "s"}, {inactive} deactivated account{inactive === 1 ? "" : "s"}. Search, change roles, deactivate,
            issue password reset links.
          </p>
        </li>
        <li className="card">
          <h2>
            <Link href="/admin/audit">Audit log</Link>
          </h2>
          <p>{audits} entries in the last 7 days. Filter by actor, action and date; export as CSV.</p>
        </li>
      </ul>
    </div>
  );
}
