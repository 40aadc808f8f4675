import { foregroundBox } from '../volume/foreground-box';
import type { Vec3 } from '../../common/geometry';
import { label3d } from '../../../native';
import { binaryOpening, voxelRadiiForMm } from '../../../native/morphology';
import type { VoxelBox } from '../volume/box-mask';

/**
 * The box a nodule is segmented in, and the small voxel operations on it that
 * `segmentNodule` strings together. Everything here works on the box alone (a few hundred
 * thousand voxels at most), x fastest, with the seed and distances in millimetres so any
 * spacing, isotropic or not, behaves the same.
 */
export interface SearchBox {
  box: VoxelBox;
  dims: [number, number, number];
  spacing: Vec3;
  /** Seed position in box voxel coordinates (fractional). */
  seed: Vec3;
}

/** The box of voxels within `radiusMm` of continuous voxel index `c`, clipped to the grid. */
export function searchBox(dims: readonly [number, number, number], spacing: Vec3, c: Vec3, radiusMm: number): SearchBox {
  const lo = (a: number) => Math.max(0, Math.floor(c[a]! - radiusMm / spacing[a]!));
  const hi = (a: number) => Math.min(dims[a]! - 1, Math.ceil(c[a]! + radiusMm / spacing[a]!));
  const box = { x0: lo(0), x1: hi(0), y0: lo(1), y1: hi(1), z0: lo(2), z1: hi(2) };
  return {
    box,
    dims: [box.x1 - box.x0 + 1, box.y1 - box.y0 + 1, box.z1 - box.z0 + 1],
    spacing,
    seed: [c[0] - box.x0, c[1] - box.y0, c[2] - box.z0],
  };
}

/**
 * The box's HU as float32, smoothed by the binomial kernel [1, 2, 1]/4 along every axis
 * whose spacing is at most 1.5 mm (thick slices are not smoothed across: their neighbours
 * are too far to be the same tissue). Voxels beyond the box edge repeat the edge voxel.
 * The kernel divides white noise's standard deviation by 1.63 per axis smoothed, which is
 * what lets a fixed threshold split ground glass (−750..−300 HU) from lung (≈ −850 HU).
 */
export function smoothedBox(hu: Int16Array, gridDims: readonly [number, number, number], sb: SearchBox): Float32Array {
  const [nx, ny] = gridDims;
  const [bx, by, bz] = sb.dims;
  const { x0, y0, z0 } = sb.box;
  let a = new Float32Array(bx * by * bz);
  for (let z = 0; z < bz; z++) {
    for (let y = 0; y < by; y++) {
      const src = x0 + nx * (y + y0 + ny * (z + z0));
      const dst = bx * (y + by * z);
      for (let x = 0; x < bx; x++) a[dst + x] = hu[src + x]!;
    }
  }
  for (let axis = 0; axis < 3; axis++) {
    const n = sb.dims[axis]!;
    if (sb.spacing[axis]! > 1.5 || n < 3) continue;
    const b = new Float32Array(a.length);
    const s = axis === 0 ? 1 : axis === 1 ? bx : bx * by;
    // Lines along the axis start at every index whose coordinate on that axis is 0.
    const outer = axis === 2 ? 1 : bz;
    const inner = axis === 0 ? by : axis === 1 ? bx : bx * by;
    const outerStride = axis === 2 ? 0 : bx * by;
    const innerStride = axis === 0 ? bx : 1;
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < inner; q++) {
        const start = o * outerStride + q * innerStride;
        const last = start + (n - 1) * s;
        b[start] = 0.75 * a[start]! + 0.25 * a[start + s]!;
        for (let i = start + s; i < last; i += s) b[i] = 0.25 * (a[i - s]! + a[i + s]!) + 0.5 * a[i]!;
        b[last] = 0.75 * a[last]! + 0.25 * a[last - s]!;
      }
    }
    a = b;
  }
  return a;
}

/** 1 where the box voxel lies within `radiusMm` of the point `c` (box voxel coordinates). */
export function ballMask(sb: SearchBox, c: Vec3, radiusMm: number): Uint8Array {
  const [bx, by, bz] = sb.dims;
  const [sx, sy, sz] = sb.spacing;
  const out = new Uint8Array(bx * by * bz);
  const r2 = radiusMm * radiusMm;
  for (let z = 0; z < bz; z++) {
    const dz = ((z - c[2]) * sz) ** 2;
    for (let y = 0; y < by; y++) {
      const dyz = dz + ((y - c[1]) * sy) ** 2;
      if (dyz > r2) continue;
      const row = bx * (y + by * z);
      for (let x = 0; x < bx; x++) if (dyz + ((x - c[0]) * sx) ** 2 <= r2) out[row + x] = 1;
    }
  }
  return out;
}

