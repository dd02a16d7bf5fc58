/**
 * The bench's own seeded PRNG (mulberry32), so every run seeks to the same ticks and crashes
 * the same consumers: figures from two runs differ only by the machine, never by the dice.
 * Kept apart from the engine's PRNG so that drawing here never shifts the world's sequence.
 */
export interface BenchRng {
  /** A uniform float in [0, 1). */
  next(): number;
  /** A uniform integer in [0, bound). */
  int(bound: number): number;
}

/** A PRNG seeded with `seed` (only its low 32 bits matter). */
export function createBenchRng(seed: number): BenchRng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next: () => nextUint32() / 0x1_0000_0000,
    int: (bound) => (bound <= 1 ? 0 : nextUint32() % bound),
  };
}
