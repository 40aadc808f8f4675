// zoom / resampleToSpacing conventions, pinned the way skimage's tests pin theirs: tiny
// drawn volumes per convention (grid, ties, corners, clamping, thin axes), bad arguments,
// and two independent oracles on random input: scipy's order-1 sum written out in
// TypeScript (bit for bit) and reference_zoom's whole-volume order-3 spline (within
// float tolerance), on volumes large enough to take the multi-threaded path.
import { describe, expect, it } from 'vitest';
import {
  resampleGrid,
  resampleToSpacing,
  roundHalfEven,
  type Triple,
  zoom,
  type ZoomVolume,
  zoomOutputDims,
} from '../../../native/resample';

type Grid = number[][][]; // grid[z][y][x]

/** Flattens a drawn grid[z][y][x] to x-fastest order, index x + nx*(y + ny*z). */
function volume<T extends ZoomVolume>(grid: Grid, ctor: { new (n: number): T }): { data: T; dims: Triple } {
  const nz = grid.length;
  const ny = grid[0]!.length;
  const nx = grid[0]![0]!.length;
  const data = new ctor(nx * ny * nz);
  grid.forEach((plane, z) => plane.forEach((row, y) => row.forEach((v, x) => (data[x + nx * (y + ny * z)] = v))));
  return { data, dims: [nx, ny, nz] };
}

/** A 1D row as a volume [n, 1, 1]. */
const row = <T extends ZoomVolume>(values: number[], ctor: { new (n: number): T }) => volume([[values]], ctor);

function random(n: number, seed: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; ++i) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

// ---- independent oracles --------------------------------------------------------------

function steps(n: number, m: number): number {
  return m > 1 ? (n - 1) / (m - 1) : 1;
}

function storeAs(v: number, like: ZoomVolume): number {
  if (like instanceof Float32Array) return Math.fround(v);
  const t = like instanceof Uint8Array ? (v > 0 ? v + 0.5 : 0) : v > 0 ? v + 0.5 : v - 0.5;
  const [lo, hi] = like instanceof Uint8Array ? [0, 255] : [-32768, 32767];
  return Math.trunc(Math.min(Math.max(t, lo), hi)) + 0; // + 0: no -0 in an integer array
}

/** scipy NI_ZoomShift order 1: t = 0; t += ((v*wz)*wy)*wx over taps in (z, y, x) order. */
function scipyLinear(input: ZoomVolume, [nx, ny, nz]: Triple, [ox, oy, oz]: Triple): number[] {
  const taps = (n: number, m: number) =>
    Array.from({ length: m }, (_, k) => {
      const c = k * steps(n, m);
      const f = Math.floor(c);
      const w0 = 1 - (c - f);
      return { i: [Math.min(f, n - 1), Math.min(f + 1, n - 1)], w: [w0, 1 - w0] };
    });
  const tx = taps(nx, ox), ty = taps(ny, oy), tz = taps(nz, oz);
  const out: number[] = [];
  for (let z = 0; z < oz; ++z)
    for (let y = 0; y < oy; ++y)
      for (let x = 0; x < ox; ++x) {
        let t = 0;
        for (let a = 0; a < 2; ++a)
          for (let b = 0; b < 2; ++b)
            for (let c = 0; c < 2; ++c) {
              const v = input[tx[x]!.i[c]! + nx * (ty[y]!.i[b]! + ny * tz[z]!.i[a]!)]!;
              t += v * tz[z]!.w[a]! * ty[y]!.w[b]! * tx[x]!.w[c]!;
            }
        out.push(storeAs(t, input));
      }
  return out;
}

