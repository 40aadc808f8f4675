// Binary morphology and fillHoles conventions, pinned the way skimage's test_binary.py
// pins them: small drawn grids per convention, bad arguments, and a brute-force oracle
// (dilation/erosion by the explicit footprint) on random volumes.
import { describe, expect, it } from 'vitest';
import {
  ball,
  binaryClosing,
  binaryDilation,
  binaryDilationMm,
  binaryErosion,
  binaryOpening,
  type Dims3,
  disk,
  ellipsoid,
  type Footprint,
  fillHoles,
  type Radii3,
  voxelRadiiForMm,
} from '../../../native/morphology';
import { toGrid, volume } from '../../helpers/grid';


/** A 2D image (one slice). */
const image = (rows: number[][]): { data: Uint8Array; dims: Dims3 } => volume([rows]);
const rows2d = (flat: Uint8Array, dims: Dims3): number[][] => toGrid(flat, dims)[0]!;

/** Offsets [dx, dy, dz] of a footprint of shape (z, y, x) (2D footprints as one z plane). */
function offsetsOf(fp: Footprint): [number, number, number][] {
  const [sz, sy, sx] = fp.shape.length === 3 ? fp.shape : [1, ...fp.shape];
  const out: [number, number, number][] = [];
  let i = 0;
  for (let z = 0; z < sz!; ++z)
    for (let y = 0; y < sy!; ++y)
      for (let x = 0; x < sx!; ++x) if (fp.data[i++]) out.push([x - (sx! - 1) / 2, y - (sy! - 1) / 2, z - (sz! - 1) / 2]);
  return out;
}

/** Brute force: OR (dilation) or AND (erosion) over the footprint, outside = `outside`. */
function bruteForce(mask: Uint8Array, [nx, ny, nz]: Dims3, fp: Footprint, op: 'or' | 'and', outside: 0 | 1): Uint8Array {
  const offs = offsetsOf(fp);
  const out = new Uint8Array(mask.length);
  for (let z = 0; z < nz; ++z)
    for (let y = 0; y < ny; ++y)
      for (let x = 0; x < nx; ++x) {
        let acc = op === 'and';
        for (const [dx, dy, dz] of offs) {
          const xx = x + dx;
          const yy = y + dy;
          const zz = z + dz;
          const inside = xx >= 0 && yy >= 0 && zz >= 0 && xx < nx && yy < ny && zz < nz;
          const v = inside ? mask[xx + nx * (yy + ny * zz)] !== 0 : outside === 1;
          if (op === 'or' && v) {
            acc = true;
            break;
          }
          if (op === 'and' && !v) {
            acc = false;
            break;
          }
        }
        out[x + nx * (y + ny * z)] = acc ? 1 : 0;
      }
  return out;
}

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMask(n: number, density: number, rand: () => number): Uint8Array {
  const m = new Uint8Array(n);
  // Non-zero values other than 1 are foreground too.
  for (let i = 0; i < n; ++i) m[i] = rand() < density ? (rand() < 0.5 ? 1 : 200) : 0;
  return m;
}

