import type { Metadata } from "next";
import Link from "next/link";
import { userListSchema, ROLES } from "@/lib/schemas/admin";
import { requireRole } from "@/lib/server/auth";
import { ADMIN_ROLES, listUsers } from "@/lib/server/admin/users";
import { UserActions } from "@/components/admin/user-actions";
import { Pager } from "@/components/admin/pager";
import { FilterInput, FilterSelect } from "@/components/admin/fields";
import { searchInput } from "@/lib/server/admin/search-params";

export const metadata: Metadata = { title: "Users" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const user = await requireRole(ADMIN_ROLES, "/admin/users");
  const { input, error } = searchInput(userListSchema, await searchParams);
  const list = await listUsers(input);
  const query = { q: input.q, role: input.role, status: input.status };
  return (
    <div className="stack">
      <span className="kind">
        <Link href="/admin">Admin</Link>
      </span>
      <h1>Users</h1>
      <form className="admin-filters" method="get" role="search" aria-label="Find users">
        <FilterInput id="q" label="Name or email" value={input.q} />
        <FilterSelect id="role" label="Role" value={input.role} options={ROLES} any="Any" />
        <FilterSelect
          id="status"
          label="Status"
          value={input.status}
          options={[
            { value: "active", label: "active" },
            { value: "inactive", label: "deactivated" },
          ]}
          any="Any"
        />
        <button type="submit">Search</button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="muted" aria-live="polite">
        {list.total} account{list.total === 1 ? "" : "s"}
      </p>
      <table className="admin-table">
        <caption className="sr-only">Accounts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
            <th scope="col">Last activity</th>
            <th scope="col">Manage</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((u) => (
            <tr key={u.id} data-user={u.email}>
              <td>
                {u.name}
                {u.id === user.id && <span className="muted"> (you)</span>}
              </td>
              <td>{u.email}</td>
              <td>{u.role}</td>
              <td>
                {u.active ? "active" : "deactivated"}
                {u.passwordResetAt && <div className="muted">password reset {u.passwordResetAt.slice(0, 10)}</div>}
              </td>
              <td>
                <time dateTime={u.createdAt}>{u.createdAt.slice(0, 10)}</time>
              </td>
              <td>{u.lastActivityAt ? <time dateTime={u.lastActivityAt}>{u.lastActivityAt.slice(0, 16).replace("T", " ")} UTC</time> : "—"}</td>
              <td>
                <UserActions userId={u.id} email={u.email} role={u.role} active={u.active} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager path="/admin/users" query={query} page={list.page} pages={list.pages} />
    </div>
  );
}
