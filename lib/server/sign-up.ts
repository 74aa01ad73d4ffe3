import "server-only";
import { z } from "zod";
import type { SignUpInput } from "@/lib/schemas/auth";
import { createAccount } from "./accounts";
import { db } from "./db";
import { AppError } from "./errors";
import { take, tryAgainIn } from "./limits";

/**
 * New accounts per source address per hour (SIGNUP_LIMIT_PER_HOUR, default 20): enough for a
 * classroom behind one address, not for a script. Every well-formed sign-up counts, taken or not.
 */
export function signUpsPerHour(env = process.env.SIGNUP_LIMIT_PER_HOUR): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .safeParse(env ?? 20);
  if (!parsed.success) throw new Error(`SIGNUP_LIMIT_PER_HOUR must be a whole number from 1 to 1,000,000 (got "${env}")`);
  return parsed.data;
}

export async function signUp(input: SignUpInput, ip: string): Promise<{ userId: string }> {
  const limit = signUpsPerHour();
  const taken = await take([{ key: `signup:address:${ip}`, limit, windowSeconds: 3600 }]);
  if (!taken.ok) {
    throw new AppError("rate_limit:signup", `Too many new accounts from your network (at most ${limit} an hour). ${tryAgainIn(taken.retryAfterSeconds)}`, {
      retryAfterSeconds: taken.retryAfterSeconds,
    });
  }
  return createAccount(db, input, { ip });
}
