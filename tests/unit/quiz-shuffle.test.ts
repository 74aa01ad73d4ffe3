import { describe, expect, it } from "vitest";
import { quizSchema } from "@/lib/schemas/quiz";
import { seededRandom, shuffle, shuffleOptions } from "@/lib/quiz/shuffle";

const ids = Array.from({ length: 10 }, (_, i) => `o${i}`);
const quiz = quizSchema.parse({
  kind: "quiz",
  slug: "s",
  title: "S",
  summary: "S",
  lesson: "s",
  questions: [
    { id: "one", type: "single", prompt: "?", explanation: "!", options: ids.map((id) => ({ id, text: id })), answer: "o0" },
    { id: "many", type: "multiple", prompt: "?", explanation: "!", options: ids.map((id) => ({ id, text: id })), answers: ["o1"] },
    { id: "num", type: "number", prompt: "?", explanation: "!", answer: 1 },
  ],
});

describe("shuffleOptions", () => {
  it("is stable for a seed", () => {
    expect(shuffleOptions(quiz, "attempt-1")).toEqual(shuffleOptions(quiz, "attempt-1"));
  });

  it("returns a permutation of each question's options, only for choice questions", () => {
    const order = shuffleOptions(quiz, "attempt-1");
    expect(Object.keys(order).sort()).toEqual(["many", "one"]);
    for (const list of Object.values(order)) expect([...list].sort()).toEqual([...ids].sort());
  });

  it("usually differs between seeds and between questions", () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => shuffleOptions(quiz, `attempt-${i}`).one.join()));
    expect(orders.size).toBeGreaterThan(15);
    const order = shuffleOptions(quiz, "attempt-1");
    expect(order.one).not.toEqual(order.many);
  });
});

describe("seededRandom and shuffle", () => {
  it("produces floats in [0, 1) and a uniform-looking first position", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const value = seededRandom(`seed-${i}`)();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      counts[shuffle([0, 1, 2, 3], seededRandom(`s${i}`))[0]]++;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it("does not mutate its input", () => {
    const input = [1, 2, 3];
    shuffle(input, seededRandom("x"));
    expect(input).toEqual([1, 2, 3]);
  });
});
