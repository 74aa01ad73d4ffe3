// /admin below the browser: the actions and the CSV route called as Next calls them (only the
// session lookup is replaced), against the real database.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { parse } from "csv-parse/sync";
import { getCurrentUser } from "@/lib/server/auth";
import { createAccount } from "@/lib/server/accounts";
import { db } from "@/lib/server/db";
import { verifyPassword } from "@/lib/server/password";
import type { Role } from "@/lib/generated/prisma/enums";
import { changeRoleAction, issueResetAction, setActiveAction } from "@/app/(admin)/admin/users/actions";
import { resetPasswordAction } from "@/app/(public)/reset-password/[token]/actions";
import { GET as auditExport } from "@/app/api/admin/audit/export/route";
import { changeRole, listUsers, resetLinkStatus, setActive } from "@/lib/server/admin/users";
import { listAudit } from "@/lib/server/admin/audit-log";
import { audit } from "@/lib/server/audit";
import { auditFilterSchema, userListSchema } from "@/lib/schemas/admin";
import { sessionUser, startSession } from "@/lib/server/sessions";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

vi.mock("@/lib/server/auth", () => ({ getCurrentUser: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "127.0.0.1" }) }));
// the actions revalidate /admin/users after a change: outside a Next request there is nothing to revalidate
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

let n = 0;
async function user(role: Role, name = `${role} ${n + 1}`) {
  const email = `admin-test-${role}-${++n}-${Date.now()}@example.com`;
  const { userId } = await createAccount(db, { name, email, password: "admin test password 1" });
  if (role !== "learner") await db.user.update({ where: { id: userId }, data: { role } });
  return { id: userId, email, name, role };
}
const as = (u: Awaited<ReturnType<typeof user>> | null) => vi.mocked(getCurrentUser).mockResolvedValue(u);
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const ip = "127.0.0.1";
// the services take what the page's query string parses to
const users = (q: Record<string, string>) => userListSchema.parse(q);
const filter = (q: Record<string, string>) => auditFilterSchema.parse(q);

