import type { DefaultSession } from "next-auth";

type AppRole = "learner" | "instructor" | "admin";

declare module "next-auth" {
  interface Session {
    /** epoch: the account's sessionEpoch when this session was signed in (a reset or deactivation moves it) */
    user: { id: string; role: AppRole; epoch: number } & DefaultSession["user"];
  }
  interface User {
    id: string;
    role: AppRole;
    epoch: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: AppRole;
    epoch?: number;
  }
}
