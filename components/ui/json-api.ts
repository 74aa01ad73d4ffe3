// A small JSON client for our routes: one place that turns network failures, non-JSON bodies and
// 429s into a message a person can act on.

export type ApiFailure = { message: string; kind?: string; position?: number; retryAfterSeconds?: number; fieldErrors?: Record<string, string[] | undefined> };
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiFailure };

export const UNREACHABLE: ApiFailure = { message: "Could not reach the server. Check your connection and try again." };

/** The POST itself: its response, or null when the network failed (an abort is thrown on). */
export async function sendJson(url: string, body: unknown, signal?: AbortSignal): Promise<Response | null> {
  try {
    return await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}

export async function postJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  const response = await sendJson(url, body, signal);
  return response ? await answerOf<T>(response) : { ok: false, status: 0, error: UNREACHABLE };
}

export async function answerOf<T>(response: Response): Promise<ApiResult<T>> {
  const text = await response.text().catch(() => "");
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T };

  const error: ApiFailure = { message: `The server answered ${response.status}.` };
  if (parsed && typeof parsed === "object") Object.assign(error, parsed as ApiFailure);
  if (response.status === 429 && error.retryAfterSeconds === undefined) {
    const header = Number(response.headers.get("Retry-After"));
    if (Number.isFinite(header) && header > 0) error.retryAfterSeconds = header;
  }
  return { ok: false, status: response.status, error };
}

/** "Too many queries. Try again in 12 s." — the message plus the wait, when the server gave one. */
export function describeFailure(error: ApiFailure): string {
  if (error.retryAfterSeconds === undefined || /\d+\s*s(ec|\b)/.test(error.message)) return error.message;
  const wait = Math.max(1, Math.ceil(error.retryAfterSeconds));
  return `${error.message} Try again in ${wait} s.`;
}