describe.each(backends)("admin on $label", ({ create }) => {
  usePreparedDatabase(create);
  beforeEach(async () => {
    vi.mocked(getCurrentUser).mockReset();
    // each test starts with no admin but the ones it makes (the prepared database has none unless configured)
    await db.user.updateMany({ where: { role: "admin" }, data: { role: "learner" } });
  });

  it("refuses every admin action and the CSV to learners, instructors and visitors, changing nothing", async () => {
    const [learner, instructor, target] = [await user("learner"), await user("instructor"), await user("learner")];
    const before = { users: await db.user.findMany({ orderBy: { id: "asc" } }), audits: await db.auditLog.count(), resets: await db.passwordReset.count() };
    for (const who of [learner, instructor, null]) {
      as(who);
      const expected = who ? "Your role may not do this." : "Sign in first.";
      expect(await changeRoleAction(null, form({ userId: target.id, role: "admin" }))).toMatchObject({ status: "error", message: expected });
      expect(await setActiveAction(null, form({ userId: target.id, active: "false" }))).toMatchObject({ status: "error", message: expected });
      expect(await issueResetAction(null, form({ userId: target.id }))).toMatchObject({ status: "error", message: expected });
      expect((await auditExport(new Request("http://localhost/api/admin/audit/export"), { params: Promise.resolve({}) })).status).toBe(who ? 403 : 401);
    }
    expect({ users: await db.user.findMany({ orderBy: { id: "asc" } }), audits: await db.auditLog.count(), resets: await db.passwordReset.count() }).toEqual(
      before,
    );
  });

  it("changes roles and (de)activates accounts, each audited; a bad input changes nothing", async () => {
    const [admin, target] = [await user("admin"), await user("learner")];
    as(admin);
    // every change ends the account's open sessions (two browsers here), and only the account's
    const bystander = await startSession(admin.id, "192.0.2.1");
    const ended = async () => (await db.authSession.findMany({ where: { userId: target.id }, orderBy: { createdAt: "asc" } })).map((r) => r.revokedReason);
    await startSession(target.id, "192.0.2.10");
    await startSession(target.id, "192.0.2.11");
    expect(await changeRoleAction(null, form({ userId: target.id, role: "instructor" }))).toMatchObject({ status: "ok" });
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("instructor");
    expect(await ended()).toEqual(["role_change", "role_change"]);
    const live = await startSession(target.id, "192.0.2.12");
    expect(await sessionUser(live)).toMatchObject({ id: target.id });
    expect(await setActiveAction(null, form({ userId: target.id, active: "false" }))).toMatchObject({ status: "ok" });
    const off = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(off).toMatchObject({ active: false });
    expect(off.deactivatedAt).not.toBeNull();
    expect(await ended()).toEqual(["role_change", "role_change", "deactivated"]);
    expect(await setActiveAction(null, form({ userId: target.id, active: "true" }))).toMatchObject({ status: "ok" });
    expect(await db.user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ active: true, deactivatedAt: null });
    // reactivation does not bring the old session back
    expect(await sessionUser(live)).toBeNull();
    expect(await sessionUser(bystander)).toMatchObject({ id: admin.id });
    const trail = await db.auditLog.findMany({ where: { targetId: target.id, actorId: admin.id }, orderBy: { id: "asc" } });
    expect(trail.map((a) => a.action)).toEqual(["role_change", "account_deactivated", "account_reactivated"]);
    expect(trail[0].detail).toEqual({ from: "learner", to: "instructor" });

    const audits = await db.auditLog.count();
    expect(await changeRoleAction(null, form({ userId: target.id, role: "superuser" }))).toMatchObject({
      status: "error",
      message: expect.stringMatching(/role/),
    });
    expect(await changeRoleAction(null, form({ userId: "not-a-uuid", role: "admin" }))).toMatchObject({ status: "error" });
    expect(await changeRoleAction(null, form({ userId: "00000000-0000-4000-8000-000000000000", role: "admin" }))).toMatchObject({
      status: "error",
      message: "There is no such user.",
    });
    expect(await setActiveAction(null, form({ userId: admin.id, active: "false" }))).toMatchObject({ status: "error", message: /own account/ });
    expect(await db.auditLog.count()).toBe(audits);
  });

  it("never leaves the platform without an active admin, even when two admins demote each other at once", async () => {
    const [a, b] = [await user("admin"), await user("admin")];
    const sole = await user("learner");
    as(a);
    // two admins: one may go
    const results = await Promise.allSettled([changeRole(a, { userId: b.id, role: "learner" }, ip), changeRole(b, { userId: a.id, role: "learner" }, ip)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { role: "admin", active: true } })).toBe(1);
    const [last] = await db.user.findMany({ where: { role: "admin", active: true } });
    const lastUser = last.id === a.id ? a : b;
    // the last one can neither be demoted nor deactivated (by anyone)
    await expect(changeRole(lastUser, { userId: lastUser.id, role: "instructor" }, ip)).rejects.toMatchObject({ code: "conflict:last_admin" });
    await expect(setActive({ ...sole, role: "admin" }, { userId: lastUser.id, active: false }, ip)).rejects.toMatchObject({ code: "conflict:last_admin" });
    as(lastUser);
    expect(await changeRoleAction(null, form({ userId: lastUser.id, role: "learner" }))).toMatchObject({ status: "error", message: /last active admin/ });
    // with a second admin, the first may step down
    await changeRole(lastUser, { userId: sole.id, role: "admin" }, ip);
    await changeRole(lastUser, { userId: lastUser.id, role: "instructor" }, ip);
    expect(await db.user.findMany({ where: { role: "admin", active: true }, select: { id: true } })).toEqual([{ id: sole.id }]);
  });

  it("issues a one-time reset link: it sets the password once, ends the sessions, and a newer link replaces it", async () => {
    const [admin, target] = [await user("admin"), await user("learner")];
    as(admin);
    const first = (await issueResetAction(null, form({ userId: target.id }))) as { status: "ok"; path: string };
    const second = (await issueResetAction(null, form({ userId: target.id }))) as { status: "ok"; path: string; expiresAt: string };
    expect(second.path).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(second.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const token = (p: string) => p.split("/").pop()!;
    // only the hash is stored
    expect(await db.passwordReset.count({ where: { tokenHash: token(second.path) } })).toBe(0);
    expect(await resetLinkStatus(token(first.path))).toEqual({ ok: false });
    expect(await resetLinkStatus(token(second.path))).toEqual({ ok: true, email: target.email });

    as(null);
    const reset = (t: string, password: string, confirm = password) => resetPasswordAction(null, form({ token: t, password, confirm }));
    expect(await reset(token(second.path), "short")).toMatchObject({ status: "error", fieldErrors: { password: [expect.stringMatching(/12/)] } });
    expect(await reset(token(second.path), "a new password 22", "another one 22")).toMatchObject({
      status: "error",
      fieldErrors: { confirm: expect.anything() },
    });
    expect(await reset(token(first.path), "a new password 22")).toMatchObject({ status: "error", message: /expired or was already used/ });
    const before = await startSession(target.id, "192.0.2.20");
    expect(await reset(token(second.path), "a new password 22")).toMatchObject({ status: "ok", email: target.email });
    const after = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(await verifyPassword("a new password 22", after.passwordHash)).toBe(true);
    expect(await sessionUser(before)).toBeNull();
    expect(await db.authSession.findUniqueOrThrow({ where: { id: before } })).toMatchObject({ revokedReason: "password_reset" });
    expect(after.passwordResetAt).not.toBeNull();
    expect(await reset(token(second.path), "yet another password 3")).toMatchObject({ status: "error", message: /already used/ });
    // an expired link is refused too
    const third = (await (as(admin), issueResetAction(null, form({ userId: target.id })))) as { path: string };
    await db.passwordReset.updateMany({ where: { userId: target.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await reset(token(third.path), "a third password 33")).toMatchObject({ status: "error", message: /expired/ });
    const actions = (await db.auditLog.findMany({ where: { targetId: target.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["password_reset_issued", "password_reset_issued", "password_reset_used", "password_reset_issued"]);
  });

  it("lists and searches users; filters the audit log and exports it as CSV, formulas defused", async () => {
    const admin = await user("admin", "Ada Admin");
    const target = await user("learner", "Grace Hopper");
    as(admin);
    const found = await listUsers(users({ q: "grace HOP" }));
    expect(found.rows.map((r) => r.email)).toEqual([target.email]);
    expect((await listUsers(users({ role: "admin" }))).rows.map((r) => r.id)).toEqual([admin.id]);

    await changeRole(admin, { userId: target.id, role: "instructor" }, ip);
    await audit(db, { action: "signin_failure", email: '=HYPERLINK("http://evil")', ip: "10.0.0.9" });
    const byActor = await listAudit(filter({ actor: "ada admin" }));
    // newest first: the role change, then the admin's own sign-up
    expect(byActor.rows.map((r) => [r.action, r.actor, r.email])).toEqual([
      ["role_change", admin.email, target.email],
      ["signup", admin.email, admin.email],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listAudit(filter({ action: "role_change", from: today, to: today }))).total).toBeGreaterThanOrEqual(1);
    expect((await listAudit(filter({ action: "role_change", from: "2000-01-01", to: "2000-01-02" }))).total).toBe(0);

    const res = await auditExport(new Request(`http://localhost/api/admin/audit/export?action=signin_failure&from=${today}`), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.action === "signin_failure")).toBe(true);
    expect(rows.find((r) => r.ip === "10.0.0.9")!.email).toBe('\'=HYPERLINK("http://evil")');
    // a bad filter is a 400 with its reason, not a 500
    const bad = await auditExport(new Request("http://localhost/api/admin/audit/export?from=yesterday"), { params: Promise.resolve({}) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/date/);
  });
});