const subset = (a: Uint8Array, b: Uint8Array): boolean => a.every((v, i) => v === 0 || b[i] !== 0);
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('footprints', () => {
  it('disk(1) is the 4-cross and ball(1) the 6-cross (scipy connectivity-1 structure)', () => {
    expect(Array.from(disk(1).data)).toEqual([0, 1, 0, 1, 1, 1, 0, 1, 0]);
    const b = ball(1);
    expect(b.shape).toEqual([3, 3, 3]);
    expect(offsetsOf(b).sort()).toEqual(
      [
        [0, 0, -1],
        [0, -1, 0],
        [-1, 0, 0],
        [0, 0, 0],
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ].sort(),
    );
  });

  it('counts disk 1/2/3/5/10 = 5/13/29/81/317 and ball 1/2/3/5 = 7/33/123/515 ones (README footprint)', () => {
    const ones = (f: Footprint): number => f.data.reduce((s, v) => s + v, 0);
    expect([1, 2, 3, 5, 10].map((r) => ones(disk(r)))).toEqual([5, 13, 29, 81, 317]);
    expect([1, 2, 3, 5].map((r) => ones(ball(r)))).toEqual([7, 33, 123, 515]);
  });

  it('ellipsoid [2, 1, 0] is the flat ellipse dx²/4 + dy² <= 1', () => {
    const e = ellipsoid([2, 1, 0]);
    expect(e.shape).toEqual([1, 3, 5]);
    expect(Array.from(e.data)).toEqual([0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
  });
});

describe('binaryDilation', () => {
  it('dilates a single pixel into the disk(2) footprint', () => {
    const { data, dims } = image([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(rows2d(binaryDilation(data, dims, 2, { footprint: 'disk' }), dims)).toEqual([
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
      [0, 0, 1, 1, 1, 0, 0],
      [0, 1, 1, 1, 1, 1, 0],
      [0, 0, 1, 1, 1, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('counts outside the image as background and does not wrap around the edge', () => {
    const { data, dims } = image([
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(rows2d(binaryDilation(data, dims, 1, { footprint: 'cross' }), dims)).toEqual([
      [0, 0, 0, 1, 1],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('a disk acts within each z slice, a ball across slices', () => {
    const { data, dims } = volume([[[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 1, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]]);
    const d = toGrid(binaryDilation(data, dims, 1, { footprint: 'disk' }), dims);
    expect(d[0]).toEqual([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(d[1]).toEqual([[0, 1, 0], [1, 1, 1], [0, 1, 0]]);
    const b = toGrid(binaryDilation(data, dims, 1), dims);
    expect(b[0]).toEqual([[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
    expect(b[2]).toEqual([[0, 0, 0], [0, 1, 0], [0, 0, 0]]);
    // 'cross' in a volume is the 6-cross = ball(1).
    expect(sameBytes(binaryDilation(data, dims, 1, { footprint: 'cross' }), binaryDilation(data, dims, 1))).toBe(true);
  });

  it('radius 0 returns a 0/1 copy; an all-zero mask stays zero; the input is not modified', () => {
    const { data, dims } = image([[0, 7, 0], [1, 0, 255]]);
    const before = data.slice();
    expect(Array.from(binaryDilation(data, dims, 0))).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(binaryDilation(new Uint8Array(6), dims, 3))).toEqual([0, 0, 0, 0, 0, 0]);
    binaryErosion(data, dims, 1);
    binaryClosing(data, dims, 2);
    fillHoles(data, dims);
    expect(Array.from(data)).toEqual(Array.from(before));
  });

  it('dilation by a radius larger than the image fills every slice that has foreground', () => {
    const { data, dims } = image([
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1],
    ]);
    expect(binaryDilation(data, dims, 50, { footprint: 'disk' }).every((v) => v === 1)).toBe(true);
  });
});

describe('binaryErosion border conventions', () => {
  const blob = image([
    [1, 1, 1, 0, 0, 0],
    [1, 1, 1, 0, 0, 0],
    [1, 1, 1, 0, 1, 0],
    [0, 0, 0, 0, 0, 0],
  ]);

  it('counts outside as foreground by default, so an object touching the edge is not eaten from it (skimage border_value=True)', () => {
    expect(rows2d(binaryErosion(blob.data, blob.dims, 1, { footprint: 'disk' }), blob.dims)).toEqual([
      [1, 1, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it('borderValue 0 erodes from the image edge too (scipy default border_value=0)', () => {
    expect(rows2d(binaryErosion(blob.data, blob.dims, 1, { footprint: 'disk', borderValue: 0 }), blob.dims)).toEqual([
      [0, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it('an all-foreground image survives erosion with border 1 and vanishes with border 0 when the element reaches out', () => {
    const full = new Uint8Array(5 * 4).fill(1);
    expect(binaryErosion(full, [5, 4, 1], 3, { footprint: 'disk' }).every((v) => v === 1)).toBe(true);
    expect(binaryErosion(full, [5, 4, 1], 2, { footprint: 'disk', borderValue: 0 }).every((v) => v === 0)).toBe(true);
  });
});

describe('binaryOpening / binaryClosing', () => {
  // Expected arrays printed by skimage.morphology.binary_closing / ndi.binary_closing 0.19.3 / 1.10.1.
  it('closing keeps foreground at the edge (skimage, extensive) while borderValue 0 removes it (ndi.binary_closing)', () => {
    const { data, dims } = image([
      [1, 0, 1, 0, 0],
      [1, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(rows2d(binaryClosing(data, dims, 1, { footprint: 'disk' }), dims)).toEqual([
      [1, 1, 1, 0, 0],
      [1, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(rows2d(binaryClosing(data, dims, 1, { footprint: 'disk', borderValue: 0 }), dims)).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('opening removes a spur thinner than the element (skimage.morphology.binary_opening output)', () => {
    const { data, dims } = image([
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 1, 1, 0],
      [0, 1, 1, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
    ]);
    expect(rows2d(binaryOpening(data, dims, 1, { footprint: 'disk' }), dims)).toEqual([
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 1, 1, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 0, 0, 0],
      [0, 0, 1, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });
});

describe('fillHoles', () => {
  it('fills an enclosed hole and leaves a gap to the outside open', () => {
    const { data, dims } = image([
      [0, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 1, 0],
      [0, 1, 0, 0, 1, 0],
      [0, 1, 1, 1, 1, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
    const { mask, filled } = fillHoles(data, dims);
    expect(filled).toBe(2);
    expect(rows2d(mask, dims)[2]).toEqual([0, 1, 1, 1, 1, 0]);
    data[1 + 6 * 1] = 0; // remove the ring's corner: the hole touches it only diagonally, still a hole for the cross
    expect(fillHoles(data, dims).filled).toBe(2);
    data[2 + 6 * 1] = 0; // a face gap to the outside
    expect(fillHoles(data, dims).filled).toBe(0);
  });

  it('a background region that touches the outside only diagonally is a hole with the cross, not with full connectivity', () => {
    const { data, dims } = image([
      [0, 1, 1, 1],
      [1, 0, 0, 1],
      [1, 0, 0, 1],
      [1, 1, 1, 1],
    ]);
    expect(fillHoles(data, dims).filled).toBe(4);
    expect(fillHoles(data, dims, { fullConnectivity: true }).filled).toBe(0);
  });

  it('the border is the image edge: background on the edge is never filled', () => {
    const { data, dims } = image([
      [1, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]);
    expect(fillHoles(data, dims).filled).toBe(1);
    expect(rows2d(fillHoles(data, dims).mask, dims)).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 0],
    ]);
  });

  it('dim 2 fills each slice of an open-ended tube while dim 3 sees the tube open to the outside', () => {
    const ring = [
      [0, 0, 0, 0, 0],
      [0, 1, 1, 1, 0],
      [0, 1, 0, 1, 0],
      [0, 1, 1, 1, 0],
      [0, 0, 0, 0, 0],
    ];
    const { data, dims } = volume([ring, ring, ring]);
    expect(fillHoles(data, dims, { dim: 2 }).filled).toBe(3);
    expect(fillHoles(data, dims, { dim: 3 }).filled).toBe(0);
    const closed = volume([ring, ring, ring]);
    closed.data[2 + 5 * 2] = 1; // cap the first slice
    closed.data[2 + 5 * 2 + 2 * 25] = 1; // and the last: now an enclosed cavity of one voxel
    expect(fillHoles(closed.data, closed.dims, { dim: 3 }).filled).toBe(1);
  });
});

describe('argument checks', () => {
  const { data, dims } = image([[0, 1], [1, 0]]);

  it('rejects a mask that is not a Uint8Array (TypeError naming mask)', () => {
    expect(() => binaryDilation(new Int16Array(4) as unknown as Uint8Array, dims, 1)).toThrow(TypeError);
    expect(() => binaryDilation(new Int16Array(4) as unknown as Uint8Array, dims, 1)).toThrow(/mask/);
    expect(() => fillHoles([0, 1] as unknown as Uint8Array, dims)).toThrow(/fillHoles: mask/);
  });

  it('rejects dims that disagree with the mask length or are not integers (RangeError naming dims)', () => {
    expect(() => binaryErosion(data, [3, 2, 1], 1)).toThrow(RangeError);
    expect(() => binaryErosion(data, [3, 2, 1], 1)).toThrow(/dims/);
    expect(() => binaryDilation(data, [2, 2.5, 1] as Dims3, 1)).toThrow(/dims\[1\]/);
    expect(() => binaryDilation(data, [2, 2] as unknown as Dims3, 1)).toThrow(TypeError);
  });

  it('rejects negative, fractional or huge radii (RangeError naming radii)', () => {
    expect(() => binaryDilation(data, dims, -1)).toThrow(/radii\[0\]/);
    expect(() => binaryDilation(data, dims, 1.5)).toThrow(RangeError);
    expect(() => binaryDilation(data, dims, 70000)).toThrow(/0\.\.65535/);
    expect(() => binaryDilation(data, dims, [1, 2] as unknown as Radii3)).toThrow(/radii/);
    expect(() => binaryDilation(data, dims, 2, { footprint: 'cross' })).toThrow(/cross/);
  });

  it('rejects a borderValue other than 0 or 1 and a dim other than 2 or 3', () => {
    expect(() => binaryErosion(data, dims, 1, { borderValue: 2 as 0 })).toThrow(/borderValue/);
    expect(() => binaryClosing(data, dims, 1, { borderValue: 2 as 0 })).toThrow(RangeError);
    expect(() => fillHoles(data, dims, { dim: 4 as 3 })).toThrow(/dim must be 2/);
  });

  it('rejects an ellipsoid whose radii have no common denominator below 2^32', () => {
    const big = new Uint8Array(8);
    expect(() => binaryDilation(big, [2, 2, 2], [997, 991, 983])).toThrow(/lcm/);
  });
});

describe('millimetre radii', () => {
  it('with isotropic spacing equals ball(round(mm / spacing))', () => {
    const rand = prng(7);
    const dims: Dims3 = [14, 12, 10];
    const m = randomMask(14 * 12 * 10, 0.02, rand);
    expect(voxelRadiiForMm(5, [2, 2, 2])).toEqual([3, 3, 3]); // round(2.5) = 3
    expect(sameBytes(binaryDilationMm(m, dims, [0.7, 0.7, 0.7], 2.2), binaryDilation(m, dims, 3))).toBe(true);
  });

  it('with anisotropic spacing uses the ellipsoid of per-axis rounded radii', () => {
    expect(voxelRadiiForMm(5, [0.7, 0.7, 2.5])).toEqual([7, 7, 2]);
    expect(voxelRadiiForMm(1, [0.7, 0.7, 2.5])).toEqual([1, 1, 0]);
    expect(() => voxelRadiiForMm(1, [0.7, 0, 1])).toThrow(/spacing\[1\]/);
  });
});

describe('property: distance-transform morphology equals the brute-force footprint', () => {
  const rand = prng(20260124);
  const shapes: { dims: Dims3; name: string }[] = [
    { dims: [13, 11, 9], name: '13x11x9' },
    { dims: [17, 9, 1], name: '17x9x1' },
    { dims: [1, 12, 10], name: '1x12x10' },
  ];
  for (const { dims, name } of shapes) {
    for (let r = 1; r <= 4; ++r) {
      it(`${name}, radius ${r}: dilation and both erosions match ball/disk/ellipsoid brute force; erosion ⊆ input ⊆ closing, opening ⊆ input`, () => {
        const n = dims[0] * dims[1] * dims[2];
        for (const density of [0.03, 0.5, 0.93]) {
          const m = randomMask(n, density, rand);
          const elements: { radius: number | Radii3; footprint?: 'ball' | 'disk'; fp: Footprint }[] = [
            { radius: r, fp: ball(r) },
            { radius: r, footprint: 'disk', fp: disk(r) },
            { radius: [r, Math.max(0, r - 1), r + 1], fp: ellipsoid([r, Math.max(0, r - 1), r + 1]) },
          ];
          for (const el of elements) {
            const opts = el.footprint ? { footprint: el.footprint } : {};
            const dil = binaryDilation(m, dims, el.radius, opts);
            expect(sameBytes(dil, bruteForce(m, dims, el.fp, 'or', 0))).toBe(true);
            const ero = binaryErosion(m, dims, el.radius, opts);
            expect(sameBytes(ero, bruteForce(m, dims, el.fp, 'and', 1))).toBe(true);
            const ero0 = binaryErosion(m, dims, el.radius, { ...opts, borderValue: 0 });
            expect(sameBytes(ero0, bruteForce(m, dims, el.fp, 'and', 0))).toBe(true);
            expect(subset(ero, m)).toBe(true);
            expect(subset(m, binaryClosing(m, dims, el.radius, opts))).toBe(true);
            expect(subset(binaryOpening(m, dims, el.radius, opts), m)).toBe(true);
          }
        }
      });
    }
  }

  it('a larger random volume (multi-threaded lines, blocks of 16 partly filled) matches brute force for ball(3)', () => {
    const dims: Dims3 = [37, 29, 23];
    const m = randomMask(37 * 29 * 23, 0.01, rand);
    expect(sameBytes(binaryDilation(m, dims, 3), bruteForce(m, dims, ball(3), 'or', 0))).toBe(true);
  });
});

/** Oracle for fillHoles: voxel-by-voxel flood of the background from the border. */
function fillHolesOracle(mask: Uint8Array, [nx, ny, nz]: Dims3, dim: 2 | 3, full: boolean): Uint8Array {
  const reached = new Uint8Array(mask.length);
  const offs: [number, number, number][] = [];
  for (let dz = dim === 3 ? -1 : 0; dz <= (dim === 3 ? 1 : 0); ++dz)
    for (let dy = -1; dy <= 1; ++dy)
      for (let dx = -1; dx <= 1; ++dx) {
        const hops = Number(dx !== 0) + Number(dy !== 0) + Number(dz !== 0);
        if (hops > 0 && (full || hops === 1)) offs.push([dx, dy, dz]);
      }
  const stack: number[] = [];
  for (let z = 0; z < nz; ++z)
    for (let y = 0; y < ny; ++y)
      for (let x = 0; x < nx; ++x) {
        const border = x === 0 || y === 0 || x === nx - 1 || y === ny - 1 || (dim === 3 && (z === 0 || z === nz - 1));
        const i = x + nx * (y + ny * z);
        if (border && mask[i] === 0 && !reached[i]) {
          reached[i] = 1;
          stack.push(i);
        }
      }
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
      if (mask[q] === 0 && !reached[q]) {
        reached[q] = 1;
        stack.push(q);
      }
    }
  }
  return reached.map((r) => (r ? 0 : 1));
}

describe('property: fillHoles equals a voxel-by-voxel flood from the border', () => {
  const rand = prng(424242);
  for (const dims of [
    [23, 19, 17],
    [31, 27, 1],
    [1, 9, 8],
  ] as Dims3[]) {
    for (const density of [0.3, 0.55, 0.75]) {
      it(`${dims.join('x')} at density ${density}: dim 2 and 3, cross and full connectivity; foreground is kept`, () => {
        const m = randomMask(dims[0] * dims[1] * dims[2], density, rand);
        for (const dim of [2, 3] as const)
          for (const full of [false, true]) {
            const { mask, filled } = fillHoles(m, dims, { dim, fullConnectivity: full });
            expect(sameBytes(mask, fillHolesOracle(m, dims, dim, full))).toBe(true);
            expect(subset(m, mask)).toBe(true);
            let added = 0;
            for (let i = 0; i < m.length; ++i) added += mask[i]! - (m[i] !== 0 ? 1 : 0);
            expect(filled).toBe(added);
          }
      });
    }
  }
});