/** Index of the box voxel nearest to a fractional position. */
export function indexAt(sb: SearchBox, p: Vec3): number {
  const [bx, by, bz] = sb.dims;
  const x = Math.min(bx - 1, Math.max(0, Math.round(p[0])));
  const y = Math.min(by - 1, Math.max(0, Math.round(p[1])));
  const z = Math.min(bz - 1, Math.max(0, Math.round(p[2])));
  return x + bx * (y + by * z);
}

export function positionOf(sb: SearchBox, i: number): Vec3 {
  const [bx, by] = sb.dims;
  return [i % bx, Math.floor(i / bx) % by, Math.floor(i / (bx * by))];
}

/** Squared distance in mm² between a box voxel and a fractional position. */
export function dist2Mm(sb: SearchBox, i: number, p: Vec3): number {
  const q = positionOf(sb, i);
  return ((q[0] - p[0]) * sb.spacing[0]) ** 2 + ((q[1] - p[1]) * sb.spacing[1]) ** 2 + ((q[2] - p[2]) * sb.spacing[2]) ** 2;
}

/**
 * The set voxel of `m` nearest to `p` within `maxMm`, or −1; ties go to the lowest index.
 * Searches cubes of growing size around `p` and stops once the cube holds the ball of the
 * best distance found, so a hit near `p` costs a few voxels, not the whole box.
 */
export function nearestSet(sb: SearchBox, m: Uint8Array, p: Vec3, maxMm: number): number {
  const [bx, by, bz] = sb.dims;
  const [sx, sy, sz] = sb.spacing;
  const step = Math.min(sx, sy, sz);
  let best = -1;
  let bestD = maxMm * maxMm;
  for (let half = 2 * step; ; half *= 2) {
    const reach = Math.min(half, maxMm);
    const x0 = Math.max(0, Math.floor(p[0] - reach / sx)), x1 = Math.min(bx - 1, Math.ceil(p[0] + reach / sx));
    const y0 = Math.max(0, Math.floor(p[1] - reach / sy)), y1 = Math.min(by - 1, Math.ceil(p[1] + reach / sy));
    const z0 = Math.max(0, Math.floor(p[2] - reach / sz)), z1 = Math.min(bz - 1, Math.ceil(p[2] + reach / sz));
    for (let z = z0; z <= z1; z++) {
      const dz = ((z - p[2]) * sz) ** 2;
      for (let y = y0; y <= y1; y++) {
        const dyz = dz + ((y - p[1]) * sy) ** 2;
        if (dyz > bestD) continue;
        const row = bx * (y + by * z);
        for (let x = x0; x <= x1; x++) {
          if (!m[row + x]) continue;
          const d = dyz + ((x - p[0]) * sx) ** 2;
          if (d < bestD || (d === bestD && (best < 0 || row + x < best))) {
            bestD = d;
            best = row + x;
          }
        }
      }
    }
    // Every voxel within `reach` mm has been seen: a hit that close is final.
    if ((best >= 0 && bestD <= reach * reach) || reach >= maxMm) return best;
  }
}

/**
 * The 6-connected component of `m` holding voxel `at` (or, when `at` is not set, the one
 * holding the set voxel nearest to it within `reachMm`), as a new 0/1 mask; all zero when
 * there is none. Face connectivity, so a diagonal touch of noise does not join a vessel.
 */
export function componentAt(sb: SearchBox, m: Uint8Array, p: Vec3, reachMm: number): Uint8Array {
  let at = indexAt(sb, p);
  if (!m[at]) at = nearestSet(sb, m, p, reachMm);
  const out = new Uint8Array(m.length);
  if (at < 0) return out;
  const { labels } = label3d(m, sb.dims, 1);
  const keep = labels[at]!;
  for (let i = 0; i < m.length; i++) if (labels[i] === keep) out[i] = 1;
  return out;
}

/** Components of `m` (6-connected) that have a voxel where `touch` is set, as a new 0/1 mask. */
export function componentsTouching(sb: SearchBox, m: Uint8Array, touch: Uint8Array): Uint8Array {
  const { labels, count } = label3d(m, sb.dims, 1);
  const hit = new Uint8Array(count + 1);
  for (let i = 0; i < m.length; i++) if (touch[i] && labels[i]) hit[labels[i]!] = 1;
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) if (hit[labels[i]!] && labels[i]) out[i] = 1;
  return out;
}

/** a AND b, in place in `a`; returns `a`. */
export function andInPlace(a: Uint8Array, b: Uint8Array): Uint8Array {
  for (let i = 0; i < a.length; i++) if (!b[i]) a[i] = 0;
  return a;
}

