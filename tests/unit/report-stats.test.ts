import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { correlation, histogram01, median, questionStats, topCounts, weekOf } from "@/lib/reports/stats";

describe("report statistics", () => {
  it("medians of odd, even and empty sets", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("facility and discrimination on a known quiz (worked by hand)", () => {
    // four learners, three 1-point questions: q2 everyone gets; q3 only the two who miss q1 get
    const a = (q1: number, q2: number, q3: number) => ({
      questions: [
        { id: "q1", earned: q1, points: 1 },
        { id: "q2", earned: q2, points: 1 },
        { id: "q3", earned: q3, points: 1 },
      ],
    });
    const [s1, s2, s3] = questionStats(["q1", "q2", "q3"], [a(1, 1, 0), a(1, 1, 0), a(0, 1, 1), a(0, 1, 1)]);
    // q1: own [1,1,0,0], rest q2+q3 = [1,1,2,2]: r = -1
    expect(s1).toMatchObject({ id: "q1", attempts: 4, facility: 0.5, needsRevision: true });
    expect(s1.discrimination).toBeCloseTo(-1, 12);
    // q2: everyone right: facility 1, no variance, so no index and no flag
    expect(s2).toMatchObject({ facility: 1, discrimination: null, needsRevision: false });
    // q3: own [0,0,1,1], rest q1+q2 = [2,2,1,1]: r = -1
    expect(s3.facility).toBe(0.5);
    expect(s3.discrimination).toBeCloseTo(-1, 12);
  });

  it("a question that tracks the rest of the quiz discriminates perfectly", () => {
    const att = [
      [1, 1, 1],
      [1, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ].map(([x, y, z]) => ({
      questions: [
        { id: "a", earned: x, points: 1 },
        { id: "b", earned: y, points: 1 },
        { id: "c", earned: z, points: 1 },
      ],
    }));
    const [qa, , qc] = questionStats(["a", "b", "c"], att);
    // a: own [1,1,0,0], rest b+c = [2,1,1,0]: r = 0.7071…
    expect(qa.discrimination).toBeCloseTo(Math.SQRT1_2, 12);
    expect(qa.needsRevision).toBe(false);
    // c: own [1,0,1,0], rest a+b = [2,2,0,0]: r = 0
    expect(qc.discrimination).toBeCloseTo(0, 12);
    expect(qc.needsRevision).toBe(true);
  });

  it("correlation is symmetric, within [-1, 1], and 1 for a line", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 })), { minLength: 2, maxLength: 30 }), (pairs) => {
        const xs = pairs.map((p) => p[0]);
        const ys = pairs.map((p) => p[1]);
        const r = correlation(xs, ys);
        if (r === null) return true;
        return Math.abs(r) <= 1 + 1e-12 && Math.abs(r - correlation(ys, xs)!) < 1e-12;
      }),
    );
    expect(correlation([1, 2, 3], [3, 5, 7])).toBeCloseTo(1, 12);
  });

  it("counts, histograms and weeks", () => {
    expect(topCounts(["b", "a", "b", "c", "a", "b"], 2)).toEqual([
      { value: "b", count: 3 },
      { value: "a", count: 2 },
    ]);
    const h = histogram01([0, 0.05, 0.5, 0.95, 1, 1.2, -0.1], 4);
    expect(h.map((b) => b.count)).toEqual([2, 0, 1, 2]);
    expect(weekOf(new Date("2026-03-11T23:59:00Z"))).toBe("2026-03-09");
    expect(weekOf(new Date("2026-03-09T00:00:00Z"))).toBe("2026-03-09");
    expect(weekOf(new Date("2026-03-15T12:00:00Z"))).toBe("2026-03-09");
  });
});
