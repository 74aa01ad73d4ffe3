// Changing one's own password, on a real database: the current password is checked (and wrong ones
// are limited, so a stolen session cannot guess it), the new one is set, and every session of the
// account ends at once; a refused change changes nothing.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createAccount } from "@/lib/server/accounts";
import { changePassword, PASSWORD_CHANGE_TRIES } from "@/lib/server/password-change";
import { verifyPassword } from "@/lib/server/password";
import { sessionUser, startSession } from "@/lib/server/sessions";
import { isAppError } from "@/lib/server/errors";
import { changePasswordSchema } from "@/lib/schemas/auth";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

const OLD = "the old long password";
const NEW = "a brand new long password";

async function person(n: number) {
  const email = `changer${n}@example.com`;
  const { userId } = await createAccount(db, { name: `Changer ${n}`, email, password: OLD });
  return { id: userId, email, name: `Changer ${n}`, role: "learner" as const };
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (isAppError(e) ? { code: e.code, status: e.status, message: e.message, retryAfter: e.details.retryAfterSeconds } : e),
  );

describe.each(backends)("password change on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("with the current password: the new one works, the old one does not, and every session of the account has ended", async () => {
    const user = await person(1);
    const sessions = await Promise.all([startSession(user.id, "203.0.113.1"), startSession(user.id, "203.0.113.2"), startSession(user.id, "203.0.113.3")]);
    for (const s of sessions) expect(await sessionUser(s)).not.toBeNull();
    await changePassword(user, changePasswordSchema.parse({ current: OLD, password: NEW, confirm: NEW }), "203.0.113.1");
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(NEW, passwordHash)).toBe(true);
    expect(await verifyPassword(OLD, passwordHash)).toBe(false);
    for (const s of sessions) expect(await sessionUser(s)).toBeNull();
    expect(await db.authSession.count({ where: { userId: user.id, revokedReason: "password_change" } })).toBe(3);
    expect(await db.auditLog.count({ where: { action: "password_changed", targetId: user.id } })).toBe(1);
  });

  it("a wrong current password changes nothing and ends no session; after 5 wrong ones even the right one waits", async () => {
    const user = await person(2);
    const session = await startSession(user.id, "203.0.113.9");
    const { passwordHash: before } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const wrong = changePasswordSchema.parse({ current: "not my password at all", password: NEW, confirm: NEW });
    // the guesses at once: exactly the limit is checked
    const tries = await Promise.all(Array.from({ length: 12 }, () => refusal(changePassword(user, wrong, "203.0.113.9"))));
    expect(tries.filter((t) => (t as { code: string }).code === "invalid:current_password")).toHaveLength(PASSWORD_CHANGE_TRIES);
    const waited = tries.filter((t) => (t as { code: string }).code === "rate_limit:password_change") as {
      status: number;
      message: string;
      retryAfter: number;
    }[];
    expect(waited).toHaveLength(12 - PASSWORD_CHANGE_TRIES);
    for (const w of waited) {
      expect(w.status).toBe(429);
      expect(w.message).toMatch(/^Too many wrong passwords\. Try again in 1[45] minutes\.$/);
      expect(w.retryAfter).toBeGreaterThan(0);
    }
    const right = changePasswordSchema.parse({ current: OLD, password: NEW, confirm: NEW });
    expect(await refusal(changePassword(user, right, "203.0.113.9"))).toMatchObject({ code: "rate_limit:password_change" });
    const { passwordHash: after } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toBe(before);
    expect(await sessionUser(session)).not.toBeNull();
    expect(await db.auditLog.count({ where: { action: "password_changed", targetId: user.id } })).toBe(0);
  });

  it("the form's own checks: the new password twice, long enough, not the current one", () => {
    const issues = (v: object) => changePasswordSchema.safeParse(v).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ current: OLD, password: NEW, confirm: "something else" })).toEqual(["confirm: The two passwords differ"]);
    expect(issues({ current: OLD, password: "short", confirm: "short" })).toEqual(["password: Use at least 12 characters"]);
    expect(issues({ current: OLD, password: OLD, confirm: OLD })).toEqual(["password: Choose a password other than your current one"]);
    expect(issues({ current: "", password: NEW, confirm: NEW })).toEqual(["current: Enter your current password"]);
  });
});
