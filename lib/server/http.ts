import "server-only";

/**
 * A browser always sends Origin on a cross-site POST; refusing a foreign one
 * (on top of requiring a JSON body) closes the door to CSRF.
 */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

/** Reads a JSON body of at most `limit` bytes, with a clear message for anything else. */
export async function readJsonBody(request: Request, limit: number): Promise<JsonBody> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return { ok: false, status: 415, message: "Send the answers as JSON (Content-Type: application/json)." };
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) return { ok: false, status: 413, message: `The request is too large (limit ${limit / 1024} KB).` };
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, status: 413, message: `The request is too large (limit ${limit / 1024} KB).` };
    }
    chunks.push(value);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { ok: false, status: 400, message: "The request body is not valid JSON." };
  }
}
