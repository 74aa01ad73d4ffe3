// Sign-up through its route as Next calls it, on a real database: the per-address limit holds
// exactly under parallel requests, answers 429 with Retry-After, and a refused sign-up writes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { signUpsPerHour } from "@/lib/server/sign-up";
import { backends } from "../support/databases";
import { usePreparedDatabase } from "../support/prepared-database";

/** A sign-up from `ip`, as scripts/server.ts hands it on (X-Forwarded-For is the address it decided). */
async function signUp(body: unknown, ip: string) {
  const request = new Request("http://localhost/api/signup", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
  const response = await signUpRoute(request, { params: Promise.resolve({}) });
  return { status: response.status, retryAfter: response.headers.get("Retry-After"), body: await response.json() };
}

describe.each(backends)("sign-up on $label", ({ create }) => {
  usePreparedDatabase(create);
  afterEach(() => {
    delete process.env.SIGNUP_LIMIT_PER_HOUR;
  });

  it("creates exactly the limit's worth of 50 parallel sign-ups from one address; the rest get 429 with Retry-After", async () => {
    process.env.SIGNUP_LIMIT_PER_HOUR = "5";
    const before = await db.user.count();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signUp({ name: `Bot ${i}`, email: `bot${i}@example.com`, password: "a long enough password" }, "203.0.113.50")),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(45);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThan(3500);
      expect(Number(r.retryAfter)).toBeLessThanOrEqual(3600);
      expect(r.body).toMatchObject({ code: "rate_limit:signup", message: /at most 5 an hour\)\. Try again in 60 minutes\./ });
    }
    expect(await db.user.count()).toBe(before + 5);
    // another address is not held up
    expect((await signUp({ name: "Ada", email: "ada@example.com", password: "a long enough password" }, "198.51.100.50")).status).toBe(201);
  });

  it("refuses bad input before it counts, and reads a bad limit setting as a configuration error", async () => {
    process.env.SIGNUP_LIMIT_PER_HOUR = "1";
    expect(await signUp({ name: "", email: "x@example.com", password: "a long enough password" }, "203.0.113.51")).toMatchObject({
      status: 400,
      body: { fieldErrors: { name: [expect.any(String)] } },
    });
    expect((await signUp({ name: "Lin", email: "lin@example.com", password: "a long enough password" }, "203.0.113.51")).status).toBe(201);
    expect(() => signUpsPerHour("0")).toThrow(/SIGNUP_LIMIT_PER_HOUR/);
    expect(() => signUpsPerHour("lots")).toThrow(/SIGNUP_LIMIT_PER_HOUR/);
    delete process.env.SIGNUP_LIMIT_PER_HOUR;
    expect(signUpsPerHour()).toBe(20);
  });
});
