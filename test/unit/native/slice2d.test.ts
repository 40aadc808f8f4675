// label2d / clearBorder / roberts conventions on small drawn grids, oracle checks on random
// input, and label2d on the 2D skimage label conformance cases.
import { describe, expect, it } from 'vitest';
import { clearBorder, type Dims3, type IntegerImage, label2d, roberts } from '../../../native/slice2d-mesh';
import { conformanceAvailable, ConformanceCase, dimsOfShape, expectConformant, listCases } from '../../helpers/conformance';
import { toGrid, volume } from '../../helpers/grid';


function random(n: number, seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Oracle for clear_border: label every same-valued region by flood fill and drop those reaching the zone. */
function clearBorderOracle(data: IntegerImage, [nx, ny, nz]: Dims3, b: number): number[] {
  const out = Array.from(data);
  const seen = new Uint8Array(data.length);
  const is3d = nz > 1;
  const inZone = (v: number, n: number): boolean => v < b + 1 || v >= n - b - 1;
  for (let seed = 0; seed < data.length; ++seed) {
    if (data[seed] === 0 || seen[seed]) continue;
    const region: number[] = [seed];
    seen[seed] = 1;
    let touches = false;
    for (let r = 0; r < region.length; ++r) {
      const i = region[r]!;
      const x = i % nx;
      const y = Math.floor(i / nx) % ny;
      const z = Math.floor(i / (nx * ny));
      if (inZone(x, nx) || inZone(y, ny) || (is3d && inZone(z, nz))) touches = true;
      for (let dz = -1; dz <= 1; ++dz)
        for (let dy = -1; dy <= 1; ++dy)
          for (let dx = -1; dx <= 1; ++dx) {
            const X = x + dx;
            const Y = y + dy;
            const Z = z + dz;
            if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) continue;
            const j = X + nx * (Y + ny * Z);
            if (!seen[j] && data[j] === data[i]) {
              seen[j] = 1;
              region.push(j);
            }
          }
    }
    if (touches) for (const i of region) out[i] = 0;
  }
  return out;
}

describe('label2d', () => {
  it('joins diagonal neighbours with connectivity 2 but not with connectivity 1 (4 vs 8 neighbours)', () => {
    const { data, dims } = volume([
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
    ]);
    expect(label2d(data, dims, 2).counts[0]).toBe(1);
    const c1 = label2d(data, dims, 1);
    expect(c1.counts[0]).toBe(3);
    expect(toGrid(c1.labels, dims)).toEqual([
      [
        [1, 0, 0],
        [0, 2, 0],
        [0, 0, 3],
      ],
    ]);
  });

  it('numbers regions in raster order of their first pixel and restarts in every slice', () => {
    const { data, dims } = volume([
      [
        [0, 2, 2, 0, 1],
        [1, 0, 0, 0, 1],
      ],
      [
        [0, 0, 0, 0, 0],
        [0, 0, 7, 7, 0],
      ],
    ]);
    const { labels, counts } = label2d(data, dims, 1);
    expect(Array.from(counts)).toEqual([3, 1]);
    expect(toGrid(labels, dims)).toEqual([
      [
        [0, 1, 1, 0, 2],
        [3, 0, 0, 0, 2],
      ],
      [
        [0, 0, 0, 0, 0],
        [0, 0, 1, 1, 0],
      ],
    ]);
  });

  it('never joins across slices even where pixels overlap in z', () => {
    const { data, dims } = volume([[[1, 1]], [[1, 1]], [[0, 0]]]);
    const { counts } = label2d(data, dims);
    expect(Array.from(counts)).toEqual([1, 1, 0]);
  });

  it('joins only equal values; negative values are foreground (skimage label)', () => {
    const { data, dims } = volume(
      [
        [
          [-1, -1, 2],
          [0, 2, 2],
        ],
      ],
      Int16Array,
    );
    const { labels, counts } = label2d(data, dims);
    expect(counts[0]).toBe(2);
    expect(toGrid(labels, dims)).toEqual([
      [
        [1, 1, 2],
        [0, 2, 2],
      ],
    ]);
  });

  it('does not modify its input', () => {
    const { data, dims } = volume([[[1, 0, 1, 1]]]);
    const before = data.slice();
    label2d(data, dims);
    expect(data).toEqual(before);
  });

  it('rejects bad arguments with errors naming the parameter', () => {
    const data = new Uint8Array(6);
    expect(() => label2d(new Float32Array(6) as never, [3, 2, 1])).toThrow(/label2d: input/);
    expect(() => label2d(data, [4, 2, 1])).toThrow(RangeError);
    expect(() => label2d(data, [4, 2, 1])).toThrow(/input has 6 elements/);
    expect(() => label2d(data, [3, 2, 1], 3 as never)).toThrow(/connectivity/);
    expect(() => label2d(data, [3, 2] as never)).toThrow(/dims/);
  });
});

