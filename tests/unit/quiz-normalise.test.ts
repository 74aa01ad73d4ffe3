import { describe, expect, it } from "vitest";
import { hasNestedQuantifier, matchesDate, matchesShortText, normaliseText, parseDateAnswer, parseNumberAnswer } from "@/lib/quiz/normalise";

describe("normaliseText", () => {
  it("folds case, trims, collapses whitespace and drops one trailing period", () => {
    expect(normaliseText("  Apache \t  Marathon.  ")).toBe("apache marathon");
    expect(normaliseText("Marathon .")).toBe("marathon");
  });

  it("applies NFKC so full-width and ligature forms compare equal", () => {
    expect(normaliseText("ＭＡＲＡＴＨＯＮ")).toBe("marathon");
    expect(normaliseText("ﬁle")).toBe("file");
  });
});

describe("matchesShortText", () => {
  const key = { accept: ["Marathon", "Apache Marathon"], maxLength: 30 };

  it("accepts any listed alternative after normalisation", () => {
    expect(matchesShortText(key, "marathon")).toBe(true);
    expect(matchesShortText(key, "  APACHE   marathon. ")).toBe(true);
    expect(matchesShortText(key, "Ｍarathon")).toBe(true);
    expect(matchesShortText(key, "Chronos")).toBe(false);
    expect(matchesShortText(key, "   ")).toBe(false);
  });

  it("requires the pattern to match the whole normalised answer", () => {
    const zk = { accept: ["ZooKeeper"], pattern: "(?:apache )?zoo ?keeper|zk", maxLength: 30 };
    expect(matchesShortText(zk, "Zoo Keeper")).toBe(true);
    expect(matchesShortText(zk, "ZK.")).toBe(true);
    expect(matchesShortText(zk, "Apache  ZooKeeper")).toBe(true);
    // "zk" occurs inside these, but a substring match must not count.
    expect(matchesShortText(zk, "zk is not it")).toBe(false);
    expect(matchesShortText(zk, "not zookeeper")).toBe(false);
  });

  it("rejects answers over maxLength before any comparison", () => {
    const capped = { accept: ["a".repeat(10)], pattern: "a+", maxLength: 10 };
    expect(matchesShortText(capped, "a".repeat(10))).toBe(true);
    expect(matchesShortText(capped, "a".repeat(11))).toBe(false);
  });

  it("caps the normalised length too, since NFKC can expand a code point", () => {
    const expanding = "\uFDFA"; // one code point, 18 characters after NFKC
    expect(normaliseText(expanding).length).toBeGreaterThan(10);
    expect(matchesShortText({ accept: ["x"], pattern: ".*", maxLength: 10 }, expanding)).toBe(false);
  });
});

describe("hasNestedQuantifier", () => {
  it("flags the classic catastrophic shapes and allows ordinary ones", () => {
    expect(hasNestedQuantifier("(a+)+")).toBe(true);
    expect(hasNestedQuantifier("(\\w*){2,}")).toBe(true);
    expect(hasNestedQuantifier("(?:apache )?zoo ?keeper|zk")).toBe(false);
  });
});

describe("parseNumberAnswer", () => {
  it("accepts numbers and plain numeric strings only", () => {
    expect(parseNumberAnswer(2014)).toBe(2014);
    expect(parseNumberAnswer(" 2014 ")).toBe(2014);
    expect(parseNumberAnswer("-3.5")).toBe(-3.5);
    expect(parseNumberAnswer("1e3")).toBe(1000);
    for (const bad of ["", "abc", "1,000", "0x10", "12 apples", Number.NaN, Number.POSITIVE_INFINITY, true, null]) {
      expect(parseNumberAnswer(bad)).toBeNull();
    }
  });
});

describe("parseDateAnswer", () => {
  it("reads ISO-like and month-name forms", () => {
    expect(parseDateAnswer("2025")).toEqual({ year: 2025 });
    expect(parseDateAnswer("2025-08")).toEqual({ year: 2025, month: 8 });
    expect(parseDateAnswer("2025/8/14")).toEqual({ year: 2025, month: 8, day: 14 });
    expect(parseDateAnswer("August 2025")).toEqual({ year: 2025, month: 8 });
    expect(parseDateAnswer("aug. 2025")).toEqual({ year: 2025, month: 8 });
    expect(parseDateAnswer("Sept 2025")).toEqual({ year: 2025, month: 9 });
    expect(parseDateAnswer("Aug 14, 2025")).toEqual({ year: 2025, month: 8, day: 14 });
    expect(parseDateAnswer("14th August 2025")).toEqual({ year: 2025, month: 8, day: 14 });
  });

  it("rejects impossible, ambiguous or unknown forms", () => {
    for (const bad of ["2025-13", "2025-02-30", "08/14/2025", "Augustus 2025", "Au 2025", "sometime in 2025", "25", ""]) {
      expect(parseDateAnswer(bad)).toBeNull();
    }
  });
});

describe("matchesDate", () => {
  const august = { year: 2025, month: 8 };

  it("accepts any form naming the same month at month precision", () => {
    for (const ok of ["2025-08", "August 2025", "Aug 2025", "2025-08-14", "14 Aug 2025"]) {
      expect(matchesDate(august, "month", ok)).toBe(true);
    }
  });

  it("rejects a different month or an answer less precise than the key", () => {
    expect(matchesDate(august, "month", "2025-09")).toBe(false);
    expect(matchesDate(august, "month", "August 2024")).toBe(false);
    expect(matchesDate(august, "month", "2025")).toBe(false);
  });

  it("handles year and day precision", () => {
    expect(matchesDate({ year: 2014 }, "year", "2014")).toBe(true);
    expect(matchesDate({ year: 2014 }, "year", "June 2014")).toBe(true);
    expect(matchesDate({ year: 2014 }, "year", "2015")).toBe(false);
    const day = { year: 2013, month: 6, day: 19 };
    expect(matchesDate(day, "day", "19 June 2013")).toBe(true);
    expect(matchesDate(day, "day", "2013-06-20")).toBe(false);
    expect(matchesDate(day, "day", "June 2013")).toBe(false);
  });
});
