import "server-only";
import { AppError } from "./errors";

const tooLarge = (limit: number) =>
  new AppError("too_large:body", `The request is too large (limit ${limit >= 2 ** 20 ? `${limit / 2 ** 20} MB` : `${limit / 1024} KB`}).`);

/**
 * The request body as a stream of chunks, refused (too_large:body) as soon as it passes `limit`
 * bytes, and refused up front when its Content-Type is not one of `types`. Nothing is buffered.
 */
export async function* readBody(request: Request, limit: number, types: readonly string[]): AsyncGenerator<Uint8Array> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase().split(";")[0].trim();
  if (!types.includes(type)) throw new AppError("unsupported:content_type", `Send the body as ${types.join(" or ")}.`);
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge(limit);
  const reader = request.body?.getReader();
  let size = 0;
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge(limit);
      yield value;
    }
  } finally {
    await reader?.cancel().catch(() => undefined);
  }
}

/** The whole body (at most `limit` bytes), for small uploads such as an archive. */
export async function readBodyBytes(request: Request, limit: number, types: readonly string[]): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of readBody(request, limit, types)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads a JSON body of at most `limit` bytes; anything else is an AppError with a clear message. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
    throw new AppError("unsupported:content_type", "Send the request as JSON (Content-Type: application/json).");
  const bytes = await readBodyBytes(request, limit, [(request.headers.get("content-type") ?? "").toLowerCase().split(";")[0].trim()]);
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 are refused, not turned into U+FFFD and let through
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid:encoding", "The request body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid:json", "The request body is not valid JSON.");
  }
}
