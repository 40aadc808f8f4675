import type { MaskLabelStats } from '../../common/contract/mask-edit';
import type { Vec3 } from '../../common/geometry';
import type { LabelDelta } from './mask-runs';

/** Voxels of each label 0..255 in a mask. */
export function labelCounts(grid: Uint8Array): Float64Array {
  const counts = new Float64Array(256);
  for (let i = 0; i < grid.length; i++) counts[grid[i]!]!++;
  return counts;
}

/**
 * Per label 1..255 present now or touched by the change: voxels, volume in mm³ (voxels × the
 * voxel's volume from the scan spacing) and voxels added / removed against the parent.
 */
export function labelStats(counts: Float64Array, delta: LabelDelta, spacing: Vec3): MaskLabelStats[] {
  const voxelMm3 = spacing[0] * spacing[1] * spacing[2];
  const out: MaskLabelStats[] = [];
  for (let l = 1; l < 256; l++) {
    const voxels = counts[l]!;
    const added = delta.added[l]!;
    const removed = delta.removed[l]!;
    if (!voxels && !added && !removed) continue;
    out.push({ label: l, voxels, volumeMm3: voxels * voxelMm3, added, removed });
  }
  return out;
}