/** reference_zoom order 3: pad 12 (edge), prefilter the whole volume along z, y, x, then apply each axis. */
function referenceCubic(input: ZoomVolume, dims: Triple, outDims: Triple): number[] {
  const P = 12;
  let shape = dims.map((n) => n + 2 * P) as number[];
  let vol = new Float64Array(shape[0]! * shape[1]! * shape[2]!);
  const clamp = (i: number, n: number) => Math.min(Math.max(i, 0), n - 1);
  for (let z = 0; z < shape[2]!; ++z)
    for (let y = 0; y < shape[1]!; ++y)
      for (let x = 0; x < shape[0]!; ++x) {
        const sx = clamp(x - P, dims[0]), sy = clamp(y - P, dims[1]), sz = clamp(z - P, dims[2]);
        vol[x + shape[0]! * (y + shape[1]! * z)] = input[sx + dims[0] * (sy + dims[1] * sz)]!;
      }
  const strideOf = (s: number[], a: number) => (a === 0 ? 1 : a === 1 ? s[0]! : s[0]! * s[1]!);
  const lines = (s: number[], a: number, f: (start: number, stride: number) => void) => {
    const others = [0, 1, 2].filter((b) => b !== a);
    for (let i = 0; i < s[others[0]!]!; ++i)
      for (let j = 0; j < s[others[1]!]!; ++j) f(i * strideOf(s, others[0]!) + j * strideOf(s, others[1]!), strideOf(s, a));
  };
  const zp = Math.sqrt(3) - 2;
  for (const a of [2, 1, 0]) {
    const n = shape[a]!;
    lines(shape, a, (s0, st) => {
      const c = Array.from({ length: n }, (_, i) => vol[s0 + i * st]! * 6);
      let c0 = 0;
      for (let i = 0; i < n; ++i) c0 += c[i]! * zp ** i + (i > 0 && i < n - 1 ? c[n - 1 - i]! * zp ** (2 * n - 2 - i) : 0);
      c[0] = c0 / (1 - zp ** (2 * n - 2));
      for (let i = 1; i < n; ++i) c[i]! += zp * c[i - 1]!;
      c[n - 1] = ((zp * c[n - 2]! + c[n - 1]!) * zp) / (zp * zp - 1);
      for (let i = n - 2; i >= 0; --i) c[i] = zp * (c[i + 1]! - c[i]!);
      c.forEach((v, i) => (vol[s0 + i * st] = v));
    });
  }
  for (const a of [0, 1, 2]) {
    const n = dims[a]!, m = outDims[a]!;
    const next = shape.slice();
    next[a] = m;
    const out = new Float64Array(next[0]! * next[1]! * next[2]!);
    const others = [0, 1, 2].filter((b) => b !== a);
    for (let i = 0; i < next[others[0]!]!; ++i)
      for (let j = 0; j < next[others[1]!]!; ++j)
        for (let k = 0; k < m; ++k) {
          const c = k * steps(n, m) + P;
          const f = Math.floor(c), y = c - f, zz = 1 - y;
          const w1 = (y * y * (y - 2) * 3 + 4) / 6, w2 = (zz * zz * (zz - 2) * 3 + 4) / 6, w0 = (zz * zz * zz) / 6;
          const w = [w0, w1, w2, 1 - w0 - w1 - w2];
          let t = 0;
          for (let q = 0; q < 4; ++q) {
            const src = clamp(f - 1 + q, shape[a]!);
            t += w[q]! * vol[i * strideOf(shape, others[0]!) + j * strideOf(shape, others[1]!) + src * strideOf(shape, a)]!;
          }
          out[i * strideOf(next, others[0]!) + j * strideOf(next, others[1]!) + k * strideOf(next, a)] = t;
        }
    vol = out;
    shape = next;
  }
  return Array.from(vol, (v) => storeAs(v, input));
}

// ---- conventions ------------------------------------------------------------------------

