import type { Quiz } from "@/lib/schemas/quiz";

// Option order is derived from a per-attempt seed rather than stored, so a
// reload shows the same order while a new attempt (new seed) reshuffles and
// "the answer is always B" cannot be memorised. Not cryptographic: the order
// is a usability feature, not a secret.

// xmur3: turns an arbitrary string into well-mixed 32-bit seeds.
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

// sfc32: small, fast PRNG with a 128-bit state; returns floats in [0, 1).
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: string): () => number {
  const hash = xmur3(seed);
  const next = sfc32(hash(), hash(), hash(), hash());
  // Discard the first outputs: sfc32 needs a few rounds to mix a fresh state.
  for (let i = 0; i < 12; i++) next();
  return next;
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
