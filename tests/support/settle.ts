// Service calls as the route wrapper sees them: the body parsed with the route's own schema
// (parseInput), and an AppError (or a lab engine refusal) turned into { ok: false, status, ... } like
// the JSON the route answers; a success is { ok: true, ...value }.
import type { z } from "zod";
import { isAppError, parseInput } from "@/lib/server/errors";
import { STATUS_OF } from "@/lib/server/lab-engine/protocol";
import { isQueryRejected } from "@/lib/server/lab-engine/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Settled = { ok: boolean; status?: number; message?: string; [k: string]: any };

export async function settle(run: () => Promise<object | void>): Promise<Settled> {
  try {
    return { ok: true, ...((await run()) ?? {}) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, status: err.status, code: err.code, message: err.message, ...err.details };
    if (isQueryRejected(err)) return { ok: false, status: STATUS_OF[err.kind], message: err.message, kind: err.kind, position: err.position };
    throw err;
  }
}

export const asInput = <S extends z.ZodType>(schema: S, body: unknown): z.infer<S> => parseInput(schema, body);
