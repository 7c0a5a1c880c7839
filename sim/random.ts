/**
 * Seeded randomness for the simulation: the same seed gives the same month, run after run.
 */

/** mulberry32: a small, fast generator of numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A number in [0, 1) fixed by the seed and the keys. The luck of a request depends on which run and
 * which check it is, not on what other policies did before, so every policy meets the same provider.
 */
export function keyedRandom(seed: number, ...keys: number[]): number {
  let h = seed >>> 0;
  for (const key of keys) h = Math.imul(h ^ (key >>> 0), 0x9e3779b1) ^ (h >>> 16);
  return seededRandom(h)();
}

/** Exponentially distributed with the given mean. */
export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}

/** Log-uniform between min and max: as many 5–10 min outages as 60–120 min ones. */
export function logUniform(random: () => number, min: number, max: number): number {
  return Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min)));
}

export function uniform(random: () => number, min: number, max: number): number {
  return min + random() * (max - min);
}