describe('zoom grid (scipy.ndimage.zoom, grid_mode=False)', () => {
  it.each([0, 1, 3] as const)('keeps a constant volume constant (order %i)', (order) => {
    for (const ctor of [Int16Array, Uint8Array, Float32Array]) {
      const data = new ctor(5 * 4 * 3).fill(77);
      const out = zoom(data, [5, 4, 3], [8, 3, 7], order);
      expect(out.length).toBe(8 * 3 * 7);
      for (const v of out) {
        if (ctor === Float32Array) expect(Math.abs(v - 77)).toBeLessThan(1e-4);
        else expect(v).toBe(77);
      }
    }
  });

  it('samples at k*(n-1)/(m-1), corner aligned: doubling [0, 30] gives thirds, not halves (order 1)', () => {
    const { data, dims } = row([0, 30], Int16Array);
    expect(Array.from(zoom(data, dims, [4, 1, 1], 1))).toEqual([0, 10, 20, 30]);
  });

  it.each([0, 1, 3] as const)('puts the first and last samples on the first and last voxels (order %i)', (order) => {
    const dims: Triple = [9, 7, 6];
    const data = Float32Array.from(random(9 * 7 * 6, 3, -1000, 1000));
    const out = zoom(data, dims, [13, 4, 11], order);
    const tol = order === 3 ? 1e-3 : 0;
    expect(Math.abs(out[0]! - data[0]!)).toBeLessThanOrEqual(tol);
    expect(Math.abs(out[out.length - 1]! - data[data.length - 1]!)).toBeLessThanOrEqual(tol);
  });

  it('order 0 takes floor(c + 0.5): ties go up', () => {
    const { data, dims } = row([0, 10, 20, 30, 40], Int16Array);
    // step 4/8 = 0.5: odd outputs sit exactly between two voxels
    expect(Array.from(zoom(data, dims, [9, 1, 1], 0))).toEqual([0, 10, 10, 20, 20, 30, 30, 40, 40]);
  });

  it('order 0 picks voxels without arithmetic (float32 values come back bit for bit)', () => {
    const { data, dims } = row([0.1, -3.3e-7, 1e30, Number.NaN], Float32Array);
    const out = zoom(data, dims, [7, 1, 1], 0);
    expect(Array.from(out)).toEqual([data[0], data[1], data[1], data[2], data[2], data[3], data[3]]);
  });

  it('order 1 keeps a linear ramp exactly linear', () => {
    const dims: Triple = [6, 5, 4];
    const ramp = (x: number, y: number, z: number) => 3 * x - 2 * y + 7 * z + 0.25;
    const data = new Float32Array(6 * 5 * 4);
    for (let z = 0; z < 4; ++z) for (let y = 0; y < 5; ++y) for (let x = 0; x < 6; ++x) data[x + 6 * (y + 5 * z)] = ramp(x, y, z);
    const o: Triple = [11, 3, 9];
    const out = zoom(data, dims, o, 1);
    for (let z = 0; z < o[2]; ++z)
      for (let y = 0; y < o[1]; ++y)
        for (let x = 0; x < o[0]; ++x) {
          const want = ramp((x * 5) / 10, (y * 4) / 2, (z * 3) / 8);
          expect(Math.abs(out[x + o[0] * (y + o[1] * z)]! - want)).toBeLessThan(1e-4);
        }
  });

  it('order 3 keeps a linear ramp linear away from the edges (the edge padding bends it near them)', () => {
    const n = 40;
    const { data, dims } = row(Array.from({ length: n }, (_, i) => 5 * i - 60), Float32Array);
    const m = 97;
    const out = zoom(data, dims, [m, 1, 1], 3);
    const step = (n - 1) / (m - 1);
    for (let k = 0; k < m; ++k) {
      const c = k * step;
      if (c < 8 || c > n - 9) continue;
      expect(Math.abs(out[k]! - (5 * c - 60))).toBeLessThan(1e-3);
    }
    // interpolating spline: the samples that land on voxels return them
    expect(Math.abs(out[0]! - data[0]!)).toBeLessThan(1e-4);
    expect(Math.abs(out[m - 1]! - data[n - 1]!)).toBeLessThan(1e-4);
  });

  it('counts outside the volume as the nearest edge voxel (mode nearest): no fade at the border', () => {
    const { data, dims } = row([100, 100, 100, 100], Int16Array);
    for (const order of [1, 3] as const) expect(Array.from(zoom(data, dims, [10, 1, 1], order))).toEqual(new Array(10).fill(100));
  });

  it('does not modify the input', () => {
    const data = Int16Array.from(random(6 * 5 * 4, 9, -1000, 1000));
    const before = data.slice();
    for (const order of [0, 1, 3] as const) zoom(data, [6, 5, 4], [4, 7, 9], order);
    expect(data).toEqual(before);
  });

  it('consuming the input (order 3) frees it midway and gives the same voxels', () => {
    const data = Int16Array.from(random(6 * 5 * 4, 9, -1000, 1000));
    const expected = zoom(data, [6, 5, 4], [4, 7, 9], 3);
    const got = zoom(data, [6, 5, 4], [4, 7, 9], 3, true);
    expect(got).toEqual(expected);
    // Its buffer is detached: every view of it is empty now.
    expect(data.length).toBe(0);
    expect(data.buffer.byteLength).toBe(0);
  });

  it('consuming leaves inputs it cannot free alone: orders 0 and 1, views into a larger buffer', () => {
    for (const order of [0, 1] as const) {
      const data = Int16Array.from(random(6 * 5 * 4, 9, -1000, 1000));
      zoom(data, [6, 5, 4], [4, 7, 9], order, true);
      expect(data.length).toBe(120);
    }
    const big = Int16Array.from(random(6 * 5 * 4 + 10, 9, -1000, 1000));
    const view = big.subarray(10);
    const before = view.slice();
    expect(zoom(view, [6, 5, 4], [4, 7, 9], 3, true)).toEqual(zoom(before, [6, 5, 4], [4, 7, 9], 3));
    expect(view).toEqual(before);
  });

  it('refuses a consumeInput that is not a boolean', () => {
    const data = new Int16Array(8);
    expect(() => zoom(data, [2, 2, 2], [3, 3, 3], 3, 'yes' as unknown as boolean)).toThrow(/consumeInput must be a boolean/);
  });
});

