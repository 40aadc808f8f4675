/**
 * Turning any numeric voxel array into int16 HU, counting what had to change so readers can
 * warn: values outside −32768…32767 are clamped, non-integers rounded half-to-even (numpy
 * `rint`, as the seed's `astype` after `rint`), NaN becomes 0. `slope`/`inter` (NIfTI
 * scl_slope/scl_inter) are applied first, in float64, as nibabel does.
 */

export type NumericArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

export interface Int16Conversion {
  voxels: Int16Array;
  /** Voxels whose value was outside int16 and was clamped. */
  clamped: number;
  /** Voxels whose value had a fraction and was rounded. */
  rounded: number;
  /** NaN voxels set to 0. */
  nan: number;
}

/** Round half to even, as numpy rint. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Converts `src` into a new Int16Array (or adopts `src` when it already is int16 and no
 * scaling applies: the caller owns the result either way).
 */
export function toInt16(src: NumericArray, slope = 1, inter = 0): Int16Conversion {
  const scaled = slope !== 1 || inter !== 0;
  if (src instanceof Int16Array && !scaled) return { voxels: src, clamped: 0, rounded: 0, nan: 0 };
  const n = src.length;
  const out = new Int16Array(n);
  let clamped = 0;
  let rounded = 0;
  let nan = 0;
  const integral = src instanceof Int8Array || src instanceof Uint8Array || src instanceof Int16Array || src instanceof Uint16Array || src instanceof Int32Array || src instanceof Uint32Array;
  if (integral && !scaled) {
    const a = src as Int32Array; // any of the integer views: indexing yields a number
    for (let i = 0; i < n; i++) {
      const v = a[i]!;
      if (v > 32767) {
        out[i] = 32767;
        clamped++;
      } else if (v < -32768) {
        out[i] = -32768;
        clamped++;
      } else out[i] = v;
    }
    return { voxels: out, clamped, rounded, nan };
  }
  const big = src instanceof BigInt64Array || src instanceof BigUint64Array;
  for (let i = 0; i < n; i++) {
    let v = big ? Number((src as BigInt64Array)[i]!) : (src as Float64Array)[i]!;
    if (scaled) v = v * slope + inter;
    if (Number.isNaN(v)) {
      out[i] = 0;
      nan++;
      continue;
    }
    let r = Math.round(v);
    if (r !== v) {
      rounded++;
      if (r - v === 0.5 && r % 2 !== 0) r -= 1;
    }
    if (r > 32767) {
      out[i] = 32767;
      clamped++;
    } else if (r < -32768) {
      out[i] = -32768;
      clamped++;
    } else out[i] = r;
  }
  return { voxels: out, clamped, rounded, nan };
}

/** The warnings a reader attaches for a conversion (empty when nothing changed). */
export function conversionWarnings(c: Int16Conversion, what: string): string[] {
  const w: string[] = [];
  if (c.clamped) w.push(`${c.clamped} voxel(s) of ${what} were outside int16 (−32768…32767) and were clamped`);
  if (c.rounded) w.push(`${c.rounded} voxel(s) of ${what} were not whole numbers and were rounded to the nearest HU`);
  if (c.nan) w.push(`${c.nan} NaN voxel(s) of ${what} were set to 0`);
  return w;
}