/**
 * Median HU of the voxels of `s` where `m` is set and the value lies in [lo, hi), to the
 * nearest HU (a histogram, so O(n) however many voxels); NaN when there are none. With
 * `stride` > 1 only every stride-th voxel is looked at (a level, not an exact median).
 */
export function medianHu(s: Float32Array, m: Uint8Array, lo: number, hi: number, stride = 1): number {
  const base = Math.max(-2048, Math.floor(lo));
  const top = Math.min(4096, Math.ceil(hi));
  if (!(top > base)) return NaN;
  const hist = new Uint32Array(top - base + 1);
  let n = 0;
  for (let i = 0; i < s.length; i += stride) {
    const v = s[i]!;
    if (!m[i] || v < lo || v >= hi) continue;
    hist[Math.min(top - base, Math.max(0, Math.round(v) - base))]!++;
    n++;
  }
  if (!n) return NaN;
  let seen = 0;
  for (let k = 0; k < hist.length; k++) {
    seen += hist[k]!;
    if (2 * seen >= n) return base + k;
  }
  return top;
}

/** How many voxels of `s` where `m` is set lie in [lo, hi). */
export function countHu(s: Float32Array, m: Uint8Array, lo: number, hi: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (m[i] && s[i]! >= lo && s[i]! < hi) n++;
  return n;
}

/**
 * Distances to the edge of a region: the voxels outside it that face (6 neighbours) a voxel
 * inside it, as mm coordinates. The distance from a point inside the region to the nearest
 * of them is the radius of the largest ball centred there that stays in the region (to
 * within a voxel): the region's local thickness.
 */
export class RegionEdge {
  private readonly pts: Float64Array;
  readonly count: number;

  /** Only edge voxels within `nearMm` of box position `near` are kept (farther ones cannot be nearest). */
  constructor(private readonly sb: SearchBox, inside: Uint8Array, near: Vec3, nearMm: number) {
    const [bx, by, bz] = sb.dims;
    const [sx, sy, sz] = sb.spacing;
    const out: number[] = [];
    const r2 = nearMm * nearMm;
    for (let z = 0; z < bz; z++) {
      for (let y = 0; y < by; y++) {
        const dyz = ((z - near[2]) * sz) ** 2 + ((y - near[1]) * sy) ** 2;
        if (dyz > r2) continue;
        for (let x = 0; x < bx; x++) {
          const i = x + bx * (y + by * z);
          if (inside[i] || dyz + ((x - near[0]) * sx) ** 2 > r2) continue;
          const touches =
            (x > 0 && inside[i - 1]) || (x < bx - 1 && inside[i + 1]) ||
            (y > 0 && inside[i - bx]) || (y < by - 1 && inside[i + bx]) ||
            (z > 0 && inside[i - bx * by]) || (z < bz - 1 && inside[i + bx * by]);
          if (touches) out.push(x * sb.spacing[0], y * sb.spacing[1], z * sb.spacing[2]);
        }
      }
    }
    this.pts = Float64Array.from(out);
    this.count = out.length / 3;
  }

  /** Distance in mm from box position `p` to the nearest edge voxel (Infinity with none). */
  distanceMm(p: Vec3): number {
    const x = p[0] * this.sb.spacing[0];
    const y = p[1] * this.sb.spacing[1];
    const z = p[2] * this.sb.spacing[2];
    let best = Infinity;
    const a = this.pts;
    for (let k = 0; k < a.length; k += 3) {
      const d = (a[k]! - x) ** 2 + (a[k + 1]! - y) ** 2 + (a[k + 2]! - z) ** 2;
      if (d < best) best = d;
    }
    return Math.sqrt(best);
  }

  /**
   * Climbs from `start` through `inside` voxels to a local maximum of the thickness (the
   * centre of the blob the start lies in), moving at most `maxTravelMm` from the start.
   */
  climb(inside: Uint8Array, start: Vec3, maxTravelMm: number): { at: Vec3; radiusMm: number } {
    const [bx, by, bz] = this.sb.dims;
    const [sx, sy, sz] = this.sb.spacing;
    let at: Vec3 = [Math.round(start[0]), Math.round(start[1]), Math.round(start[2])];
    let r = this.distanceMm(at);
    for (let step = 0; step < 64; step++) {
      let best: Vec3 | undefined;
      let bestR = r + 1e-6;
      for (let dz = -1; dz <= 1; dz++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const q: Vec3 = [at[0] + dx, at[1] + dy, at[2] + dz];
            if (q[0] < 0 || q[1] < 0 || q[2] < 0 || q[0] >= bx || q[1] >= by || q[2] >= bz) continue;
            if (!inside[q[0] + bx * (q[1] + by * q[2])]) continue;
            if (((q[0] - start[0]) * sx) ** 2 + ((q[1] - start[1]) * sy) ** 2 + ((q[2] - start[2]) * sz) ** 2 > maxTravelMm * maxTravelMm) continue;
            const rq = this.distanceMm(q);
            if (rq > bestR) {
              bestR = rq;
              best = q;
            }
          }
        }
      }
      if (!best) break;
      at = best;
      r = bestR;
    }
    return { at, radiusMm: r };
  }
}