describe('zoom output dtype (round half away from zero, clamp)', () => {
  it('rounds int16 .5 ties away from zero', () => {
    expect(Array.from(zoom(row([0, 1], Int16Array).data, [2, 1, 1], [3, 1, 1], 1))).toEqual([0, 1, 1]);
    expect(Array.from(zoom(row([0, -1], Int16Array).data, [2, 1, 1], [3, 1, 1], 1))).toEqual([0, -1, -1]);
    expect(Array.from(zoom(row([0, 1], Uint8Array).data, [2, 1, 1], [3, 1, 1], 1))).toEqual([0, 1, 1]);
  });

  it('clamps uint8 cubic overshoot to 0..255 (negatives → 0)', () => {
    const { data, dims } = row([0, 0, 0, 255, 255, 255], Uint8Array);
    const f = zoom(Float32Array.from(data), dims, [26, 1, 1], 3);
    expect(Math.min(...f)).toBeLessThan(-0.5); // the spline rings below 0 ...
    expect(Math.max(...f)).toBeGreaterThan(255.5); // ... and above 255
    const out = zoom(data, dims, [26, 1, 1], 3);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Array.from(out)).toEqual(Array.from(f, (v) => (v > 0 ? Math.min(Math.trunc(v + 0.5), 255) : 0)));
    expect(Math.min(...out)).toBe(0);
    expect(Math.max(...out)).toBe(255);
  });

  it('clamps int16 cubic overshoot to -32768..32767', () => {
    const { data, dims } = row([-32768, -32768, -32768, 32767, 32767, 32767], Int16Array);
    const out = zoom(data, dims, [26, 1, 1], 3);
    expect(Math.min(...out)).toBe(-32768);
    expect(Math.max(...out)).toBe(32767);
    const f = zoom(Float32Array.from(data), dims, [26, 1, 1], 3);
    expect(Math.max(...f)).toBeGreaterThan(32767.5);
  });

  it('returns the input type', () => {
    for (const ctor of [Int16Array, Uint8Array, Float32Array]) {
      expect(zoom(new ctor(8), [2, 2, 2], [3, 3, 3], 1)).toBeInstanceOf(ctor);
    }
  });
});

describe('zoom on 1-voxel-thick axes', () => {
  it.each([0, 1, 3] as const)('spreads a single voxel over any output size (step 0, order %i)', (order) => {
    const out = zoom(Int16Array.of(-7), [1, 1, 1], [2, 3, 4], order);
    expect(Array.from(out)).toEqual(new Array(24).fill(-7));
  });

  it.each([0, 1, 3] as const)('an output of 1 samples the first voxel (step 1, order %i)', (order) => {
    const { data, dims } = row([5, 10, 20], Int16Array);
    expect(Array.from(zoom(data, dims, [1, 1, 1], order))).toEqual([5]);
  });

  it('a 2D image (nz = 1 kept at 1) zooms as scipy zooms the 2D array', () => {
    // same numbers as conformance int16_2d_ties_order0/1: (5, 7) -> (9, 13)
    const grid = [Array.from({ length: 5 }, (_, y) => Array.from({ length: 7 }, (_, x) => (y * 7 + x) * 10))];
    const { data, dims } = volume(grid, Int16Array);
    const out = zoom(data, dims, [13, 9, 1], 1);
    expect(Array.from(out)).toEqual(scipyLinear(data, dims, [13, 9, 1]));
    expect(out[1]).toBe(5); // (0 + 10) / 2 rounded half away from zero
    const thin = zoom(data, dims, [13, 9, 1], 3);
    expect(thin.length).toBe(13 * 9);
  });

  it('a [n, 1, 1] line stays a line along y and z', () => {
    const { data, dims } = row([0, 100, 200, 300], Float32Array);
    const out = zoom(data, dims, [7, 1, 1], 1);
    expect(Array.from(out)).toEqual([0, 50, 100, 150, 200, 250, 300]);
  });
});

