// Typed bindings for the resampling kernel (native/src/resample.h, bind-resample.cc) and
// the tutorial's spacing → grid rule, which is pure arithmetic and so lives here rather
// than in C++. Arguments of `zoom` are validated in C++; the grid rule checks its own.
import { nativeAddon } from './addon-loader';

/** Voxel arrays the resampling kernel accepts; the output has the same type. */
export type ZoomVolume = Int16Array | Uint8Array | Float32Array;

/** Spline order: 0 nearest, 1 linear, 3 cubic B-spline (scipy's prefilter). */
export type ZoomOrder = 0 | 1 | 3;

/** `[x, y, z]`: dims `[nx, ny, nz]` or spacing in mm. Voxel (x, y, z) sits at `x + nx*(y + ny*z)`. */
export type Triple = readonly [number, number, number];

interface ResampleAddon {
  zoom<T extends ZoomVolume>(input: T, dims: Triple, outDims: Triple, order: ZoomOrder, consumeInput?: boolean): T;
}

const load = (): ResampleAddon => nativeAddon<ResampleAddon>();

/**
 * Resample a volume to `outDims` with a spline of order 0, 1 or 3, as
 * `scipy.ndimage.zoom(image, factors, order, mode='nearest')` does.
 *
 * Grid: along an axis with n input and m output samples the step is `(n-1)/(m-1)` (1 when
 * m = 1) and output k samples the input at `c = k*step` (float64). First and last samples
 * sit exactly on the first and last input voxels (corner aligned, scipy's
 * `grid_mode=False`), so doubling does not sample at k/2.
 *
 * - order 0: voxel `floor(c + 0.5)`: ties go **up**.
 * - order 1: `i = floor(c)`, `t = c - i`, weights `w0 = 1 - t`, `w1 = 1 - w0` on i, i+1.
 * - order 3: each line padded by 12 edge voxels, prefiltered in float64 (scipy's cubic
 *   B-spline filter, mirror initial conditions), evaluated at `c + 12`.
 * - 3D is the tensor product of the three 1D rules; outside the volume counts as the
 *   nearest edge voxel (mode 'nearest').
 *
 * @param input - voxels in x-fastest order, index `x + nx*(y + ny*z)` (the bytes of a
 *   C-order numpy array of shape (z, y, x)). Int16Array, Uint8Array or Float32Array.
 *   Never modified.
 * @param dims - `[nx, ny, nz]`, positive integers with `nx*ny*nz === input.length`.
 *   A 2D image is `nz = 1`; an axis of 1 kept at 1 is copied unchanged.
 * @param outDims - `[ox, oy, oz]`, positive integers (at most 2^31-1 voxels). Use
 *   {@link zoomOutputDims} to get scipy's shape for given factors.
 * @param order - 0, 1 or 3.
 * @returns a new array of the input's type and `ox*oy*oz` elements. Integer outputs are
 *   rounded half away from zero and clamped to the type's range (Uint8: negatives → 0);
 *   Float32 is the float64 result rounded to float32.
 * @throws TypeError when `input` is not one of the three types or `dims`/`outDims`/
 *   `order` are not numbers; RangeError when a dimension is not a positive integer,
 *   `dims` disagree with `input.length`, the output is too large or `order` is not
 *   0, 1 or 3. The message names the parameter. Error "out of memory" when allocation fails.
 *
 * Order 0 gathers voxels (no arithmetic). Order 1 sums the 8 taps per output voxel in
 * scipy's float64 order (`t += ((v*wz)*wy)*wx`, taps in (z, y, x) order), so it matches
 * scipy bit for bit, .5 ties included; no intermediate. Order 3 is separable: x then y per
 * slice (float64 scratch, OpenMP over slices), then z (OpenMP over rows), with a float32
 * intermediate of ox*oy*nz values between y and z; each axis is prefiltered per line just
 * before it is evaluated, so no prefiltered volume is stored. Extra memory besides the
 * output: none for orders 0/1, about 1x the input's bytes for order 3 on a CT going to
 * 1 mm. Results do not depend on the thread count (OMP_NUM_THREADS).
 *
 * Matches: `scipy.ndimage.zoom(image, factors, order, mode='nearest')` in scipy 1.10.1
 * (prefilter True, grid_mode False) for the same output shape;
 * ../shared/conformance/cases/zoom.
 *
 * Departs: takes output dims rather than factors; only orders 0, 1, 3 and mode
 * 'nearest'; order 3 sums separably with a float32 step between the y and z passes
 * instead of scipy's single float64 sum over 64 taps, so order-3 float outputs may
 * differ in the last float32 bits and an integer output lying within ~1e-4 of a .5 tie
 * may round the other way (inside the conformance tolerances; none on the cases); an
 * axis of 1 kept at 1 is copied, as scipy's zoom of the array without that axis.
 *
 * `consumeInput`: the caller gives the input up. For order 3 its ArrayBuffer is detached
 * (its memory freed, every view of it left empty) once pass 1 has read it and before the
 * output is allocated, so the peak is max(input + intermediate, intermediate + output)
 * rather than their sum. Only a view spanning its whole, detachable buffer is freed;
 * orders 0 and 1 read the input to the end and leave it alone.
 */
