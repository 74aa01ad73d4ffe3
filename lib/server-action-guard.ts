// What a POST to a page must look like before Next decodes it as a server action. Next answers a
// foreign Origin, a body over its limit or arguments it cannot decode with a 500; here they get a
// 4xx with a sentence instead. An allow-list of what our own client sends: every action is called
// as (previous state, FormData) through lib/server/action.ts. React encodes that as multipart form
// data (the arguments as JSON in part "0", the FormData's fields as "_<n>_<name>"), or plain
// arguments as a JSON array in a text/plain body. The only references in those arguments are
// "$undefined" and "$K<n>" (the FormData); a string of the state that starts with "$" is escaped "$$".

import { sameOrigin } from "./same-origin";

export const ACTION_BODY_LIMIT = 1024 * 1024;
const MAX_ARGS = 2;
const MAX_DEPTH = 8;

export type Refusal = { status: number; message: string; headers?: Record<string, string> };

const refuse = (status: number, message: string, headers?: Record<string, string>): Refusal => ({ status, message, ...(headers ? { headers } : {}) });

/** Every "$" string is a React reference: only the two our calls use (a missing FormData decodes as an empty one). */
function referencesAllowed(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === "string") return !value.startsWith("$") || value.startsWith("$$") || value === "$undefined" || /^\$K\d{1,6}$/.test(value);
  if (Array.isArray(value)) return value.every((v) => referencesAllowed(v, depth + 1));
  if (value && typeof value === "object") return Object.values(value).every((v) => referencesAllowed(v, depth + 1));
  return true;
}

function argumentsProblem(json: string): string | null {
  let args: unknown;
  try {
    args = JSON.parse(json);
  } catch {
    return "The action's arguments are not valid JSON.";
  }
  if (!Array.isArray(args) || args.length > MAX_ARGS) return "The action's arguments are not a list this app sends.";
  if (!referencesAllowed(args)) return "The action's arguments hold a reference, or a nesting, this app does not send.";
  return null;
}

/**
 * Null when the request may go on to Next (a GET, or a server action call shaped as ours are),
 * else the status and sentence to answer with. Reads at most ACTION_BODY_LIMIT bytes of a clone.
 */
export async function checkPagePost(request: Request): Promise<Refusal | null> {
  if (request.method === "GET" || request.method === "HEAD") return null;
  if (request.method !== "POST") return refuse(405, "Pages answer GET; their forms POST as server actions.", { Allow: "GET, HEAD, POST" });
  if (!sameOrigin(request)) return refuse(403, "Cross-site requests are not accepted.");
  const actionId = request.headers.get("next-action");
  if (!actionId) return refuse(405, "A page accepts a POST only as one of its server actions (Next-Action header).", { Allow: "GET, HEAD" });
  if (!/^[0-9a-f]{40,64}$/.test(actionId)) return refuse(404, "There is no such server action.");
  const length = request.headers.get("content-length");
  if (length === null) return refuse(411, "Send the action's body with a Content-Length.");
  if (!/^\d{1,10}$/.test(length) || Number(length) > ACTION_BODY_LIMIT)
    return refuse(413, `The request is too large (limit ${ACTION_BODY_LIMIT / 2 ** 20} MB).`);

  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const encoded = type.startsWith("multipart/form-data")
    ? await multipartArguments(request)
    : type.startsWith("text/plain")
      ? await textArguments(request)
      : refuse(415, "Send a server action as multipart/form-data or text/plain, as the app's own pages do.");
  if (typeof encoded !== "string") return encoded;
  const problem = argumentsProblem(encoded);
  return problem ? refuse(400, problem) : null;
}

/** The arguments' JSON of a multipart call (part "0"), or why the body is not one of ours. */
async function multipartArguments(request: Request): Promise<string | Refusal> {
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return refuse(400, "The action's form data cannot be read.");
  }
  const encoded = form.get("0");
  if (typeof encoded !== "string") return refuse(400, "The action's arguments are missing.");
  for (const key of form.keys())
    if (key !== "0" && !/^_\d{1,6}_/.test(key)) return refuse(400, `The action's form data has a part this app does not send ("${key.slice(0, 40)}").`);
  for (const value of form.values()) if (typeof value !== "string") return refuse(400, "Files are not accepted by this app's actions.");
  return encoded;
}

/** The arguments' JSON of a text/plain call: the whole body. */
async function textArguments(request: Request): Promise<string | Refusal> {
  try {
    return await request.clone().text();
  } catch {
    return refuse(400, "The action's body cannot be read.");
  }
}
