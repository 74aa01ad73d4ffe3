import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import { slugSchema } from "@/lib/schemas/content";
import { getCurrentUser, type CurrentUser } from "./auth";
import { AppError, knownError, parseInput } from "./errors";
import { sameOrigin } from "@/lib/same-origin";
import { readJsonBody } from "./http";
import { isQueryRejected } from "./lab-engine/types";
import { STATUS_OF } from "./lab-engine/protocol";
import { logEvent } from "./log";
import { clientIpFromHeaders } from "./request-ip";

/** Who may call: "anyone" (visitors too; no session is read), "signed-in" (any role), or the roles listed. */
export type Access = "anyone" | "signed-in" | readonly Role[];

/** Marks what `route` and `action` build; tests/unit/entrypoints.test.ts checks every entry point uses them. */
export const WRAPPED = Symbol.for("watchfloor.wrapped");

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type Who<A extends Access> = A extends "anyone" ? null : CurrentUser;

export type RouteInput<A extends Access, S extends z.ZodType | undefined, P extends z.ZodType | undefined = undefined> = {
  user: Who<A>;
  input: S extends z.ZodType ? z.infer<S> : undefined;
  /** the route's other dynamic segments, parsed with `params` */
  params: P extends z.ZodType ? z.infer<P> : undefined;
  /** the route's [slug], checked ("" when the route has none) */
  slug: string;
  ip: string;
  request: Request;
};

/** A signed-in, active user with one of the allowed roles, or an AppError saying why not. */
export async function authorize<A extends Access>(access: A): Promise<Who<A>> {
  if (access === "anyone") return null as Who<A>;
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthenticated:session", "Sign in first.");
  if (access !== "signed-in" && !(access as readonly Role[]).includes(user.role)) {
    throw new AppError(`forbidden:${(access as readonly Role[]).join("_")}`, "Your role may not do this.");
  }
  return user as Who<A>;
}

/** The JSON answer for an error: its sentence, its code and its details (Retry-After on 429). */
export function errorResponse(err: unknown, path: string): Response {
  const known = knownError(err);
  if (known) {
    const wait = (known.status === 429 || known.status === 503) && known.details.retryAfterSeconds;
    return Response.json(
      { message: known.message, code: known.code, ...known.details },
      { status: known.status, headers: wait ? { "Retry-After": String(wait) } : undefined },
    );
  }
  // the lab engine refused or failed: its sentence is safe to show, with the status it carries
  if (isQueryRejected(err)) return Response.json({ message: err.message, kind: err.kind, position: err.position }, { status: STATUS_OF[err.kind] });
  logEvent("error", "app", "request_failed", { path, error: err instanceof Error ? err.message : String(err) });
  return Response.json({ message: "Something went wrong on our side; try again in a moment.", code: "internal:unexpected" }, { status: 500 });
}

/**
 * The one way into a route handler: who calls (re-read from the database), a same-origin request
 * for anything but GET, the [slug] when the route has one, and the JSON body against `input` (at most
 * `maxBytes`); the handler gets `{ user, input, slug, ip }` already checked and parsed, and returns
 * a Response. Every error becomes JSON with its status (see errorResponse).
 */
export function route<A extends Access, S extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  options: { access: A; input?: S; maxBytes?: number; params?: P },
  handler: (ctx: RouteInput<A, S, P>) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  const wrapped = async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const user = await authorize(options.access);
      if (request.method !== "GET" && request.method !== "HEAD" && !sameOrigin(request))
        throw new AppError("forbidden:origin", "Cross-site requests are not accepted.");
      const params = context?.params ? await context.params : {};
      let slug = "";
      if ("slug" in params) {
        const parsed = slugSchema.safeParse(params.slug);
        if (!parsed.success) throw new AppError("not_found:slug", "Not found.");
        slug = parsed.data;
      }
      let parsedParams: unknown = undefined;
      if (options.params) {
        const parsed = options.params.safeParse(params);
        if (!parsed.success) throw new AppError("not_found:params", "Not found.");
        parsedParams = parsed.data;
      }
      let input: unknown = undefined;
      if (options.input) {
        input = parseInput(options.input, await readJsonBody(request, options.maxBytes ?? 16 * 1024));
      }
      return await handler({
        user,
        input: input as RouteInput<A, S, P>["input"],
        params: parsedParams as RouteInput<A, S, P>["params"],
        slug,
        ip: clientIpFromHeaders(request.headers),
        request,
      });
    } catch (err) {
      return errorResponse(err, new URL(request.url).pathname);
    }
  };
  return Object.assign(wrapped, { [WRAPPED]: "route" as const });
}
