import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** sid: the AuthSession row this session lives by (lib/server/sessions.ts) */
    user: { id: string; sid: string } & DefaultSession["user"];
  }
  interface User {
    id: string;
    role: "learner" | "instructor" | "admin";
    sid: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
  }
}
