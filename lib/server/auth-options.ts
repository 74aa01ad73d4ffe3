import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInSchema } from "@/lib/schemas/auth";
import { db } from "./db";
import { audit } from "./audit";
import { verifyPassword, timingDummyHash } from "./password";
import { checkSignInThrottle } from "./throttle";
import { clientIpFromHeaders } from "./request-ip";

export const INVALID_CREDENTIALS = "Invalid email or password.";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error(INVALID_CREDENTIALS);
        const { email, password } = parsed.data;
        const ip = clientIpFromHeaders(req?.headers ?? {});

        const verdict = await checkSignInThrottle(email, ip);
        if (!verdict.allowed) {
          await audit(db, { action: "signin_throttled", email, ip, detail: { scope: verdict.scope } });
          const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
          throw new Error(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
        }

        const user = await db.user.findUnique({ where: { email } });
        // Unknown and deactivated accounts still pay for one hash, so the
        // response time does not reveal which emails exist.
        const ok = user?.active ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await timingDummyHash()), false);
        if (!user || !ok) {
          await audit(db, { action: "signin_failure", email, ip, targetId: user?.id ?? null });
          throw new Error(INVALID_CREDENTIALS);
        }
        await audit(db, { action: "signin_success", actorId: user.id, email, ip });
        return { id: user.id, email: user.email, name: user.name, role: user.role, epoch: user.sessionEpoch };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.epoch = user.epoch;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid) session.user = { ...session.user, id: token.uid, role: token.role ?? "learner", epoch: token.epoch ?? 0 };
      return session;
    },
  },
};
