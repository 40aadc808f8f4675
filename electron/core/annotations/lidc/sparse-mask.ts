import type { Vec3, VolumeGeometry } from '../../../common/geometry';
import { voxelToWorld } from '../../volume/volume';

/**
 * A binary mask on a volume's voxel grid, stored only inside its bounding box.
 *
 * `bbox` bounds are voxel indices, INCLUSIVE on both ends (x0..x1, y0..y1, z0..z1). `mask`
 * holds (x1-x0+1)·(y1-y0+1)·(z1-z0+1) bytes, 0 or 1, x-fastest like `Volume.voxels`:
 * voxel (x, y, z) is at (x-x0) + w·((y-y0) + h·(z-z0)) with w, h the box width and height.
 * Pasting it into a full labelmap is one loop over the box.
 */
export interface SparseMask {
  bbox: { x0: number; y0: number; z0: number; x1: number; y1: number; z1: number };
  mask: Uint8Array;
}

export interface MaskStats {
  voxelCount: number;
  volumeMm3: number;
  /** Mean voxel index (i, j, k) of the set voxels. */
  centroidVoxel: Vec3;
  /** The same point in world LPS mm, through the full direction matrix. */
  centroidWorld: Vec3;
  /** Diameter of the sphere with this volume: (6V/π)^(1/3). */
  equivalentDiameterMm: number;
}

export const boxSize = (m: SparseMask): [number, number, number] => [
  m.bbox.x1 - m.bbox.x0 + 1,
  m.bbox.y1 - m.bbox.y0 + 1,
  m.bbox.z1 - m.bbox.z0 + 1,
];

export const sphereDiameter = (volumeMm3: number): number => Math.cbrt((6 * volumeMm3) / Math.PI);

/** Voxel count, volume, centroid and equivalent diameter of a mask on grid `g`. */
export function maskStats(m: SparseMask, g: VolumeGeometry): MaskStats {
  const [w, h, d] = boxSize(m);
  let count = 0;
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let z = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      const row = w * (y + h * z);
      for (let x = 0; x < w; x++) {
        if (m.mask[row + x]) {
          count++;
          sx += x;
          sy += y;
          sz += z;
        }
      }
    }
  }
  const voxelVolume = g.spacing[0] * g.spacing[1] * g.spacing[2];
  const centroidVoxel: Vec3 =
    count === 0 ? [NaN, NaN, NaN] : [m.bbox.x0 + sx / count, m.bbox.y0 + sy / count, m.bbox.z0 + sz / count];
  const volumeMm3 = count * voxelVolume;
  return {
    voxelCount: count,
    volumeMm3,
    centroidVoxel,
    centroidWorld: count === 0 ? [NaN, NaN, NaN] : voxelToWorld(g, centroidVoxel),
    equivalentDiameterMm: sphereDiameter(volumeMm3),
  };
}

/** Whether two masks on the same grid share at least one voxel. */
export function masksOverlap(a: SparseMask, b: SparseMask): boolean {
  const x0 = Math.max(a.bbox.x0, b.bbox.x0);
  const y0 = Math.max(a.bbox.y0, b.bbox.y0);
  const z0 = Math.max(a.bbox.z0, b.bbox.z0);
  const x1 = Math.min(a.bbox.x1, b.bbox.x1);
  const y1 = Math.min(a.bbox.y1, b.bbox.y1);
  const z1 = Math.min(a.bbox.z1, b.bbox.z1);
  if (x0 > x1 || y0 > y1 || z0 > z1) return false;
  const [aw, ah] = boxSize(a);
  const [bw, bh] = boxSize(b);
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      const ra = aw * (y - a.bbox.y0 + ah * (z - a.bbox.z0)) - a.bbox.x0;
      const rb = bw * (y - b.bbox.y0 + bh * (z - b.bbox.z0)) - b.bbox.x0;
      for (let x = x0; x <= x1; x++) if (a.mask[ra + x] && b.mask[rb + x]) return true;
    }
  }
  return false;
}

/** Whether voxel (x, y, z) is set in `m`. */
export function maskHas(m: SparseMask, x: number, y: number, z: number): boolean {
  const { x0, y0, z0, x1, y1, z1 } = m.bbox;
  if (x < x0 || x > x1 || y < y0 || y > y1 || z < z0 || z > z1) return false;
  const [w, h] = boxSize(m);
  return m.mask[x - x0 + w * (y - y0 + h * (z - z0))] === 1;
}

/**
 * Voxels set in at least `minCount` of `masks` (all on one grid), cropped to the set voxels;
 * undefined when none qualifies.
 */
export function countAtLeast(masks: readonly SparseMask[], minCount: number): SparseMask | undefined {
  if (masks.length === 0) return undefined;
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (const m of masks) {
    x0 = Math.min(x0, m.bbox.x0); y0 = Math.min(y0, m.bbox.y0); z0 = Math.min(z0, m.bbox.z0);
    x1 = Math.max(x1, m.bbox.x1); y1 = Math.max(y1, m.bbox.y1); z1 = Math.max(z1, m.bbox.z1);
  }
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const d = z1 - z0 + 1;
  const counts = new Uint32Array(w * h * d);
  for (const m of masks) {
    const [mw, mh, md] = boxSize(m);
    for (let z = 0; z < md; z++) {
      for (let y = 0; y < mh; y++) {
        const src = mw * (y + mh * z);
        const dst = m.bbox.x0 - x0 + w * (m.bbox.y0 - y0 + y + h * (m.bbox.z0 - z0 + z));
        for (let x = 0; x < mw; x++) if (m.mask[src + x]) counts[dst + x]!++;
      }
    }
  }
  const need = Math.max(1, minCount);
  const out = new Uint8Array(counts.length);
  for (let n = 0; n < counts.length; n++) out[n] = counts[n]! >= need ? 1 : 0;
  return cropToContent({ bbox: { x0, y0, z0, x1, y1, z1 }, mask: out });
}

/** The same mask with its box shrunk to the set voxels; undefined if none is set. */
export function cropToContent(m: SparseMask): SparseMask | undefined {
  const [w, h, d] = boxSize(m);
  let ax = Infinity, ay = Infinity, az = Infinity, bx = -1, by = -1, bz = -1;
  for (let z = 0; z < d; z++) {
    for (let y = 0; y < h; y++) {
      const row = w * (y + h * z);
      for (let x = 0; x < w; x++) {
        if (m.mask[row + x]) {
          if (x < ax) ax = x;
          if (x > bx) bx = x;
          if (y < ay) ay = y;
          if (y > by) by = y;
          if (z < az) az = z;
          if (z > bz) bz = z;
        }
      }
    }
  }
  if (bx < 0) return undefined;
  if (ax === 0 && ay === 0 && az === 0 && bx === w - 1 && by === h - 1 && bz === d - 1) return m;
  const nw = bx - ax + 1;
  const nh = by - ay + 1;
  const nd = bz - az + 1;
  const out = new Uint8Array(nw * nh * nd);
  for (let z = 0; z < nd; z++) {
    for (let y = 0; y < nh; y++) {
      const src = ax + w * (ay + y + h * (az + z));
      out.set(m.mask.subarray(src, src + nw), nw * (y + nh * z));
    }
  }
  const { x0, y0, z0 } = m.bbox;
  return { bbox: { x0: x0 + ax, y0: y0 + ay, z0: z0 + az, x1: x0 + bx, y1: y0 + by, z1: z0 + bz }, mask: out };
}
