import type { VolumeHeader } from '../../../../electron/common/contract';
import { indexToWorld } from './slice-geometry';
import { worldToIndex } from './volume-input';

type Grid = Pick<VolumeHeader, 'dims' | 'spacing' | 'origin' | 'direction'>;

/**
 * The point of the volume nearest a clicked world point (LPS mm), axis by axis in voxel
 * space: each continuous index is clamped to the centres of the edge voxels (0..n−1). A
 * click beside the image puts the crosshair on the image's edge, never outside the volume
 * where no view could show it and every readout would say "outside". A point inside is
 * returned unchanged.
 */
export function clampToVolume(point: readonly number[], grid: Grid): [number, number, number] {
  const ijk = worldToIndex(point, grid);
  let moved = false;
  for (let a = 0; a < 3; a++) {
    const hi = Math.max(0, grid.dims[a]! - 1);
    const c = Math.min(hi, Math.max(0, ijk[a]!));
    if (c !== ijk[a]) moved = true;
    ijk[a] = c;
  }
  return moved ? indexToWorld(ijk, grid) : [point[0]!, point[1]!, point[2]!];
}
