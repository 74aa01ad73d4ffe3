// Pure (no "server-only"): lib/server/accounts.ts, which scripts/start.ts uses too, throws it.
import { z } from "zod";

/**
 * The one error type of the server: a code `<class>:<what>` (e.g. `forbidden:author`,
 * `rate_limit:lab`, `invalid:lab_file`) whose class decides the HTTP status, a sentence that is safe
 * to show, and details for the caller (field errors, Retry-After). The route and action wrappers turn
 * it into a JSON answer or a form message; services throw it instead of returning result unions.
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  timeout: 408,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  rate_limit: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorClass = keyof typeof ERROR_STATUS;
export type ErrorCode = `${ErrorClass}:${string}`;

export type ErrorDetails = {
  /** per-field messages (zod's flattened field errors, or per question of a quiz) */
  fieldErrors?: Record<string, string[] | undefined>;
  retryAfterSeconds?: number;
} & Record<string, unknown>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code.slice(0, this.code.indexOf(":")) as ErrorClass];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Parses an input with its schema; a refusal is an `invalid:input` AppError naming the first problem. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const flat = z.flattenError(parsed.error);
  const fieldErrors = flat.fieldErrors as Record<string, string[] | undefined>;
  const first = flat.formErrors[0] ?? Object.entries(fieldErrors).map(([k, v]) => `${k}: ${v?.[0]}`)[0] ?? "The request is not valid.";
  throw new AppError("invalid:input", first, { fieldErrors });
}

/** Prisma's codes for a database it cannot reach, lost, timed out on or has no connection for */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);
/** what the pg driver adapter reports when the server is gone */
const ADAPTER_UNAVAILABLE = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"]);
/** SQLSTATE class 08 (connection exception) and 57P01..57P03 (shutting down, crashed, starting up) */
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[123])$/;
/** pg's own errors for a connection the server dropped carry no code, only these sentences */
const PG_DROPPED = new Set(["Connection terminated unexpectedly", "Connection terminated", "Connection terminated due to connection timeout"]);

/**
 * Whether an error means the database is away (stopped, restarting, unreachable, out of
 * connections) rather than that the request was wrong: followed through its causes, Prisma's
 * wrapped driver error included.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 5) return false;
  const e = err as {
    name?: unknown;
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  const code = typeof e.code === "string" ? e.code : typeof e.originalCode === "string" ? e.originalCode : "";
  if (PRISMA_UNAVAILABLE.has(code) || SOCKET_UNAVAILABLE.has(code) || SQLSTATE_UNAVAILABLE.test(code)) return true;
  if (typeof e.kind === "string" && ADAPTER_UNAVAILABLE.has(e.kind)) return true;
  if (e.name === "PrismaClientInitializationError" || (typeof e.message === "string" && PG_DROPPED.has(e.message))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering right now; try again in a moment.";

/** The AppError an error stands for (itself, or a 503 for a database that is away), or null for a failure of ours. */
export function knownError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  if (isDatabaseUnavailable(err)) return new AppError("unavailable:database", DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: 5 });
  return null;
}
