import { describe, expect, it } from "vitest";
import { rememberBounded } from "@/lib/bounded-map";

describe("rememberBounded", () => {
  it("keeps the newest entries up to the bound; a key put again counts as new", () => {
    const m = new Map<string, number>();
    for (const [i, k] of ["a", "b", "c"].entries()) expect(rememberBounded(m, k, i, 3)).toBe(i);
    rememberBounded(m, "a", 10, 3);
    rememberBounded(m, "d", 3, 3);
    expect([...m]).toEqual([
      ["c", 2],
      ["a", 10],
      ["d", 3],
    ]);
  });
});
