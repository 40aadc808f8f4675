/**
 * Small seeded random numbers for the phantom: mulberry32 (32-bit state, period 2^32) and
 * Gaussian samples by Box–Muller. Own code rather than Math.random so that the same seed
 * gives the same bytes on every machine and Node version.
 */

/** A mulberry32 generator: returns uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a user seed and a stream number into a 32-bit seed, so streams do not overlap. */
export function mixSeed(seed: number, stream: number): number {
  let h = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform float in [lo, hi). */
export function uniform(rand: () => number, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

/**
 * A table of `size` Gaussian samples (mean 0, sd `sd`) rounded to integers, by Box–Muller.
 * The phantom's noise indexes this table with 16-bit random numbers instead of calling
 * log/sqrt/cos per voxel: 65 536 distinct values are plenty for image noise and make the
 * noise pass a fraction of a second on a 512×512×300 volume.
 */
export function gaussianTable(rand: () => number, sd: number, size = 65536): Int16Array {
  const table = new Int16Array(size);
  for (let n = 0; n < size; n += 2) {
    const u1 = 1 - rand(); // (0, 1]: log stays finite
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1)) * sd;
    table[n] = clampInt16(Math.round(r * Math.cos(2 * Math.PI * u2)));
    if (n + 1 < size) table[n + 1] = clampInt16(Math.round(r * Math.sin(2 * Math.PI * u2)));
  }
  return table;
}

function clampInt16(v: number): number {
  return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}
