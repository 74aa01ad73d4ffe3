// The generator draws all its randomness from the shared seeded PRNG.
export * from "@/lib/random";
