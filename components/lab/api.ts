// Small JSON client for the lab routes (app/api/labs/[slug]/...): one place that turns network
// failures, non-JSON bodies and 429s into a message a learner can act on.

export type ApiFailure = { message: string; kind?: string; position?: number; retryAfterSeconds?: number };
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiFailure };

export type LabEndpoint = "query" | "query/export" | "explore" | "events" | "answers" | "hints" | "heartbeat" | "saved";

export function labUrl(slug: string, endpoint: LabEndpoint): string {
  return `/api/labs/${encodeURIComponent(slug)}/${endpoint}`;
}

const UNREACHABLE: ApiFailure = { message: "Could not reach the server. Check your connection and try again." };

/** The POST itself: its response, or null when the network failed (an abort is thrown on). */
async function send(slug: string, endpoint: LabEndpoint, body: unknown, signal?: AbortSignal): Promise<Response | null> {
  try {
    return await fetch(labUrl(slug, endpoint), {
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

export async function postLab<T>(slug: string, endpoint: LabEndpoint, body: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  const response = await send(slug, endpoint, body, signal);
  return response ? await answerOf<T>(response) : { ok: false, status: 0, error: UNREACHABLE };
}

/**
 * A POST whose success is a file (Content-Disposition: attachment): saved through a link to a blob,
 * under the name the server gave. A refusal is the usual JSON failure.
 */
export async function downloadLab(slug: string, endpoint: LabEndpoint, body: unknown): Promise<ApiResult<{ filename: string }>> {
  const response = await send(slug, endpoint, body);
  if (!response) return { ok: false, status: 0, error: UNREACHABLE };
  if (!response.ok) return await answerOf(response);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "download";
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    return { ok: false, status: response.status, error: { message: "The download stopped before the end of the file. Try again." } };
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has taken the file once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, status: response.status, data: { filename } };
}

async function answerOf<T>(response: Response): Promise<ApiResult<T>> {
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