export function zoom<T extends ZoomVolume>(input: T, dims: Triple, outDims: Triple, order: ZoomOrder, consumeInput = false): T {
  return load().zoom(input, dims, outDims, order, consumeInput);
}

/** Python's `round()` on a float: half to even (22.5 → 22, 17.5 → 18), like `np.round`. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact for |x| < 2^52
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function checkTriple(fn: string, name: string, v: unknown, positive: boolean, integer: boolean): Triple {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    throw new TypeError(`${fn}: ${name} must be an array [x, y, z] of 3 numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length !== 3) throw new TypeError(`${fn}: ${name} must have 3 elements [x, y, z], got ${a.length}`);
  for (let i = 0; i < 3; ++i) {
    const e = a[i];
    if (typeof e !== 'number') throw new TypeError(`${fn}: ${name}[${i}] must be a number, got ${describe(e)}`);
    if (!Number.isFinite(e) || (positive && !(e > 0)) || (integer && !Number.isInteger(e))) {
      throw new RangeError(`${fn}: ${name}[${i}] must be a finite ${positive ? 'positive ' : ''}${integer ? 'integer' : 'number'}, got ${e}`);
    }
  }
  return [a[0] as number, a[1] as number, a[2] as number];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an Array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return typeof v === 'number' ? `the number ${v}` : typeof v;
}

/**
 * Scipy's output shape for zoom factors: Python `round(n * f)` per axis (half to even,
 * 22.5 → 22). `dims` and `factors` are both `[x, y, z]`.
 * @throws RangeError naming the parameter when an axis would have fewer than 1 voxel.
 */
export function zoomOutputDims(dims: Triple, factors: Triple): [number, number, number] {
  const d = checkTriple('zoomOutputDims', 'dims', dims, true, true);
  const f = checkTriple('zoomOutputDims', 'factors', factors, true, false);
  const out = [0, 1, 2].map((a) => roundHalfEven(d[a]! * f[a]!)) as [number, number, number];
  out.forEach((n, a) => {
    if (n < 1) throw new RangeError(`zoomOutputDims: factors[${a}] = ${f[a]} leaves ${n} voxels along axis ${'xyz'[a]} of ${d[a]}`);
  });
  return out;
}

/** The grid a {@link resampleToSpacing} call produces, without resampling. */
export interface ResampleGrid {
  /** New dims `[nx, ny, nz]`. */
  dims: [number, number, number];
  /** The zoom factors actually applied, `newDims / dims`. */
  factors: [number, number, number];
  /** The real new spacing in mm, `float32(spacing) / factors` (float64). */
  spacing: [number, number, number];
}

