import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { servedOverHttps } from "@/lib/public-url";
import { signInSchema } from "@/lib/schemas/auth";
import { db } from "./db";
import { audit } from "./audit";
import { knownDevice, newDeviceId } from "./device";
import { clear, giveBack, take } from "./limits";
import { verifyPassword, timingDummyHash } from "./password";
import { endSession, SESSION_HOURS, startSession } from "./sessions";
import { settleSuccess, signInAttempts, signInBuckets, throttledMessage, type SignInAttempt } from "./throttle";

export const INVALID_CREDENTIALS = "Invalid email or password.";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  // Secure, `__Secure-`-named cookies whenever the public URL is HTTPS, even when a TLS-terminating
  // proxy reaches the app over plain HTTP
  useSecureCookies: servedOverHttps(),
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        // set by app/api/auth/[...nextauth]/route.ts for this request; without it, no sign-in
        const attempt: SignInAttempt | undefined = signInAttempts.getStore();
        if (!attempt) throw new Error(INVALID_CREDENTIALS);
        const parsed = signInSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error(INVALID_CREDENTIALS);
        const { email, password } = parsed.data;
        const { ip } = attempt;

        const user = await db.user.findUnique({ where: { email } });
        const deviceId = user ? knownDevice(attempt.deviceCookie, user.id) : null;
        const taken = await take(signInBuckets({ email, ip, deviceId }));
        if (!taken.ok) {
          attempt.retryAfterSeconds = taken.retryAfterSeconds;
          await audit(db, { action: "signin_throttled", email, ip, detail: { bucket: taken.key.split(":")[1], knownDevice: !!deviceId } });
          throw new Error(throttledMessage(taken.retryAfterSeconds));
        }

        // Unknown and deactivated accounts still pay for one hash, so the
        // response time does not reveal which emails exist.
        const ok = user?.active ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await timingDummyHash()), false);
        if (!user || !ok) {
          await audit(db, { action: "signin_failure", email, ip, targetId: user?.id ?? null });
          throw new Error(INVALID_CREDENTIALS);
        }
        const settled = settleSuccess(taken.keys);
        await giveBack(settled.giveBack);
        await clear(settled.clear);
        const sid = await startSession(user.id, ip);
        attempt.signedIn = { userId: user.id, deviceId: deviceId ?? newDeviceId() };
        await audit(db, { action: "signin_success", actorId: user.id, email, ip, detail: { knownDevice: !!deviceId } });
        return { id: user.id, email: user.email, name: user.name, role: user.role, sid };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sid = user.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.sid) session.user = { ...session.user, id: token.uid, sid: token.sid };
      return session;
    },
  },
  events: {
    // signing out ends the session's row: a copy of the cookie kept elsewhere is worthless now
    async signOut({ token }) {
      if (typeof token?.sid === "string") await endSession(token.sid, "sign_out");
    },
  },
};
