import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, checkPagePost } from "@/lib/server-action-guard";

const ID = "7f8ff67ecebab37fe7a8564f6350bcd5a3b42424da";
const URL_ = "http://localhost:3000/lessons/kubernetes-vs-mesos";

function post(body: BodyInit | null, headers: Record<string, string> = {}, method = "POST") {
  const request = new Request(URL_, { method, body, headers: { host: "localhost:3000", origin: "http://localhost:3000", "next-action": ID, ...headers } });
  // a real client states the length; Request does not add it for us
  if (typeof body === "string" && !("content-length" in headers)) request.headers.set("content-length", String(Buffer.byteLength(body)));
  return request;
}

async function multipart(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const encoded = new Response(form);
  const body = await encoded.text();
  return post(body, { "content-type": encoded.headers.get("content-type")!, ...headers });
}

describe("a POST to a page", () => {
  it("goes on when it is shaped as our own actions' calls", async () => {
    expect(await checkPagePost(await multipart({ "0": '["$undefined","$K1"]', _1_slug: "kubernetes-vs-mesos" }))).toBeNull();
    expect(await checkPagePost(await multipart({ "0": '[{"status":"error","message":"$$5 off"},"$K1"]', _1_role: "admin" }))).toBeNull();
    expect(await checkPagePost(post("[]", { "content-type": "text/plain;charset=UTF-8" }))).toBeNull();
    expect(await checkPagePost(new Request(URL_))).toBeNull();
  });

  it.each([
    ["a foreign Origin", () => post("[]", { "content-type": "text/plain", origin: "https://evil.example" }), 403],
    ["no Next-Action header", () => post("a=1", { "content-type": "application/x-www-form-urlencoded", "next-action": "" }), 405],
    ["a malformed action id", () => post("[]", { "content-type": "text/plain", "next-action": "../../etc" }), 404],
    ["a PUT", () => post("[]", { "content-type": "text/plain" }, "PUT"), 405],
    ["no Content-Length", () => new Request(URL_, { method: "POST", body: "[]", headers: { "next-action": ID, "content-type": "text/plain" } }), 411],
    ["a body over the limit", () => post("[]", { "content-type": "text/plain", "content-length": String(ACTION_BODY_LIMIT + 1) }), 413],
    ["JSON as application/json", () => post("[]", { "content-type": "application/json" }), 415],
    ["arguments that are not JSON", () => post("{not json", { "content-type": "text/plain" }), 400],
    ["three arguments", () => post("[1,2,3]", { "content-type": "text/plain" }), 400],
    ["a promise reference", () => post('["$@1","$K1"]', { "content-type": "text/plain" }), 400],
    ["a server reference", () => post('["$h1"]', { "content-type": "text/plain" }), 400],
    ["a nesting past 8", () => post("[[[[[[[[[[1]]]]]]]]]]", { "content-type": "text/plain" }), 400],
    ["multipart that is not", () => post("garbage", { "content-type": "multipart/form-data; boundary=xyz" }), 400],
  ])("is refused with a 4xx for %s", async (_label, request, status) => {
    const refusal = await checkPagePost(request());
    expect(refusal?.status).toBe(status);
    expect(refusal?.message).toMatch(/\.$/);
  });

  it("refuses a multipart call with a part or a file our client never sends", async () => {
    expect((await checkPagePost(await multipart({ "0": "[]", $ACTION_REF_1: "" })))?.status).toBe(400);
    expect((await checkPagePost(await multipart({ slug: "x" })))?.status).toBe(400);
    expect((await checkPagePost(await multipart({ "0": '["$undefined","$K1"]', "1_slug": "x" })))?.status).toBe(400);
    const form = new FormData();
    form.set("0", '["$undefined","$K1"]');
    form.set("_1_file", new Blob(["x"]), "x.txt");
    const encoded = new Response(form);
    const body = await encoded.text();
    expect((await checkPagePost(post(body, { "content-type": encoded.headers.get("content-type")! })))?.status).toBe(400);
  });

  it("answers any text/plain body with a verdict, never an exception (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify([v, "$K1"])),
        ),
        async (body) => {
          const verdict = await checkPagePost(post(body, { "content-type": "text/plain" }));
          if (verdict) expect(verdict.status).toBeGreaterThanOrEqual(400);
          if (verdict) expect(verdict.status).toBeLessThan(500);
        },
      ),
    );
  });
});
