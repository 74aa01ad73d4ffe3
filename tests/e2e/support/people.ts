// People for the suites that call the app over HTTP: signed up and signed in through the real
// routes, then given a role (or deactivated, or signed out with a copy of their cookie kept).
import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { sql } from "./db";

export type Who = "visitor" | "learner" | "instructor" | "admin" | "deactivated" | "replay";

/** `n` keeps the emails of one test apart; the returned context carries the session's cookies */
export async function identity(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, who: Who, n: number) {
  const api = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  if (who === "visitor") return { api, email: "" };
  const email = `matrix-${who}-${n}-${Date.now()}@example.com`;
  const password = "a matrix password";
  expect((await api.post("/api/signup", { data: { name: `Matrix ${who}`, email, password } })).status()).toBe(201);
  const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
  const signedIn = await api.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true", callbackUrl: "/dashboard" } });
  expect(signedIn.status()).toBe(200);
  if (who === "instructor" || who === "admin") await sql(`UPDATE "User" SET role = $2 WHERE email = $1`, [email, who]);
  if (who === "deactivated") await sql(`UPDATE "User" SET active = false WHERE email = $1`, [email]);
  if (who === "replay") {
    const state = await api.storageState();
    const csrf = (await (await api.get("/api/auth/csrf")).json()).csrfToken;
    await api.post("/api/auth/signout", { form: { csrfToken: csrf, json: "true" } });
    await api.dispose();
    return { api: await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: state }), email };
  }
  return { api, email };
}
