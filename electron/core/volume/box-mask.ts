import { LungDeskError } from '../../common/errors';

/** A voxel box on a grid: indices, both ends inclusive. */
export interface VoxelBox {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
}

/**
 * A 0/1 mask stored only inside its box on a volume's grid: `mask` holds bx·by·bz bytes,
 * x fastest, voxel (x, y, z) of the grid at (x−x0) + bx·((y−y0) + by·(z−z0)).
 */
export interface BoxMask {
  box: VoxelBox;
  mask: Uint8Array;
}

export const boxDims = (b: VoxelBox): [number, number, number] => [b.x1 - b.x0 + 1, b.y1 - b.y0 + 1, b.z1 - b.z0 + 1];

/** Set voxels of a box mask. */
export function countSet(m: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) n++;
  return n;
}

/**
 * Writes `label` into `target` (the full grid, x fastest) wherever the box mask is set;
 * returns how many voxels were newly labelled, so overlapping masks are counted once.
 */
export function pasteBoxMask(target: Uint8Array, dims: readonly [number, number, number], seg: BoxMask, label = 1): number {
  const [nx, ny] = dims;
  const { x0, y0, z0, x1, y1, z1 } = seg.box;
  const [bx, by, bz] = boxDims(seg.box);
  if (seg.mask.length !== bx * by * bz) throw new LungDeskError('internal', `box mask of ${seg.mask.length} voxels does not fit its box ${bx}×${by}×${bz}`);
  if (x0 < 0 || y0 < 0 || z0 < 0 || x1 >= nx || y1 >= ny || z1 >= dims[2]) throw new LungDeskError('internal', 'box mask lies outside the grid');
  let added = 0;
  let i = 0;
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      const row = nx * (y + ny * z);
      for (let x = x0; x <= x1; x++, i++) {
        if (!seg.mask[i]) continue;
        if (target[row + x] !== label) added++;
        target[row + x] = label;
      }
    }
  }
  return added;
}

/** Voxel counts of two box masks on the same grid and of their intersection; Dice = 2·both/(a+b). */
export function boxMaskOverlap(a: BoxMask, b: BoxMask): { a: number; b: number; both: number; dice: number } {
  const na = countSet(a.mask);
  const nb = countSet(b.mask);
  const x0 = Math.max(a.box.x0, b.box.x0), x1 = Math.min(a.box.x1, b.box.x1);
  const y0 = Math.max(a.box.y0, b.box.y0), y1 = Math.min(a.box.y1, b.box.y1);
  const z0 = Math.max(a.box.z0, b.box.z0), z1 = Math.min(a.box.z1, b.box.z1);
  const [aw, ah] = boxDims(a.box);
  const [bw, bh] = boxDims(b.box);
  let both = 0;
  for (let z = z0; z <= z1; z++) {
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if (a.mask[x - a.box.x0 + aw * (y - a.box.y0 + ah * (z - a.box.z0))] && b.mask[x - b.box.x0 + bw * (y - b.box.y0 + bh * (z - b.box.z0))]) both++;
      }
    }
  }
  return { a: na, b: nb, both, dice: na + nb === 0 ? 1 : (2 * both) / (na + nb) };
}

/** The voxel of a box mask at grid position (x, y, z), 0 outside its box. */
export function boxMaskAt(m: BoxMask, x: number, y: number, z: number): number {
  const { x0, y0, z0, x1, y1, z1 } = m.box;
  if (x < x0 || y < y0 || z < z0 || x > x1 || y > y1 || z > z1) return 0;
  const [bx, by] = boxDims(m.box);
  return m.mask[x - x0 + bx * (y - y0 + by * (z - z0))]!;
}
