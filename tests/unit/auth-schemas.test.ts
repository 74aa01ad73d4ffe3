import { describe, expect, it } from "vitest";
import { z } from "zod";
import { safeReturnTo, signInSchema, signUpSchema } from "@/lib/schemas/auth";
import { clientIpFromHeaders } from "@/lib/server/request-ip";

describe("sign-up input", () => {
  it("normalises the email and accepts a 12-character password", () => {
    expect(signUpSchema.parse({ name: "  Ada ", email: " Ada@Example.COM ", password: "twelve chars" })).toEqual({
      name: "Ada",
      email: "ada@example.com",
      password: "twelve chars",
    });
  });

  it("explains each bad field", () => {
    const result = signUpSchema.safeParse({ name: "", email: "nope", password: "short" });
    expect(result.success).toBe(false);
    expect(z.flattenError(result.error!).fieldErrors).toEqual({
      name: ["Enter your name"],
      email: ["Enter a valid email address"],
      password: ["Use at least 12 characters"],
    });
  });

  it("rejects missing and oversized values", () => {
    expect(signUpSchema.safeParse({}).success).toBe(false);
    expect(signUpSchema.safeParse({ name: "x".repeat(101), email: "a@b.co", password: "x".repeat(12) }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "a@b.co", password: "x".repeat(257) }).success).toBe(false);
  });
});

describe("return paths after sign-in", () => {
  it.each([
    ["/quizzes/kubernetes-vs-mesos", "/quizzes/kubernetes-vs-mesos"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example/", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    [undefined, "/dashboard"],
    [["/a", "/b"], "/dashboard"],
  ])("%s -> %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe("client address as the app reads it", () => {
  it("reads the one address scripts/server.ts left in X-Forwarded-For, and nothing else", () => {
    expect(clientIpFromHeaders({ "x-forwarded-for": "203.0.113.9" })).toBe("203.0.113.9");
    expect(clientIpFromHeaders(new Headers({ "x-forwarded-for": "::ffff:198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIpFromHeaders(new Headers({ "x-real-ip": "198.51.100.4" }))).toBe("unknown");
    expect(clientIpFromHeaders({ "x-forwarded-for": "not an address" })).toBe("unknown");
    expect(clientIpFromHeaders({})).toBe("unknown");
  });
});
