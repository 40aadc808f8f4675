// label3d / largestComponent conventions, pinned the way skimage's test_ccomp.py pins
// them: small drawn grids, a property check on random input, and an independent
// flood-fill oracle on volumes large enough to take the multi-threaded path.
import { describe, expect, it } from 'vitest';
import { type Connectivity, type Dims3, type IntegerVolume, label3d, largestComponent } from '../../../native/index';
import { toGrid, volume, type Grid } from '../../helpers/grid';


function labelGrid(grid: Grid, connectivity?: Connectivity): { grid: Grid; count: number } {
  const { data, dims } = volume(grid);
  const { labels, count } = connectivity === undefined ? label3d(data, dims) : label3d(data, dims, connectivity);
  return { grid: toGrid(labels, dims), count };
}

function offsets(connectivity: Connectivity): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let dz = -1; dz <= 1; ++dz)
    for (let dy = -1; dy <= 1; ++dy)
      for (let dx = -1; dx <= 1; ++dx) {
        const hops = Number(dz !== 0) + Number(dy !== 0) + Number(dx !== 0);
        if (hops > 0 && hops <= connectivity) out.push([dx, dy, dz]);
      }
  return out;
}

/** Independent oracle: flood fill from each unlabelled voxel in raster order. */
function floodFillLabels(data: IntegerVolume, [nx, ny, nz]: Dims3, connectivity: Connectivity): { labels: Int32Array; count: number } {
  const labels = new Int32Array(data.length);
  const offs = offsets(connectivity);
  const stack: number[] = [];
  let count = 0;
  for (let seed = 0; seed < data.length; ++seed) {
    if (data[seed] === 0 || labels[seed] !== 0) continue;
    const v = data[seed];
    labels[seed] = ++count;
    stack.push(seed);
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % nx;
      const y = Math.floor(p / nx) % ny;
      const z = Math.floor(p / (nx * ny));
      for (const [dx, dy, dz] of offs) {
        const xx = x + dx;
        const yy = y + dy;
        const zz = z + dz;
        if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
        const q = xx + nx * (yy + ny * zz);
        if (labels[q] === 0 && data[q] === v) {
          labels[q] = count;
          stack.push(q);
        }
      }
    }
  }
  return { labels, count };
}

/** Fast equality for big label arrays (toEqual on millions of elements is slow); names the first difference. */
function expectSameLabels(actual: { labels: Int32Array; count: number }, expected: { labels: Int32Array; count: number }): void {
  expect(actual.count).toBe(expected.count);
  expect(actual.labels.length).toBe(expected.labels.length);
  const first = actual.labels.findIndex((l, i) => l !== expected.labels[i]);
  expect(first === -1 ? 'identical' : `index ${first}: ${actual.labels[first]} vs ${expected.labels[first]}`).toBe('identical');
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomVolume(dims: Dims3, density: number, values: number[], seed: number): Uint8Array {
  const r = rng(seed);
  const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let i = 0; i < data.length; ++i) if (r() < density) data[i] = values[Math.floor(r() * values.length)]!;
  return data;
}

