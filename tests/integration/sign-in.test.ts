// Sign-in as next-auth runs it (the provider's own authorize, inside the request context the auth
// route gives it), on a real database: the limits hold exactly under parallel guesses, an owner
// cannot be locked out of their own browser, and a session lives by its row.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getServerSession } from "next-auth";
import { db } from "@/lib/server/db";
import { createAccount } from "@/lib/server/accounts";
import { authOptions, INVALID_CREDENTIALS } from "@/lib/server/auth-options";
import { getCurrentUser } from "@/lib/server/auth";
import { deviceCookie } from "@/lib/server/device";
import { signInAttempts, SIGNIN_LIMITS, type SignInAttempt } from "@/lib/server/throttle";
import { sessionUser } from "@/lib/server/sessions";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: vi.fn() }));

type Authorize = (credentials: Record<string, string>) => Promise<{ id: string; sid: string } | null>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

type Outcome = { ok: true; sid: string; attempt: SignInAttempt } | { ok: false; message: string; attempt: SignInAttempt };

async function signIn(email: string, password: string, from: { ip: string; device?: string }): Promise<Outcome> {
  const attempt: SignInAttempt = { ip: from.ip, deviceCookie: from.device };
  try {
    const user = await signInAttempts.run(attempt, () => authorize({ email, password }));
    return { ok: true, sid: user!.sid, attempt };
  } catch (err) {
    return { ok: false, message: (err as Error).message, attempt };
  }
}

/** The device cookie's value the auth route would set after this sign-in. */
const cookieOf = (o: Outcome) => deviceCookie(o.attempt.signedIn!.userId, o.attempt.signedIn!.deviceId).split(";")[0].split("=")[1];
const checked = (email: string) => db.auditLog.count({ where: { action: "signin_failure", email } });

