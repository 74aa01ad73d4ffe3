import { describe, expect, it } from "vitest";
import { MAX_PATTERN_LENGTH, regexProblem } from "@/lib/content/regex-safety";

describe("regexProblem", () => {
  it.each(["^(a+)+$", "(a|a)*b", "(.*a){12}", "^([a-z]+)*$", "^(?:[a-z0-9-]+\\.)+[a-z]{2,}$"])("refuses %s (catastrophic backtracking)", (p) => {
    for (const flags of ["", "u", "iu"]) expect(regexProblem(p, flags), `${p} /${flags}`).toMatch(/backtrack/);
  });

  it.each([
    "^v?\\d+\\.\\d+\\.\\d+$",
    "^[a-z0-9-]+$",
    "^xmrig( .*)?$",
    "^(?:GET|POST) /api/v[0-9]+/[a-z]+$",
    "^\\d{1,3}(\\.\\d{1,3}){3}$",
    "^(cve|CVE)-\\d{4}-\\d{4,7}$",
  ])("accepts %s", (p) => {
    for (const flags of ["", "u", "iu", "imsu"]) expect(regexProblem(p, flags), `${p} /${flags}`).toBeNull();
  });

  it("refuses overlaps that only case-insensitivity creates", () => {
    expect(regexProblem("^(a|A)+$", "u")).toBeNull();
    expect(regexProblem("^(a|A)+$", "iu")).toMatch(/backtrack/);
  });

  it("refuses a pattern longer than the limit, before anything else", () => {
    expect(MAX_PATTERN_LENGTH).toBe(200);
    expect(regexProblem(`^${"a".repeat(198)}$`)).toBeNull();
    expect(regexProblem("a".repeat(201))).toBe("the pattern is 201 characters long; the limit is 200");
    expect(regexProblem("(".repeat(201))).toMatch(/201 characters long/);
    expect(regexProblem("abc", "", { maxLength: 2 })).toMatch(/limit is 2$/);
  });

  it("refuses an invalid pattern, also one valid only without the u flag", () => {
    expect(regexProblem("(")).toMatch(/^the pattern is not a valid regular expression \(/);
    expect(regexProblem("[z-a]")).toMatch(/not a valid regular expression/);
    // Annex B accepts these without u; the grader compiles with u
    expect(regexProblem("\\-x")).toMatch(/not a valid regular expression/);
    expect(regexProblem("a{")).toMatch(/not a valid regular expression/);
  });

  it("refuses flags that make grading stateful or are not analysed", () => {
    expect(regexProblem("^a$", "g")).toMatch(/flag "g" is not allowed/);
    expect(regexProblem("^a$", "y")).toMatch(/flag "y"/);
    expect(regexProblem("^a$", "v")).toMatch(/flag "v"/);
  });

  it("treats a pattern it cannot decide as unsafe", () => {
    // with i, the case-folded analysis reads the pattern without u, where this range is out of order
    expect(regexProblem("^[\\u{1F600}-\\u{1F64F}]+$", "iu")).toMatch(/cannot be checked/);
    expect(regexProblem("^[\\u{1F600}-\\u{1F64F}]+$", "u")).toBeNull();
  });

  it("stays bounded on a hostile pattern", () => {
    const start = performance.now();
    expect(regexProblem("(a|a|a|a)*(b|b|b)*c", "u")).not.toBeNull();
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
