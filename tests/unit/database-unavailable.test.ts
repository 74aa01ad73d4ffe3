import { describe, expect, it } from "vitest";
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, knownError } from "@/lib/server/errors";

// the shapes seen from Prisma 6.19 with @prisma/adapter-pg when PostgreSQL is stopped under a running app
const notReachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:55499"), {
  name: "PrismaClientKnownRequestError",
  code: "P1001",
  meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 55499 } } },
});
const rawFailed = Object.assign(new Error("Raw query failed. Code: `57P01`."), {
  name: "PrismaClientKnownRequestError",
  code: "P2010",
  meta: {
    driverAdapterError: {
      name: "DriverAdapterError",
      cause: { kind: "postgres", originalCode: "57P01", originalMessage: "terminating connection due to administrator command" },
    },
  },
});
const dropped = new Error("Connection terminated unexpectedly");
const startingUp = Object.assign(new Error("the database system is starting up"), { code: "57P03" });
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
const poolTimeout = Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" });

describe("a database that is away is told apart from a failure of ours", () => {
  it.each([
    ["P1001 (not reachable)", notReachable],
    ["P2010 wrapping 57P01 (shutting down)", rawFailed],
    ["pg's dropped connection", dropped],
    ["57P03 (starting up)", startingUp],
    ["a refused socket, as a cause", new Error("query failed", { cause: refused })],
    ["no free connection in time", poolTimeout],
  ])("%s is a 503 with Retry-After", (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    const known = knownError(err)!;
    expect(known.status).toBe(503);
    expect(known.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    expect(known.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    ["a syntax error", Object.assign(new Error('syntax error at or near "SELEC"'), { code: "42601" })],
    ["a bug of ours", new TypeError("Cannot read properties of undefined")],
    ["not an error", "Connection terminated unexpectedly?"],
    [
      "a cycle of causes",
      (() => {
        const e: Error & { cause?: unknown } = new Error("loop");
        e.cause = e;
        return e;
      })(),
    ],
  ])("%s is not", (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
    expect(knownError(err)).toBeNull();
  });

  it("an AppError stays itself", () => {
    const err = new AppError("rate_limit:lab", "Wait.", { retryAfterSeconds: 3 });
    expect(knownError(err)).toBe(err);
  });
});
