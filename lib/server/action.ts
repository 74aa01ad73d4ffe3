import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { knownError, parseInput } from "./errors";
import { logEvent } from "./log";
import { clientIpFromHeaders } from "./request-ip";
import { WRAPPED, authorize, type Access, type Who } from "./route";

/** What a refused form gets back: a sentence, and per-field messages when the input was at fault. */
export type ActionFailure = { status: "error"; message: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * The one way into a server action: who calls (as for routes), and the form's fields against
 * `input`; the handler gets `{ user, input, ip }` already checked and parsed. Its signature is
 * React's (previous state, form data), so it works with useActionState and with a direct call.
 * An AppError becomes the form's message; anything else is logged and said generically.
 */
export function action<A extends Access, S extends z.ZodType, R>(
  options: { access: A; input: S },
  handler: (ctx: { user: Who<A>; input: z.infer<S>; ip: string }) => Promise<R>,
): (previous: unknown, form: FormData) => Promise<R | ActionFailure> {
  const wrapped = async (_previous: unknown, form: FormData): Promise<R | ActionFailure> => {
    try {
      const user = await authorize(options.access);
      const fields: Record<string, FormDataEntryValue> = {};
      for (const [k, v] of form.entries()) if (!k.startsWith("$ACTION")) fields[k] = v;
      const input = parseInput(options.input, fields);
      return await handler({ user, input, ip: clientIpFromHeaders(await headers()) });
    } catch (err) {
      // redirect() and notFound() in a handler are Next's control flow, not failures
      unstable_rethrow(err);
      const known = knownError(err);
      if (known) return { status: "error", message: known.message, ...(known.details.fieldErrors ? { fieldErrors: known.details.fieldErrors } : {}) };
      logEvent("error", "app", "action_failed", { error: err instanceof Error ? err.message : String(err) });
      return { status: "error", message: "Something went wrong on our side; try again in a moment." };
    }
  };
  return Object.assign(wrapped, { [WRAPPED]: "action" as const });
}
