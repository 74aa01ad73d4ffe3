import type { Quiz } from "@/lib/schemas/quiz";
import { Rng } from "@/lib/random";

// Option order is derived from a per-attempt seed rather than stored, so a
// reload shows the same order while a new attempt (new seed) reshuffles and
// "the answer is always B" cannot be memorised. Not cryptographic: the order
// is a usability feature, not a secret.

export function seededRandom(seed: string): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}

// Fisher–Yates on a copy; every permutation is equally likely given a uniform source.
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

// Each question gets its own stream (seed + question id), so editing one
// question does not reshuffle the others.
export function shuffleOptions(quiz: Quiz, seed: string): Record<string, string[]> {
  const order: Record<string, string[]> = {};
  for (const q of quiz.questions) {
    if (q.type !== "single" && q.type !== "multiple") continue;
    order[q.id] = shuffle(
      q.options.map((option) => option.id),
      seededRandom(`${seed}\u0000${q.id}`),
    );
  }
  return order;
}
