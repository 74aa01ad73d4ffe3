import "server-only";
import { db } from "./db";

// Rate limits as fixed-window counters in PostgreSQL. One upsert takes a unit only while the
// window has room (or has passed), so fifty parallel requests against a limit of five get exactly
// five, and every app instance sharing the database enforces the same limit.

export type Bucket = { key: string; limit: number; windowSeconds: number };

/** The end of every "come back later" sentence: "Try again in 15 minutes." (whole minutes, rounded up). */
export function tryAgainIn(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
export type Taken = { ok: true; keys: string[] } | { ok: false; key: string; retryAfterSeconds: number };

async function takeOne(b: Bucket): Promise<number | null> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    VALUES (${b.key}, 1, now() + make_interval(secs => ${b.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    WHERE "RateLimit"."resetAt" <= now() OR "RateLimit"."count" < ${b.limit}
    RETURNING "count"`;
  if (rows.length) return null;
  const [left] = await db.$queryRaw<{ seconds: number }[]>`
    SELECT greatest(1, ceil(extract(epoch FROM "resetAt" - now())))::int AS seconds FROM "RateLimit" WHERE "key" = ${b.key}`;
  return left?.seconds ?? 1;
}

/**
 * Takes one unit from every bucket, or from none: when one is full, those already taken are given
 * back and the wait until it has room again is returned.
 */
export async function take(buckets: readonly Bucket[]): Promise<Taken> {
  const keys: string[] = [];
  for (const b of buckets) {
    const wait = await takeOne(b);
    if (wait !== null) {
      await giveBack(keys);
      return { ok: false, key: b.key, retryAfterSeconds: wait };
    }
    keys.push(b.key);
  }
  if (Math.random() < 0.01) await sweep();
  return { ok: true, keys };
}

/** Returns units taken by `take` (a sign-in that succeeded does not count against its limits). */
export async function giveBack(keys: readonly string[]): Promise<void> {
  for (const key of keys) await db.$executeRaw`UPDATE "RateLimit" SET "count" = "count" - 1 WHERE "key" = ${key} AND "count" > 0 AND "resetAt" > now()`;
}

/** Empties buckets (the owner proved the password: their own typos before it are forgiven). */
export async function clear(keys: readonly string[]): Promise<void> {
  if (keys.length) await db.rateLimit.deleteMany({ where: { key: { in: [...keys] } } });
}

/** Drops windows that ended a while ago (now and then, from `take`). */
export async function sweep(): Promise<number> {
  return db.$executeRaw`DELETE FROM "RateLimit" WHERE "resetAt" < now() - interval '1 hour'`;
}
