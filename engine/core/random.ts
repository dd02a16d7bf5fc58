/**
 * The world's one PRNG: mulberry32, a 32-bit state that snapshots copy as a number.
 * Every random choice in the engine (jitter, faults, keyless partitions) goes through here.
 */
export interface Rng {
  state: number;
}

/** A PRNG seeded with `seed` (any number; only its low 32 bits matter). */
export function createRng(seed: number): Rng {
  return { state: seed >>> 0 };
}

/** The next uniformly distributed unsigned 32-bit integer. */
export function nextUint32(rng: Rng): number {
  rng.state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = rng.state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** A uniform integer in [0, bound). */
export function nextInt(rng: Rng, bound: number): number {
  return bound <= 1 ? 0 : nextUint32(rng) % bound;
}

/** True with probability `p`; draws nothing when `p` is 0 so fault-free worlds keep their sequence. */
export function chance(rng: Rng, p: number): boolean {
  if (p <= 0) return false;
  return nextUint32(rng) / 0x1_0000_0000 < p;
}