describe('label3d neighbourhoods (connectivity = max orthogonal hops, skimage)', () => {
  it('joins face neighbours at every connectivity (1 hop)', () => {
    for (const c of [1, 2, 3] as const) {
      expect(labelGrid([[[1, 1]], [[0, 1]]], c)).toEqual({ grid: [[[1, 1]], [[0, 1]]], count: 1 });
    }
  });

  it('joins an in-plane diagonal at connectivity 2 and 3 but not 1 (4 vs 8 neighbours in 2D)', () => {
    const grid = [
      [
        [1, 0],
        [0, 1],
      ],
    ];
    expect(labelGrid(grid, 1).grid).toEqual([
      [
        [1, 0],
        [0, 2],
      ],
    ]);
    expect(labelGrid(grid, 2).grid).toEqual(grid);
    expect(labelGrid(grid, 3).grid).toEqual(grid);
  });

  it('joins an edge diagonal across slices (dz and dy) at connectivity 2, not 1', () => {
    const grid = [[[1], [0]], [[0], [1]]];
    expect(labelGrid(grid, 1)).toEqual({ grid: [[[1], [0]], [[0], [2]]], count: 2 });
    expect(labelGrid(grid, 2)).toEqual({ grid, count: 1 });
  });

  it('joins a space diagonal (3 hops) only at connectivity 3 (26 neighbours)', () => {
    const grid = [
      [
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 1],
      ],
    ];
    const split = [
      [
        [1, 0],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 2],
      ],
    ];
    expect(labelGrid(grid, 1).grid).toEqual(split);
    expect(labelGrid(grid, 2).grid).toEqual(split);
    expect(labelGrid(grid, 3).grid).toEqual(grid);
  });

  it('joins the anti-diagonals too (the other three space diagonals)', () => {
    // (1,0,0)-(0,1,1), (0,1,0)-(1,0,1), (1,1,0)-(0,0,1): each pair only 26-connected.
    for (const [a, b] of [
      [
        [1, 0, 0],
        [0, 1, 1],
      ],
      [
        [0, 1, 0],
        [1, 0, 1],
      ],
      [
        [1, 1, 0],
        [0, 0, 1],
      ],
    ] as const) {
      const grid: Grid = [
        [
          [0, 0],
          [0, 0],
        ],
        [
          [0, 0],
          [0, 0],
        ],
      ];
      grid[a[2]]![a[1]]![a[0]] = 1;
      grid[b[2]]![b[1]]![b[0]] = 1;
      expect(labelGrid(grid, 2).count).toBe(2);
      expect(labelGrid(grid, 3).count).toBe(1);
    }
  });

  it('defaults to full connectivity (3), as skimage does', () => {
    expect(labelGrid([[[1, 0]], [[0, 1]]]).count).toBe(1);
  });
});

describe('label3d values and background', () => {
  it('never joins face neighbours with different values (a multi-valued image is labelled per value)', () => {
    expect(labelGrid([[[1, 2, 2, 1]]], 3)).toEqual({ grid: [[[1, 2, 2, 3]]], count: 3 });
  });

  it('treats any non-zero value, negative ones included, as foreground and never joins -1 with 1', () => {
    const { data, dims } = volume([[[-1, -1, 1, 0, -5]]], Int16Array);
    const { labels, count } = label3d(data, dims, 1);
    expect(Array.from(labels)).toEqual([1, 1, 2, 0, 3]);
    expect(count).toBe(3);
  });

  it('labels a volume with no zeros as regions (value 1 is not background)', () => {
    expect(labelGrid([[[1, 1], [1, 1]], [[1, 1], [1, 1]]], 1)).toEqual({ grid: [[[1, 1], [1, 1]], [[1, 1], [1, 1]]], count: 1 });
    const { data, dims } = volume([[[7, 7, 7]]], Int32Array);
    expect(label3d(data, dims).count).toBe(1);
  });

  it('gives all zeros and count 0 for an all-background volume, and handles an empty one', () => {
    expect(labelGrid([[[0, 0], [0, 0]]])).toEqual({ grid: [[[0, 0], [0, 0]]], count: 0 });
    const r = label3d(new Uint8Array(0), [0, 4, 4]);
    expect(r.count).toBe(0);
    expect(r.labels.length).toBe(0);
  });

  it('accepts every integer input type with the same result', () => {
    const grid = [[[3, 0, 3], [3, 3, 0]], [[0, 0, 4], [4, 0, 4]]];
    const ref = labelGrid(grid, 3);
    for (const ctor of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array]) {
      const { data, dims } = volume(grid, ctor as never);
      const { labels, count } = label3d(data as IntegerVolume, dims, 3);
      expect({ grid: toGrid(labels, dims), count }).toEqual(ref);
    }
  });
});

