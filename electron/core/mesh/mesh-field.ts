import type { Dims3, MeshVolume } from '../../../native/slice2d-mesh';
import type { MeshSource } from './mesh-types';

/**
 * The scalar field marching cubes runs on: the source cropped to the bounding box of its
 * inside voxels, optionally box-averaged by an integer factor per axis (the decimation; see
 * make-surface.ts), and padded with one layer of "outside" on every side so the iso-surface
 * always closes, even where the object touches the scan's edge.
 */
export interface MeshField {
  values: MeshVolume;
  dims: Dims3;
  level: number;
  /** Voxel index (fractional) of field element (0, 0, 0) on the source grid. */
  originIndex: [number, number, number];
  /** Field element step in source voxels per axis. */
  factor: [number, number, number];
}

/** See `level` in buildField. */
const LEVEL_NUDGE = 0.002;
const HU_NUDGE = 0.0137;

type Box = { lo: [number, number, number]; hi: [number, number, number] };

/** Per-voxel inside test of a source (true = inside the surface). */
function insideTest(src: MeshSource): (n: number) => boolean {
  if (src.kind === 'threshold') {
    const { hu, thresholdHu } = src;
    return (n) => hu[n]! > thresholdHu;
  }
  const table = new Uint8Array(256);
  for (const v of src.values) table[v & 255] = 1;
  const { mask } = src;
  return (n) => table[mask[n]!] === 1;
}

/** Bounding box (inclusive) of the inside voxels, or undefined when there are none. */
export function insideBox(src: MeshSource, dims: Dims3): Box | undefined {
  const [nx, ny, nz] = dims;
  const inside = insideTest(src);
  const lo: [number, number, number] = [nx, ny, nz];
  const hi: [number, number, number] = [-1, -1, -1];
  for (let z = 0, n = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, n++) {
        if (!inside(n)) continue;
        if (x < lo[0]) lo[0] = x;
        if (x > hi[0]) hi[0] = x;
        if (y < lo[1]) lo[1] = y;
        if (y > hi[1]) hi[1] = y;
        if (z < lo[2]) lo[2] = z;
        if (z > hi[2]) hi[2] = z;
      }
    }
  }
  return hi[0] < 0 ? undefined : { lo, hi };
}

/**
 * Builds the padded field over `box`. Labels become 0/1 (level just under 0.5); HU stays HU
 * (level just over the threshold) so the surface keeps its sub-voxel position. With factor 1 the field keeps the
 * compact type (Uint8 / Int16); coarser fields are Float32 block means.
 */
export function buildField(src: MeshSource, dims: Dims3, box: Box, factor: [number, number, number]): MeshField {
  const [nx, ny] = dims;
  const ext = [0, 1, 2].map((a) => box.hi[a]! - box.lo[a]! + 1);
  const cd = [0, 1, 2].map((a) => Math.ceil(ext[a]! / factor[a]!) + 2) as [number, number, number];
  const total = cd[0] * cd[1] * cd[2];
  const isHu = src.kind === 'threshold';
  // Off any value a voxel or a block mean takes, and far enough from them that no vertex lands
  // within float precision of a grid point: there, vertices of several cube edges coincide and
  // two sheets touching at that point share an edge four ways once welded (LIDC-IDRI-0001's bone
  // at exactly 400 HU gave 127 such edges). For int16 HU, `> thr + 0.51` is the same voxel set
  // as `> thr`; for masks the surface moves 0.002 voxel.
  const level = isHu ? src.thresholdHu + 0.5 + HU_NUDGE : 0.5 - LEVEL_NUDGE;
  const inside = insideTest(src);
  const full = factor[0] === 1 && factor[1] === 1 && factor[2] === 1;
  // "Outside" far enough below the level that the padding pulls no vertex off the voxel face.
  const outside = isHu ? Math.max(-32768, Math.min(-1024, src.thresholdHu - 1000)) : 0;
  const values: MeshVolume = full ? (isHu ? new Int16Array(total) : new Uint8Array(total)) : new Float32Array(total);
  if (outside !== 0) values.fill(outside);
  if (full) {
    copyRows(src, dims, box, values, cd);
    const originIndex = [0, 1, 2].map((a) => box.lo[a]! - 1) as [number, number, number];
    return { values, dims: cd, level, originIndex, factor };
  }
  const read = isHu ? (n: number) => (src as { hu: Int16Array }).hu[n]! : (n: number) => (inside(n) ? 1 : 0);
  for (let cz = 1; cz < cd[2] - 1; cz++) {
    const z0 = box.lo[2] + (cz - 1) * factor[2];
    const z1 = Math.min(box.hi[2] + 1, z0 + factor[2]);
    for (let cy = 1; cy < cd[1] - 1; cy++) {
      const y0 = box.lo[1] + (cy - 1) * factor[1];
      const y1 = Math.min(box.hi[1] + 1, y0 + factor[1]);
      for (let cx = 1; cx < cd[0] - 1; cx++) {
        const x0 = box.lo[0] + (cx - 1) * factor[0];
        const x1 = Math.min(box.hi[0] + 1, x0 + factor[0]);
        let sum = 0;
        let count = 0;
        for (let z = z0; z < z1; z++) {
          for (let y = y0; y < y1; y++) {
            const row = nx * (y + ny * z);
            for (let x = x0; x < x1; x++) {
              sum += read(row + x);
              count++;
            }
          }
        }
        values[cx + cd[0] * (cy + cd[1] * cz)] = sum / count;
      }
    }
  }
  // Element (1,1,1) is the block starting at box.lo; a block's mean sits at its centre.
  const originIndex = [0, 1, 2].map((a) => box.lo[a]! + (factor[a]! - 1) / 2 - factor[a]!) as [number, number, number];
  return { values, dims: cd, level, originIndex, factor };
}

/** Factor 1: the box copied row by row into the padded field (HU as is, labels as 0/1). */
function copyRows(src: MeshSource, dims: Dims3, box: Box, values: MeshVolume, cd: Dims3): void {
  const [nx, ny] = dims;
  const w = box.hi[0] - box.lo[0] + 1;
  const table = new Uint8Array(256);
  if (src.kind === 'labels') for (const v of src.values) table[v & 255] = 1;
  for (let z = box.lo[2]; z <= box.hi[2]; z++) {
    for (let y = box.lo[1]; y <= box.hi[1]; y++) {
      const from = box.lo[0] + nx * (y + ny * z);
      const to = 1 + cd[0] * (y - box.lo[1] + 1 + cd[1] * (z - box.lo[2] + 1));
      if (src.kind === 'threshold') values.set(src.hu.subarray(from, from + w), to);
      else for (let i = 0; i < w; i++) values[to + i] = table[src.mask[from + i]!]!;
    }
  }
}
