import type { VoxelBox } from './box-mask';

export type { VoxelBox };

/**
 * The smallest box holding every non-zero voxel of `mask` (x fastest over `dims`), grown by
 * `margin` voxels per axis and clamped to the grid; null when no voxel is set. Morphology run
 * on this box only equals running it on the whole grid when `margin` covers the element's
 * reach (outside counts as 0 for dilation).
 */
export function foregroundBox(mask: ArrayLike<number>, dims: readonly [number, number, number], margin: readonly [number, number, number] = [0, 0, 0]): VoxelBox | null {
  const [nx, ny, nz] = dims;
  let x0 = nx, y0 = ny, z0 = nz, x1 = -1, y1 = -1, z1 = -1;
  for (let z = 0, i = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (!mask[i]) continue;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
        if (z < z0) z0 = z;
        if (z > z1) z1 = z;
      }
    }
  }
  if (x1 < 0) return null;
  return {
    x0: Math.max(0, x0 - margin[0]),
    x1: Math.min(nx - 1, x1 + margin[0]),
    y0: Math.max(0, y0 - margin[1]),
    y1: Math.min(ny - 1, y1 + margin[1]),
    z0: Math.max(0, z0 - margin[2]),
    z1: Math.min(nz - 1, z1 + margin[2]),
  };
}