/**
 * The DSB2017 tutorial's resampling grid, exactly as its numpy code computes it:
 * the spacing is rounded to **float32** first (the tutorial builds it with
 * `dtype=np.float32`), then per axis `newDims = np.round(dims * (spacing / newSpacing))`
 * (half to even), `factors = newDims / dims`, real spacing `spacing / factors`, all in
 * float64 in numpy's operation order. The float32 step matters: 25 voxels at 0.7 mm give
 * 17, not 18 (25 * 0.699999988 = 17.4999997).
 *
 * @param dims - `[nx, ny, nz]`, positive integers.
 * @param spacing - current spacing `[x, y, z]` in mm, positive.
 * @param newSpacing - wanted spacing `[x, y, z]` in mm, positive (the tutorial: 1, 1, 1).
 * @throws TypeError / RangeError naming the parameter; RangeError when an axis would end
 *   up with 0 voxels (scipy would return an empty array).
 *
 * Matches: `resample` of shared/reference/seed_pipeline.py (numpy 1.24.2);
 * ../shared/conformance/cases/resample.
 */
export function resampleGrid(dims: Triple, spacing: Triple, newSpacing: Triple): ResampleGrid {
  const fn = 'resampleToSpacing';
  const d = checkTriple(fn, 'dims', dims, true, true);
  const s = checkTriple(fn, 'spacing', spacing, true, false);
  const ns = checkTriple(fn, 'newSpacing', newSpacing, true, false);
  const outDims: number[] = [];
  const factors: number[] = [];
  const realSpacing: number[] = [];
  for (let a = 0; a < 3; ++a) {
    const s32 = Math.fround(s[a]!);
    const resizeFactor = s32 / ns[a]!;
    const n = roundHalfEven(d[a]! * resizeFactor);
    if (n < 1) {
      throw new RangeError(
        `${fn}: newSpacing[${a}] = ${ns[a]} mm leaves no voxel along axis ${'xyz'[a]} (${d[a]} voxels at ${s[a]} mm)`,
      );
    }
    const factor = n / d[a]!;
    outDims.push(n);
    factors.push(factor);
    realSpacing.push(s32 / factor);
  }
  return {
    dims: outDims as [number, number, number],
    factors: factors as [number, number, number],
    spacing: realSpacing as [number, number, number],
  };
}

/**
 * Resample a volume to (about) a new voxel spacing: the DSB2017/LUNA16 tutorial's
 * `resample(image, spacing, new_spacing, order)`. The grid comes from
 * {@link resampleGrid} (float32 spacing, half-to-even rounding of the new dims), the
 * voxels from {@link zoom} with that grid (corner aligned, mode 'nearest').
 *
 * @param input - x-fastest voxels (Int16Array HU, Uint8Array mask or Float32Array); never
 *   modified.
 * @param dims - `[nx, ny, nz]` of `input`.
 * @param spacing - `[x, y, z]` mm of `input` (note: the tutorial's arrays are (z, y, x)).
 * @param newSpacing - wanted `[x, y, z]` mm.
 * @param order - spline order 0, 1 or 3; default 3 as in the tutorial.
 * @param opts.consumeInput - give the input up so cubic resampling frees it midway (see
 *   {@link zoom}); `input` is then empty afterwards.
 * @returns `data` (new array, input's type), its `dims` and the real `spacing` reached,
 *   which differs slightly from `newSpacing` because the dims are whole numbers.
 * @throws TypeError / RangeError naming the parameter (see {@link resampleGrid} and
 *   {@link zoom}).
 *
 * Matches: `resample` in shared/reference/seed_pipeline.py (numpy 1.24.2, scipy 1.10.1);
 * ../shared/conformance/cases/resample.
 *
 * Departs: as {@link zoom}; an axis that would get 0 voxels throws instead of giving an
 * empty array.
 */
export function resampleToSpacing<T extends ZoomVolume>(
  input: T,
  dims: Triple,
  spacing: Triple,
  newSpacing: Triple,
  order: ZoomOrder = 3,
  opts: { consumeInput?: boolean } = {},
): { data: T; dims: [number, number, number]; spacing: [number, number, number] } {
  const grid = resampleGrid(dims, spacing, newSpacing);
  const data = zoom(input, dims, grid.dims, order, opts.consumeInput ?? false);
  return { data, dims: grid.dims, spacing: grid.spacing };
}