describe('label3d numbering and borders', () => {
  it('numbers regions in raster order of their first voxel, even when a region merges late', () => {
    // The region with label 2 starts at (x=2, y=0) but its left arm (row 2) is met later.
    expect(
      labelGrid(
        [
          [
            [1, 0, 1, 0, 1],
            [0, 0, 1, 0, 1],
            [1, 1, 1, 0, 0],
          ],
        ],
        1,
      ).grid,
    ).toEqual([
      [
        [1, 0, 2, 0, 3],
        [0, 0, 2, 0, 3],
        [2, 2, 2, 0, 0],
      ],
    ]);
  });

  it('numbers across slices by index x + nx*(y + ny*z): a region starting in slice 0 comes first', () => {
    expect(
      labelGrid(
        [
          [
            [0, 0],
            [0, 1],
          ],
          [
            [1, 0],
            [0, 1],
          ],
        ],
        1,
      ).grid,
    ).toEqual([
      [
        [0, 0],
        [0, 1],
      ],
      [
        [2, 0],
        [0, 1],
      ],
    ]);
  });

  it('counts outside as background: no joins across the x or y edge through index wrap-around', () => {
    // (x=2, y=0) and (x=0, y=1) are consecutive in memory but not neighbours.
    expect(
      labelGrid(
        [
          [
            [0, 0, 1],
            [1, 0, 0],
            [0, 0, 1],
          ],
        ],
        3,
      ).count,
    ).toBe(3);
    // (x=0, y=2, z=0) and (x=0, y=0, z=1) likewise.
    expect(labelGrid([[[0], [0], [1]], [[1], [0], [0]]], 3).count).toBe(2);
  });

  it('labels 1-voxel-thick arrays along every axis the same way (skimage reshape test)', () => {
    const line = [1, 1, 0, 1, 0, 0, 1, 1, 1];
    const expected = [1, 1, 0, 2, 0, 0, 3, 3, 3];
    for (const c of [1, 2, 3] as const) {
      for (const dims of [
        [9, 1, 1],
        [1, 9, 1],
        [1, 1, 9],
      ] as const) {
        const { labels, count } = label3d(Uint8Array.from(line), dims, c);
        expect(Array.from(labels)).toEqual(expected);
        expect(count).toBe(3);
      }
    }
  });

  it('labels a single voxel volume', () => {
    expect(Array.from(label3d(Uint8Array.of(4), [1, 1, 1]).labels)).toEqual([1]);
  });
});

