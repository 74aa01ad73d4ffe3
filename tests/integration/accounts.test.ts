import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createAccount, ensureAdmin } from "@/lib/server/accounts";
import { verifyPassword } from "@/lib/server/password";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

describe.each(backends)("accounts on $label", ({ create }) => {
  usePreparedDatabase(create);

  it("lets exactly one of five concurrent sign-ups with the same email win", async () => {
    const input = { name: "Sam", email: "race@example.com", password: "a long enough password" };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => createAccount(db, input)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refused).toHaveLength(4);
    for (const err of refused) expect(err).toMatchObject({ code: "conflict:email", status: 409 });
    const user = await db.user.findUniqueOrThrow({ where: { email: "race@example.com" } });
    expect(user.role).toBe("learner");
    expect(user.passwordHash).not.toContain("a long enough password");
    expect(user.passwordHash.startsWith("scrypt$")).toBe(true);
    expect(await verifyPassword("a long enough password", user.passwordHash)).toBe(true);
    expect(await verifyPassword("a long enough passworD", user.passwordHash)).toBe(false);
  });

  it("bootstraps the admin once and promotes an existing account with an audit entry", async () => {
    expect(await ensureAdmin(db, { email: "root@example.com", password: "admin password 123" })).toBe("created");
    expect(await ensureAdmin(db, { email: "root@example.com", password: "admin password 123" })).toBe("unchanged");
    await createAccount(db, { name: "Lee", email: "lee@example.com", password: "learner password 1" });
    expect(await ensureAdmin(db, { email: "lee@example.com", password: "ignored password" })).toBe("updated");
    const lee = await db.user.findUniqueOrThrow({ where: { email: "lee@example.com" } });
    expect(lee.role).toBe("admin");
    expect(await verifyPassword("learner password 1", lee.passwordHash)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "role_change", email: "lee@example.com" } })).toBe(1);
  });
});