/**
 * The part of box `sb` holding every set voxel of `m` plus `marginVox` voxels per axis (the
 * reach of a morphology element), as a smaller search box over the same grid, and `m` cut
 * to it. Morphology and labelling then run on the nodule's own box only.
 */
export function cropToMask(sb: SearchBox, m: Uint8Array, marginVox: readonly [number, number, number]): { sub: SearchBox; mask: Uint8Array } {
  // An empty mask keeps the corner voxel's box, grown by the margin, so callers always get a box.
  const [bx, by, bz] = sb.dims;
  const { x0, y0, z0, x1, y1, z1 } = foregroundBox(m, sb.dims, marginVox) ?? {
    x0: 0, y0: 0, z0: 0, x1: Math.min(bx - 1, marginVox[0]), y1: Math.min(by - 1, marginVox[1]), z1: Math.min(bz - 1, marginVox[2]),
  };
  const dims: [number, number, number] = [x1 - x0 + 1, y1 - y0 + 1, z1 - z0 + 1];
  const sub: SearchBox = {
    box: { x0: sb.box.x0 + x0, x1: sb.box.x0 + x1, y0: sb.box.y0 + y0, y1: sb.box.y0 + y1, z0: sb.box.z0 + z0, z1: sb.box.z0 + z1 },
    dims,
    spacing: sb.spacing,
    seed: [sb.seed[0] - x0, sb.seed[1] - y0, sb.seed[2] - z0],
  };
  return { sub, mask: cropBox(m, sb.dims, [x0, y0, z0], dims) };
}

/** The sub-array of a box-shaped array starting at `at` with `dims`, x fastest. */
export function cropBox<T extends Uint8Array | Float32Array>(a: T, from: readonly [number, number, number], at: readonly [number, number, number], dims: readonly [number, number, number]): T {
  const [fx, fy] = from;
  const [dx, dy, dz] = dims;
  const out = new (a.constructor as new (n: number) => T)(dx * dy * dz);
  for (let z = 0; z < dz; z++) {
    for (let y = 0; y < dy; y++) {
      const src = at[0] + fx * (at[1] + y + fy * (at[2] + z));
      out.set(a.subarray(src, src + dx) as never, dx * (y + dy * z));
    }
  }
  return out;
}

/**
 * Opening of a 0/1 mask by a ball of `radiusMm` computed on a grid coarsened by `factor` per
 * axis (a coarse voxel is set when all of its fine voxels are), brought back to the fine grid
 * (nearest) and limited to the mask: for elements many voxels wide, where a fine voxel of
 * detail does not change which structures hold the ball, at 1/(fx·fy·fz) of the cost. Outside
 * the box counts as set (borderValue 1), as for `binaryOpening`.
 */
export function coarseOpening(m: Uint8Array, dims: readonly [number, number, number], spacing: Vec3, radiusMm: number, factor: readonly [number, number, number]): Uint8Array {
  const [nx, ny, nz] = dims;
  const [fx, fy, fz] = factor;
  const cd: [number, number, number] = [Math.ceil(nx / fx), Math.ceil(ny / fy), Math.ceil(nz / fz)];
  // A coarse voxel is set only when all of its fine voxels are: the structures that can hold
  // the ball shrink by under a fine voxel rather than grow into what touches them.
  const coarse = new Uint8Array(cd[0] * cd[1] * cd[2]).fill(1);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      const crow = cd[0] * (Math.floor(y / fy) + cd[1] * Math.floor(z / fz));
      for (let x = 0; x < nx; x++) if (!m[row + x]) coarse[crow + Math.floor(x / fx)] = 0;
    }
  }
  const cs: Vec3 = [spacing[0] * fx, spacing[1] * fy, spacing[2] * fz];
  const opened = binaryOpening(coarse, cd, voxelRadiiForMm(radiusMm, cs), { borderValue: 1 });
  const out = new Uint8Array(m.length);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = nx * (y + ny * z);
      const crow = cd[0] * (Math.floor(y / fy) + cd[1] * Math.floor(z / fz));
      for (let x = 0; x < nx; x++) if (m[row + x] && opened[crow + Math.floor(x / fx)]) out[row + x] = 1;
    }
  }
  return out;
}
