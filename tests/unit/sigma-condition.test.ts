// The condition parser on its own: the trees it builds (precedence as the Sigma specification
// gives it) and where it says a broken condition goes wrong.
import { describe, expect, it } from "vitest";
import { matchesPattern, parseCondition, type Condition } from "@/lib/sigma/condition";

const tree = (text: string): Condition => {
  const r = parseCondition(text);
  if (!r.ok) throw new Error(r.message);
  return r.condition;
};
const ref = (name: string, at: number): Condition => ({ kind: "ref", name, at });

describe("parseCondition", () => {
  it("binds or loosest, then and, then not", () => {
    expect(tree("a or b and not c")).toEqual({
      kind: "or",
      items: [ref("a", 0), { kind: "and", items: [ref("b", 5), { kind: "not", item: ref("c", 15) }] }],
    });
    expect(tree("not a and b")).toEqual({ kind: "and", items: [{ kind: "not", item: ref("a", 4) }, ref("b", 10)] });
    expect(tree("(a or b) and c")).toEqual({ kind: "and", items: [{ kind: "or", items: [ref("a", 1), ref("b", 6)] }, ref("c", 13)] });
  });

  it("flattens chains of one operator", () => {
    expect(tree("a or b or c")).toEqual({ kind: "or", items: [ref("a", 0), ref("b", 5), ref("c", 10)] });
  });

  it("reads 1 of / all of with patterns and them, in any case", () => {
    expect(tree("1 of sel* and not ALL OF filter_*")).toEqual({
      kind: "and",
      items: [
        { kind: "of", quantifier: "1", pattern: "sel*", at: 0 },
        { kind: "not", item: { kind: "of", quantifier: "all", pattern: "filter_*", at: 18 } },
      ],
    });
    expect(tree("1 of Them")).toEqual({ kind: "of", quantifier: "1", pattern: "them", at: 0 });
  });

  it("says where a broken condition goes wrong", () => {
    expect(parseCondition("a and (b or")).toMatchObject({ ok: false, at: 11 });
    expect(parseCondition("a b")).toMatchObject({ ok: false, at: 2, message: expect.stringContaining('found "b"') });
    expect(parseCondition("a | count() > 3")).toMatchObject({ ok: false, at: 2, message: expect.stringContaining("aggregation") });
    expect(parseCondition("3 of a*")).toMatchObject({ ok: false, at: 0 });
    expect(parseCondition("")).toMatchObject({ ok: false, message: "the condition is empty" });
    expect(parseCondition("a and or b")).toMatchObject({ ok: false, at: 6 });
    expect(parseCondition("a = 1")).toMatchObject({ ok: false, at: 2 });
  });
});

describe("matchesPattern", () => {
  it("matches * anywhere and keeps them away from names starting with _", () => {
    expect(matchesPattern("selection_1", "sel*")).toBe(true);
    expect(matchesPattern("filter", "*ilt*")).toBe(true);
    expect(matchesPattern("filter", "sel*")).toBe(false);
    expect(matchesPattern("_private", "them")).toBe(false);
    expect(matchesPattern("_private", "_*")).toBe(true);
    expect(matchesPattern("a-b", "a-b")).toBe(true);
  });
});