describe('zoom arguments', () => {
  const data = new Int16Array(24);
  it('throws TypeError naming input for an unsupported array type', () => {
    expect(() => zoom(new Int32Array(24) as never, [2, 3, 4], [2, 2, 2], 1)).toThrow(TypeError);
    expect(() => zoom(new Int32Array(24) as never, [2, 3, 4], [2, 2, 2], 1)).toThrow(/zoom: input must be/);
    expect(() => zoom([1, 2] as never, [2, 1, 1], [2, 2, 2], 1)).toThrow(/input/);
  });
  it('throws RangeError naming dims when they disagree with the length', () => {
    expect(() => zoom(data, [2, 3, 5], [2, 2, 2], 1)).toThrow(RangeError);
    expect(() => zoom(data, [2, 3, 5], [2, 2, 2], 1)).toThrow(/dims \[2, 3, 5\] need 30/);
  });
  it('throws naming the element of dims / outDims that is not a positive integer', () => {
    expect(() => zoom(new Int16Array(0), [0, 3, 4], [2, 2, 2], 1)).toThrow(/dims\[0\] must be a positive integer/);
    expect(() => zoom(data, [2, 3, 4], [2, 1.5, 2], 1)).toThrow(/outDims\[1\] must be a positive integer/);
    expect(() => zoom(data, [2, 3, 4], [2, 2, -1], 1)).toThrow(/outDims\[2\]/);
    expect(() => zoom(data, [2, 3, 4], [2, 2] as never, 1)).toThrow(TypeError);
    expect(() => zoom(data, [2, 3, 4], [2, 2] as never, 1)).toThrow(/outDims must be an array/);
    expect(() => zoom(data, [2, '3', 4] as never, [2, 2, 2], 1)).toThrow(/dims\[1\] must be a number/);
    expect(() => zoom(data, [2, 3, 4], [100000, 100000, 1000], 1)).toThrow(/outDims hold more than/);
  });
  it('throws naming order for anything but 0, 1, 3', () => {
    expect(() => zoom(data, [2, 3, 4], [2, 2, 2], 2 as never)).toThrow(RangeError);
    expect(() => zoom(data, [2, 3, 4], [2, 2, 2], 2 as never)).toThrow(/order must be 0/);
    expect(() => zoom(data, [2, 3, 4], [2, 2, 2], '1' as never)).toThrow(TypeError);
    expect(() => zoom(data, [2, 3, 4], [2, 2, 2], undefined as never)).toThrow(/order/);
  });
});

