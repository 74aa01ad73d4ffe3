// The lab routes (app/api/labs/[slug]/...) through the JSON client in components/ui/json-api.ts.
import { answerOf, postJson, sendJson, UNREACHABLE, type ApiResult } from "@/components/ui/json-api";

export { describeFailure, type ApiFailure, type ApiResult } from "@/components/ui/json-api";

export type LabEndpoint = "query" | "query/export" | "explore" | "events" | "answers" | "hints" | "heartbeat" | "saved";

export function labUrl(slug: string, endpoint: LabEndpoint): string {
  return `/api/labs/${encodeURIComponent(slug)}/${endpoint}`;
}

export function postLab<T>(slug: string, endpoint: LabEndpoint, body: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
  return postJson<T>(labUrl(slug, endpoint), body, signal);
}

/**
 * A POST whose success is a file (Content-Disposition: attachment): saved through a link to a blob,
 * under the name the server gave. A refusal is the usual JSON failure.
 */
export async function downloadLab(slug: string, endpoint: LabEndpoint, body: unknown): Promise<ApiResult<{ filename: string }>> {
  const response = await sendJson(labUrl(slug, endpoint), body);
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
