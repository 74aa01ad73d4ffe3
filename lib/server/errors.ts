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