describe.each(backends)("sign-in on $label", ({ create }) => {
  usePreparedDatabase(create);
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET ??= "a test secret for device cookies";
  });

  it("checks exactly 5 of 30 parallel wrong passwords from one address and answers the rest with a wait", async () => {
    await createAccount(db, { name: "Owner", email: "owner@example.com", password: "the owner's password" });
    const owner = await signIn("owner@example.com", "the owner's password", { ip: "198.51.100.1" });
    expect(owner.ok).toBe(true);
    const device = cookieOf(owner);

    const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn("owner@example.com", `guess number ${i}`, { ip: "203.0.113.66" })));
    expect(guesses.filter((g) => !g.ok && g.message === INVALID_CREDENTIALS)).toHaveLength(SIGNIN_LIMITS.accountFromAddress);
    const refused = guesses.filter((g) => g.attempt.retryAfterSeconds !== undefined);
    expect(refused).toHaveLength(30 - SIGNIN_LIMITS.accountFromAddress);
    for (const r of refused) {
      expect(r.attempt.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(r.attempt.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      expect(r).toMatchObject({ ok: false, message: /Too many failed sign-ins\. Try again in 15 minutes\./ });
    }
    expect(await checked("owner@example.com")).toBe(SIGNIN_LIMITS.accountFromAddress);
    // even the right password is not checked from that address now…
    expect(await signIn("owner@example.com", "the owner's password", { ip: "203.0.113.66" })).toMatchObject({ ok: false });
    // …but the owner signs in from their own browser, and from another address
    expect(await signIn("owner@example.com", "the owner's password", { ip: "203.0.113.66", device })).toMatchObject({ ok: true });
    expect(await signIn("owner@example.com", "the owner's password", { ip: "198.51.100.2" })).toMatchObject({ ok: true });
  });

  it("limits guesses spread over many addresses for the account, never the owner's own browser", async () => {
    await createAccount(db, { name: "Admin", email: "spread@example.com", password: "the admin's password" });
    const device = cookieOf(await signIn("spread@example.com", "the admin's password", { ip: "198.51.100.9" }));
    const limit = SIGNIN_LIMITS.accountFromNewDevices;
    // two guesses from each of `limit` addresses, in parallel: `limit` of them are checked
    const guesses = await Promise.all(Array.from({ length: limit * 2 }, (_, i) => signIn("spread@example.com", `guess ${i}`, { ip: `10.1.${i % limit}.1` })));
    expect(guesses.filter((g) => g.attempt.retryAfterSeconds !== undefined)).toHaveLength(limit);
    expect(await checked("spread@example.com")).toBe(limit);
    expect(await signIn("spread@example.com", "the admin's password", { ip: "10.9.9.9" })).toMatchObject({ ok: false });
    expect(await signIn("spread@example.com", "the admin's password", { ip: "10.9.9.9", device })).toMatchObject({ ok: true });
    // a device cookie only counts for the account it was issued for, and only unforged
    expect(await signIn("owner@example.com", "the owner's password", { ip: "203.0.113.66", device })).toMatchObject({ ok: false });
    // any other spelling of the signature, its last character's spare bits too
    for (const forged of [device.replace(/.$/, (c) => (c === "A" ? "B" : "A")), device.replace(/.$/, (c) => (c === "A" ? "D" : "A"))])
      expect(await signIn("spread@example.com", "the admin's password", { ip: "10.9.9.9", device: forged })).toMatchObject({ ok: false });
  });

  it("limits one address guessing across accounts, and forgives the owner's typos once they sign in", async () => {
    const sprayed = await Promise.all(Array.from({ length: 30 }, (_, i) => signIn(`nobody${i}@example.com`, "password123456", { ip: "192.0.2.77" })));
    expect(sprayed.filter((g) => g.attempt.retryAfterSeconds !== undefined)).toHaveLength(30 - SIGNIN_LIMITS.address);

    await createAccount(db, { name: "Typist", email: "typist@example.com", password: "typed carefully 1" });
    const from = { ip: "192.0.2.88" };
    for (let i = 0; i < SIGNIN_LIMITS.accountFromAddress - 1; i++)
      expect(await signIn("typist@example.com", "typed carelessly", from)).toMatchObject({ ok: false });
    expect(await signIn("typist@example.com", "typed carefully 1", from)).toMatchObject({ ok: true });
    // the slate is clean: as many typos again before a wait
    for (let i = 0; i < SIGNIN_LIMITS.accountFromAddress; i++)
      expect((await signIn("typist@example.com", "typed carelessly", from)).attempt.retryAfterSeconds).toBeUndefined();
    expect((await signIn("typist@example.com", "typed carelessly", from)).attempt.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("keeps a session only while its row is open: sign-out ends it, and a copy of the cookie with it", async () => {
    await createAccount(db, { name: "Sam", email: "sam@example.com", password: "sam's long password" });
    const first = await signIn("sam@example.com", "sam's long password", { ip: "198.51.100.30" });
    const second = await signIn("sam@example.com", "sam's long password", { ip: "198.51.100.31" });
    if (!first.ok || !second.ok) throw new Error("sign-in failed");
    const user = await db.user.findUniqueOrThrow({ where: { email: "sam@example.com" } });
    const as = (sid: string) => vi.mocked(getServerSession).mockResolvedValue({ user: { id: user.id, sid }, expires: "" });

    as(first.sid);
    expect(await getCurrentUser()).toMatchObject({ id: user.id, role: "learner" });
    await authOptions.events!.signOut!({ token: { sid: first.sid }, session: null as never });
    expect(await getCurrentUser()).toBeNull();
    // the other browser's session is its own
    as(second.sid);
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    // a session id of another account, an expired row and a malformed id are nobody
    vi.mocked(getServerSession).mockResolvedValue({ user: { id: "00000000-0000-4000-8000-000000000000", sid: second.sid }, expires: "" });
    expect(await getCurrentUser()).toBeNull();
    await db.authSession.update({ where: { id: second.sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    as(second.sid);
    expect(await getCurrentUser()).toBeNull();
    as("not-a-uuid");
    expect(await getCurrentUser()).toBeNull();
    expect(await sessionUser(first.sid)).toBeNull();
  });
});