describe('zoom against independent oracles on random volumes', () => {
  it.each([
    ['int16', Int16Array],
    ['uint8', Uint8Array],
    ['float32', Float32Array],
  ] as const)('order 1 equals scipy\'s 8-tap float64 sum bit for bit (%s, multi-threaded size)', (_, ctor) => {
    const dims: Triple = [41, 38, 30];
    const [lo, hi] = ctor === Uint8Array ? [0, 255] : [-1000, 1000];
    const data = new ctor(dims[0] * dims[1] * dims[2]);
    random(data.length, 11, lo, hi).forEach((v, i) => (data[i] = ctor === Float32Array ? v : Math.round(v)));
    const o: Triple = [29, 45, 75]; // 0.7, 1.2, 2.5: mixed down and up, thirds and halves
    expect(Array.from(zoom(data, dims, o, 1))).toEqual(scipyLinear(data, dims, o));
  });

  it('order 3 matches reference_zoom\'s whole-volume prefilter within float tolerance', () => {
    const dims: Triple = [14, 11, 9];
    const data = Float32Array.from(random(14 * 11 * 9, 5, -1000, 1000));
    const o: Triple = [10, 19, 22];
    const out = zoom(data, dims, o, 3);
    const ref = referenceCubic(data, dims, o);
    let worst = 0;
    for (let i = 0; i < ref.length; ++i) worst = Math.max(worst, Math.abs(out[i]! - ref[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('order 3 int16 output is the rounded float result (at most 1 apart, rarely)', () => {
    const dims: Triple = [60, 50, 30];
    const f = random(60 * 50 * 30, 21, -1000, 1000).map(Math.round);
    const o: Triple = [42, 35, 75];
    const asInt = zoom(Int16Array.from(f), dims, o, 3);
    const asFloat = zoom(Float32Array.from(f), dims, o, 3);
    let differ = 0;
    for (let i = 0; i < asInt.length; ++i) {
      const want = storeAs(asFloat[i]!, asInt);
      expect(Math.abs(asInt[i]! - want)).toBeLessThanOrEqual(1);
      if (asInt[i] !== want) ++differ;
    }
    expect(differ / asInt.length).toBeLessThan(1e-3);
  });
});

describe('resampleToSpacing grid (DSB2017 tutorial resample)', () => {
  it('rounds half to even like numpy: 22.5 → 22, 17.5 → 18, 0.5 → 0', () => {
    expect([22.5, 17.5, 0.5, 2.5, 3.5, 2.4999999, 7].map(roundHalfEven)).toEqual([22, 18, 0, 2, 4, 2, 7]);
    expect(zoomOutputDims([32, 32, 12], [0.703125, 0.703125, 1.25])).toEqual([22, 22, 15]);
  });

  it('casts the spacing to float32 first: 25 voxels at 0.7 mm give 17, not 18', () => {
    const g = resampleGrid([30, 25, 10], [0.7, 0.7, 2.5], [1, 1, 1]);
    expect(g.dims).toEqual([21, 17, 25]);
    expect(g.factors).toEqual([0.7, 0.68, 2.5]);
    expect(g.spacing[1]).toBeCloseTo(1.0294117471751043, 15);
    expect(g.spacing[0]).toBe(Math.fround(0.7) / 0.7);
  });

  it('returns the resampled data, dims and the real spacing reached', () => {
    const data = new Int16Array(30 * 25 * 10).fill(-500);
    const r = resampleToSpacing(data, [30, 25, 10], [0.7, 0.7, 2.5], [1, 1, 1], 1);
    expect(r.dims).toEqual([21, 17, 25]);
    expect(r.data.length).toBe(21 * 17 * 25);
    expect(r.data.every((v) => v === -500)).toBe(true);
    expect(r.spacing).toEqual(resampleGrid([30, 25, 10], [0.7, 0.7, 2.5], [1, 1, 1]).spacing);
  });

  it('defaults to order 3 like the tutorial', () => {
    const data = Int16Array.from(random(8 * 8 * 4, 2, -1000, 1000), Math.round);
    const a = resampleToSpacing(data, [8, 8, 4], [0.7, 0.7, 2.5], [1, 1, 1]);
    const b = zoom(data, [8, 8, 4], a.dims, 3);
    expect(a.data).toEqual(b);
  });

  it('throws naming the parameter for bad spacing, new spacing or dims', () => {
    const data = new Int16Array(8);
    expect(() => resampleToSpacing(data, [2, 2, 2], [-1, 1, 1], [1, 1, 1])).toThrow(/spacing\[0\] must be a finite positive number/);
    expect(() => resampleToSpacing(data, [2, 2, 2], [1, 1, 1], [1, Number.NaN, 1])).toThrow(/newSpacing\[1\]/);
    expect(() => resampleToSpacing(data, [2, 2, 2], [1, 1, 1], [1, 1] as never)).toThrow(TypeError);
    expect(() => resampleToSpacing(data, [2, 2, 2.5], [1, 1, 1], [1, 1, 1])).toThrow(/dims\[2\]/);
    expect(() => resampleToSpacing(data, [2, 2, 2], [1, 1, 1], [1, 1, 10])).toThrow(/newSpacing\[2\] = 10 mm leaves no voxel along axis z/);
    expect(() => resampleToSpacing(data, [2, 2, 2], [1, 1, 1], [1, 1, 1], 2 as never)).toThrow(/order/);
    expect(() => zoomOutputDims([2, 2, 2], [1, 0.1, 1])).toThrow(/factors\[1\]/);
  });
});
