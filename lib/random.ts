// Seeded randomness shared by the log generator and quiz shuffling: one seed string always
// yields the same sequence on every platform (no Math.random, no Date.now).

/** xmur3: turns a string into a stream of well-mixed 32-bit seeds (used to seed sfc32). */
export function xmur3(str: string): () => number {
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/** 64-bit hex digest from two independent xmur3 outputs; stable across runtimes (no node:crypto). */
export function hashHex(str: string): string {
  const h = xmur3(str);
  h();
  return hex8(h()) + hex8(h());
}

const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push((i < 16 ? "0" : "") + i.toString(16));

export function hex8(x: number): string {
  return HEX2[(x >>> 24) & 255] + HEX2[(x >>> 16) & 255] + HEX2[(x >>> 8) & 255] + HEX2[x & 255];
}

/** sfc32 PRNG with helpers. `fork(label)` derives an independent stream so that adding draws in one
 *  generator never shifts the output of another (keeps seeds stable while the code evolves). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  readonly seed: string;

  constructor(seed: string) {
    this.seed = seed;
    const h = xmur3(seed);
    this.a = h();
    this.b = h();
    this.c = h();
    this.d = h();
    for (let i = 0; i < 12; i++) this.next();
  }

  fork(label: string): Rng {
    return new Rng(this.seed + "/" + label);
  }

  /** uint32 */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  float(): number {
    return this.next() / 4294967296;
  }

  /** integer in [lo, hi] inclusive */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.float() * arr.length)];
  }

  /** weighted pick; weights need not sum to 1 */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let sum = 0;
    for (const w of weights) sum += w;
    let x = this.float() * sum;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i];
      if (x < 0) return items[i];
    }
    return items[items.length - 1];
  }

  shuffle<T>(arr: readonly T[]): T[] {
    const out = arr.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }

  /** exponential variate (Poisson-process gaps) */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i += 8) s += hex8(this.next());
    return s.length === n ? s : s.slice(0, n);
  }

  /** RFC 4122 v4 shape, like Mesos' UUID::random() */
  uuid(): string {
    const h = this.hex(32);
    const v = ((parseInt(h[16], 16) & 3) | 8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** time-based (v1) shape as used by Marathon task ids: <app>.<uuid1> */
  uuid1(): string {
    const h = this.hex(28);
    const v = "89ab"[this.next() & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-11f1-${v}${h.slice(13, 16)}-${h.slice(16, 28)}`;
  }

  base64(n: number): string {
    const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let s = "";
    for (let i = 0; i < n; i++) s += A[this.next() & 63];
    return s;
  }
}
