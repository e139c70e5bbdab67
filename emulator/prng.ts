import { createHash } from 'node:crypto';

// Deterministic randomness: fixtures and fault rules must give the same answers for the same seed.

/** A PRNG returning floats in [0, 1) (mulberry32: tiny, fast, good enough for test data). */
export type Prng = () => number;

/** Create a mulberry32 PRNG from a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hash a string to a 32-bit seed, so per-repository generators do not depend on generation order. */
export function seedFrom(...parts: (string | number)[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return digest.readUInt32LE(0);
}

/** A stable sha256 digest string derived from the given parts. */
export function fakeDigest(...parts: (string | number)[]): string {
  return `sha256:${createHash('sha256').update(parts.join('\u0000')).digest('hex')}`;
}

/** Integer in [min, max] from a PRNG. */
export function randInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng() * (max - min + 1));
}