describe.skipIf(!conformanceAvailable())('label2d on the 2D label conformance cases (skimage.measure.label 0.19.3)', () => {
  const cases = listCases('label').filter((e) => e.inputs.image?.length === 2);
  it('finds the 2D label cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  for (const entry of cases) {
    it(`label/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image');
      if (image.data instanceof Float32Array || image.data instanceof Float64Array) throw new Error('float input');
      const conn = c.params.connectivity ?? 2;
      if (conn !== 1 && conn !== 2) throw new Error(`connectivity ${String(conn)}`);
      const { labels, counts } = label2d(image.data, dimsOfShape(image.shape), conn);
      const result = expectConformant(c, 'labels', labels);
      expect(result.matched).toBe('exact');
      if (typeof c.spec.summary?.num === 'number') expect(counts[0]).toBe(c.spec.summary.num);
    });
  }
});

describe('clearBorder', () => {
  it('removes a blob touching the edge and keeps an interior blob (buffer 0)', () => {
    const { data, dims } = volume([
      [
        [0, 0, 0, 0, 0, 0],
        [1, 1, 0, 0, 0, 0],
        [0, 1, 0, 0, 1, 0],
        [0, 0, 0, 1, 1, 0],
        [0, 0, 0, 0, 0, 0],
      ],
    ]);
    expect(toGrid(clearBorder(data, dims), dims)).toEqual([
      [
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 0],
        [0, 0, 0, 1, 1, 0],
        [0, 0, 0, 0, 0, 0],
      ],
    ]);
  });

  it('removes a region that reaches the border zone only through a corner (8-connectivity)', () => {
    const { data, dims } = volume([
      [
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 1],
      ],
    ]);
    expect(Array.from(clearBorder(data, dims)).every((v) => v === 0)).toBe(true);
  });

  it('widens the zone with bufferSize (first and last b+1 rows and columns)', () => {
    const { data, dims } = volume([
      [
        [0, 0, 0, 0, 0, 0, 0],
        [0, 1, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
      ],
    ]);
    const out = toGrid(clearBorder(data, dims, 1), dims);
    expect(out[0]![1]![1]).toBe(0); // index 1 is in the zone when b = 1
    expect(out[0]![3]![3]).toBe(1);
  });

  it('keeps values and dtype, and different values never join', () => {
    const { data, dims } = volume(
      [
        [
          [0, 0, 0, 0, 0],
          [-5, -5, 300, 0, 0],
          [0, 0, 300, 300, 0],
          [0, 0, 0, 0, 0],
        ],
      ],
      Int16Array,
    );
    const out = clearBorder(data, dims);
    expect(out).toBeInstanceOf(Int16Array);
    expect(toGrid(out, dims)).toEqual([
      [
        [0, 0, 0, 0, 0],
        [0, 0, 300, 0, 0],
        [0, 0, 300, 300, 0],
        [0, 0, 0, 0, 0],
      ],
    ]);
  });

  it('treats a stack as one 3D image by default and as independent 2D slices with perSlice', () => {
    // A blob in the first slice, away from the x/y border: 3D counts z = 0 as border.
    const plane = [
      [0, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
    ];
    const empty = plane.map((r) => r.map(() => 0));
    const { data, dims } = volume([plane, empty, empty]);
    expect(Array.from(clearBorder(data, dims)).every((v) => v === 0)).toBe(true);
    expect(toGrid(clearBorder(data, dims, 0, true), dims)).toEqual([plane, empty, empty]);
  });

  it('matches a flood-fill oracle on random multi-valued 2D, per-slice and 3D input', () => {
    const rnd = random(0, 7);
    for (const [nx, ny, nz, perSlice] of [
      [37, 29, 1, false],
      [23, 19, 5, true],
      [17, 15, 13, false],
    ] as const) {
      const data = new Int32Array(nx * ny * nz).map(() => (rnd() < 0.45 ? 1 + Math.floor(rnd() * 3) : 0));
      const b = 1;
      const got = Array.from(clearBorder(data, [nx, ny, nz], b, perSlice));
      if (perSlice) {
        const want: number[] = [];
        for (let z = 0; z < nz; ++z)
          want.push(...clearBorderOracle(data.subarray(z * nx * ny, (z + 1) * nx * ny), [nx, ny, 1], b));
        expect(got).toEqual(want);
      } else {
        expect(got).toEqual(clearBorderOracle(data, [nx, ny, nz], b));
      }
    }
  });

  it('does not modify its input', () => {
    const { data, dims } = volume([[[1, 1, 0], [0, 0, 0], [0, 0, 0]]]);
    const before = data.slice();
    clearBorder(data, dims);
    expect(data).toEqual(before);
  });

  it('rejects a buffer as large as the image and other bad arguments, naming the parameter', () => {
    const data = new Uint8Array(12);
    expect(() => clearBorder(data, [4, 3, 1], 3)).toThrow(RangeError);
    expect(() => clearBorder(data, [4, 3, 1], 3)).toThrow(/bufferSize/);
    expect(() => clearBorder(data, [4, 3, 1], -1)).toThrow(/bufferSize/);
    expect(() => clearBorder(data, [4, 3, 1], 0, 'yes' as never)).toThrow(/perSlice/);
    expect(() => clearBorder(new Float64Array(12) as never, [4, 3, 1])).toThrow(TypeError);
    expect(() => clearBorder(data, [5, 3, 1])).toThrow(/input has 12 elements/);
  });
});

describe('roberts', () => {
  it('gives sqrt(pos^2 + neg^2)/sqrt(2) with the last row and column reflected (border not zeroed)', () => {
    const { data, dims } = volume(
      [
        [
          [0, 0, 1],
          [0, 0, 1],
          [0, 0, 1],
        ],
      ],
      Float64Array,
    );
    const s = 1 / Math.SQRT2;
    const out = toGrid(roberts(data, dims), dims)[0]!;
    // Column 1: pos = 1, neg = -1 -> 1; column 2 reflects onto itself -> 0.
    for (const row of out) {
      expect(row[0]).toBeCloseTo(0, 12);
      expect(row[1]).toBeCloseTo(Math.sqrt(2) * s, 12);
      expect(row[2]).toBeCloseTo(0, 12);
    }
  });

  it('responds to a horizontal edge in the last-but-one row and reflects the last row', () => {
    const { data, dims } = volume([[[0, 0], [0, 0], [2, 2]]], Float64Array);
    const out = toGrid(roberts(data, dims), dims)[0]!;
    expect(out[0]).toEqual([0, 0]);
    expect(out[1]![0]).toBeCloseTo(2, 12); // pos = 2, neg = 2 -> sqrt(8)/sqrt(2)
    expect(out[1]![1]).toBeCloseTo(2, 12);
    expect(out[2]).toEqual([0, 0]);
  });

  it('scales integers as img_as_float: uint8 / 255, int16 / 32767 with -32768 -> -1', () => {
    const u8 = roberts(new Uint8Array([0, 0, 0, 255]), [2, 2, 1]);
    expect(u8).toBeInstanceOf(Float64Array);
    expect(u8[0]).toBeCloseTo(1 / Math.SQRT2, 12);
    const i16 = roberts(new Int16Array([-32768, 0, 0, 32767]), [2, 2, 1]);
    expect(i16[0]).toBeCloseTo(Math.sqrt(4 + 0) / Math.SQRT2, 12); // pos = 1 - (-1), neg = 0
    const f32 = roberts(new Float32Array([0, 0, 0, 3]), [2, 2, 1]);
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f32[0]).toBeCloseTo(3 / Math.SQRT2, 5);
  });

  it('treats a Uint8Array as a 0/1 mask with asBool (skimage on a bool array)', () => {
    const out = roberts(new Uint8Array([0, 0, 0, 200]), [2, 2, 1], true);
    expect(out[0]).toBeCloseTo(1 / Math.SQRT2, 12);
  });

  it('filters each slice on its own', () => {
    const flat = new Float64Array([0, 0, 0, 0, 5, 5, 5, 5]);
    const out = roberts(flat, [2, 2, 2]);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('does not modify its input', () => {
    const data = new Int16Array([1, -4, 9, 300, 2, 7]);
    const before = data.slice();
    roberts(data, [3, 2, 1]);
    expect(data).toEqual(before);
  });

  it('rejects bad arguments, naming the parameter', () => {
    expect(() => roberts(new Int32Array(4) as never, [2, 2, 1])).toThrow(/roberts: image/);
    expect(() => roberts(new Float64Array(4), [2, 3, 1])).toThrow(RangeError);
    expect(() => roberts(new Float64Array(4), [2, 2, 1], true)).toThrow(/asBool/);
  });
});