describe('label3d input handling', () => {
  it('does not modify the input and returns a new Int32Array', () => {
    const { data, dims } = volume([[[1, 0, 2], [2, 2, 0]], [[1, 1, 0], [0, 2, 2]]]);
    const before = data.slice();
    const { labels } = label3d(data, dims, 2);
    expect(data).toEqual(before);
    expect(labels).toBeInstanceOf(Int32Array);
    expect(labels.buffer).not.toBe(data.buffer);
  });

  it('reads a typed-array view at its byte offset', () => {
    const backing = new Int16Array([9, 9, 1, 1, 0, 1, 9]);
    const view = backing.subarray(2, 6); // [1, 1, 0, 1]
    expect(Array.from(label3d(view, [4, 1, 1], 1).labels)).toEqual([1, 1, 0, 2]);
  });

  it('rejects a non-integer or non-typed-array input with a TypeError naming input', () => {
    for (const bad of [new Float32Array(4), new Float64Array(4), [1, 0, 1, 0], new BigInt64Array(4), null]) {
      expect(() => label3d(bad as never, [4, 1, 1])).toThrow(TypeError);
      expect(() => label3d(bad as never, [4, 1, 1])).toThrow(/input/);
    }
  });

  it('rejects dims that disagree with input.length with a RangeError naming input and dims', () => {
    expect(() => label3d(new Uint8Array(8), [2, 2, 3])).toThrow(RangeError);
    expect(() => label3d(new Uint8Array(8), [2, 2, 3])).toThrow(/input has 8 elements but dims \[2, 2, 3\] need 12/);
  });

  it('rejects malformed dims naming the bad entry', () => {
    expect(() => label3d(new Uint8Array(8), [2, 4] as never)).toThrow(TypeError);
    expect(() => label3d(new Uint8Array(8), [2, 4] as never)).toThrow(/dims/);
    expect(() => label3d(new Uint8Array(8), [2, -4, -1])).toThrow(RangeError);
    expect(() => label3d(new Uint8Array(8), [2, -4, -1])).toThrow(/dims\[1\]/);
    expect(() => label3d(new Uint8Array(8), [2, 4, 1.5])).toThrow(/dims\[2\] must be a non-negative integer/);
    expect(() => label3d(new Uint8Array(8), [2, '4', 1] as never)).toThrow(TypeError);
    expect(() => label3d(new Uint8Array(8), [2, Number.NaN, 1])).toThrow(RangeError);
    expect(() => label3d(new Uint8Array(8), [65536, 65536, 1])).toThrow(/more than 2\^31-1 voxels/);
  });

  it('rejects connectivity outside 1|2|3 with a RangeError, and a non-number with a TypeError, naming connectivity', () => {
    for (const c of [0, 4, 1.5, -1, Number.NaN]) {
      expect(() => label3d(new Uint8Array(8), [2, 2, 2], c as never)).toThrow(RangeError);
      expect(() => label3d(new Uint8Array(8), [2, 2, 2], c as never)).toThrow(/connectivity/);
    }
    expect(() => label3d(new Uint8Array(8), [2, 2, 2], '2' as never)).toThrow(TypeError);
    expect(() => label3d(new Uint8Array(8), [2, 2, 2], '2' as never)).toThrow(/connectivity/);
  });
});

describe('label3d properties on random input', () => {
  const cases: { dims: Dims3; density: number; values: number[]; seed: number }[] = [
    { dims: [23, 17, 11], density: 0.35, values: [1], seed: 1 },
    { dims: [23, 17, 11], density: 0.6, values: [1, 2, 3], seed: 2 },
    { dims: [40, 1, 30], density: 0.5, values: [1, 2], seed: 3 },
    { dims: [9, 31, 7], density: 0.8, values: [1, 200], seed: 4 },
  ];
  for (const { dims, density, values, seed } of cases) {
    for (const c of [1, 2, 3] as const) {
      it(`every region holds one value and equal non-zero neighbours share a label (dims ${dims.join('x')}, ${values.length} values, connectivity ${c})`, () => {
        const data = randomVolume(dims, density, values, seed);
        const { labels, count } = label3d(data, dims, c);
        const [nx, ny, nz] = dims;
        const valueOf = new Map<number, number>();
        let nextNew = 1; // raster order: each label first appears after all smaller ones
        for (let i = 0; i < data.length; ++i) {
          const l = labels[i]!;
          expect(l === 0).toBe(data[i] === 0);
          if (l === 0) continue;
          const v = valueOf.get(l);
          if (v === undefined) {
            expect(l).toBe(nextNew++);
            valueOf.set(l, data[i]!);
          } else {
            expect(v).toBe(data[i]);
          }
        }
        expect(count).toBe(nextNew - 1);
        for (let z = 0; z < nz; ++z)
          for (let y = 0; y < ny; ++y)
            for (let x = 0; x < nx; ++x) {
              const p = x + nx * (y + ny * z);
              if (data[p] === 0) continue;
              for (const [dx, dy, dz] of offsets(c)) {
                const xx = x + dx;
                const yy = y + dy;
                const zz = z + dz;
                if (xx < 0 || yy < 0 || zz < 0 || xx >= nx || yy >= ny || zz >= nz) continue;
                const q = xx + nx * (yy + ny * zz);
                if (data[q] === data[p] && labels[q] !== labels[p]) {
                  throw new Error(`neighbours ${p} and ${q} share value ${data[p]} but have labels ${labels[p]} and ${labels[q]}`);
                }
              }
            }
        // Same partition and numbering as an independent flood fill.
        expectSameLabels(label3d(data, dims, c), floodFillLabels(data, dims, c));
      });
    }
  }

  // Above 2^20 voxels the kernel labels z slabs on several threads and merges them.
  for (const { dims, density, c } of [
    { dims: [128, 96, 90] as Dims3, density: 0.31, c: 1 as const },
    { dims: [128, 96, 90] as Dims3, density: 0.1, c: 3 as const },
    { dims: [1024, 1024, 2] as Dims3, density: 0.2, c: 2 as const },
    { dims: [700, 700, 3] as Dims3, density: 0.5, c: 3 as const },
  ]) {
    it(`matches a flood fill on a ${dims.join('x')} volume (multi-threaded slabs, connectivity ${c})`, () => {
      const data = randomVolume(dims, density, [1, 2], dims[0] + dims[2]);
      expectSameLabels(label3d(data, dims, c), floodFillLabels(data, dims, c));
    });
  }

  it('joins a region that spans every slab boundary into one label', () => {
    const dims: Dims3 = [128, 128, 100];
    const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
    // A vertical rod at (5, 5) plus scattered single voxels elsewhere.
    for (let z = 0; z < dims[2]; ++z) data[5 + dims[0] * (5 + dims[1] * z)] = 1;
    data[100 + dims[0] * (100 + dims[1] * 50)] = 1;
    const { labels, count } = label3d(data, dims, 1);
    expect(count).toBe(2);
    expect(labels[5 + dims[0] * (5 + dims[1] * 99)]).toBe(1);
    expect(labels[100 + dims[0] * (100 + dims[1] * 50)]).toBe(2);
  });
});

describe('largestComponent', () => {
  it('keeps only the region with the most voxels as a 0/1 Uint8Array', () => {
    const { data, dims } = volume([[[1, 1, 0, 1, 1, 1], [0, 0, 0, 0, 0, 1]]]);
    const { mask, voxels } = largestComponent(data, dims, 1);
    expect(mask).toBeInstanceOf(Uint8Array);
    expect(toGrid(mask, dims)).toEqual([[[0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 1]]]);
    expect(voxels).toBe(4);
  });

  it('breaks ties toward the region whose first voxel comes first in raster order (np.argmax)', () => {
    const { data, dims } = volume([[[0, 0, 0], [0, 1, 1]], [[1, 1, 0], [0, 0, 0]]]);
    expect(toGrid(largestComponent(data, dims, 1).mask, dims)).toEqual([[[0, 0, 0], [0, 1, 1]], [[0, 0, 0], [0, 0, 0]]]);
  });

  it('uses the connectivity: two diagonal pieces are one region at 3 but not at 1', () => {
    const { data, dims } = volume([[[1, 0, 0], [0, 1, 1]]]);
    expect(largestComponent(data, dims, 3).voxels).toBe(3);
    expect(largestComponent(data, dims, 1).voxels).toBe(2);
  });

  it('labels per value like label3d: touching regions of different values stay apart', () => {
    const { data, dims } = volume([[[2, 2, 1, 1, 1]]]);
    expect(Array.from(largestComponent(data, dims).mask)).toEqual([0, 0, 1, 1, 1]);
  });

  it('returns all zeros and 0 voxels for an all-background volume', () => {
    const { mask, voxels } = largestComponent(new Uint8Array(27), [3, 3, 3]);
    expect(Array.from(mask)).toEqual(new Array(27).fill(0));
    expect(voxels).toBe(0);
  });

  it('validates its arguments like label3d', () => {
    expect(() => largestComponent(new Float32Array(8) as never, [2, 2, 2])).toThrow(TypeError);
    expect(() => largestComponent(new Uint8Array(8), [2, 2, 1])).toThrow(/largestComponent: input has 8 elements/);
    expect(() => largestComponent(new Uint8Array(8), [2, 2, 2], 5 as never)).toThrow(RangeError);
  });
});
