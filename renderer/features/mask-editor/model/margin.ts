/**
 * Grow and shrink one label by a margin in mm (Slicer's "Margin" effect). The margin is a
 * ball in mm, not in voxels: on a scan with 0.7 mm pixels and 2.5 mm slices a 5 mm margin
 * reaches 7 pixels in-plane and 2 slices through. Both go through the exact Euclidean distance
 * transform (distance-transform.ts) on the label's bounding box padded by the margin, which
 * holds every voxel the answer can touch:
 *
 * - grow adds every voxel within `marginMm` of the label: it equals
 *   `scipy.ndimage.distance_transform_edt(~mask, sampling=spacing) <= margin`;
 * - shrink removes every label voxel within `marginMm` of a voxel that is not the label: the
 *   label that stays equals `distance_transform_edt(mask, sampling=spacing) > margin`.
 *
 * Where they depart from scipy: as in scipy, the outside of the grid is not background, so a
 * label that touches the edge of the scan does not shrink away from it. Distances exactly
 * equal to the margin count as within it; with spacings that are short binary fractions the
 * comparison is exact (see distance-transform.ts), with others a tie may fall either way by
 * one rounding, as it does between two float64 programs summing in a different order.
 * Other labels are not this kernel's business: grow asks to add voxels of other labels too,
 * and the edit buffer keeps locked labels.
 */
import { squaredDistanceTo } from './distance-transform';
import { boxDims, boxMask, editFromBoxMask, emptyEdit, labelBox, padBox, voxelReach } from './label-box';
import type { LabelGrid, VoxelEdit } from './voxel-edit';

function checkMargin(marginMm: number): void {
  if (!(Number.isFinite(marginMm) && marginMm >= 0)) throw new RangeError(`margin must be a finite number of mm ≥ 0, got ${marginMm}`);
}

/** Adds to `label` every voxel within `marginMm` (Euclidean, in mm) of a voxel of `label`. */
export function growLabel(grid: LabelGrid, label: number, marginMm: number): VoxelEdit {
  checkMargin(marginMm);
  const tight = labelBox(grid, label);
  if (!tight || marginMm === 0) return emptyEdit(label);
  const box = padBox(tight, voxelReach(marginMm, grid.spacing), grid.dims);
  const dims = boxDims(box);
  const mask = boxMask(grid, label, box);
  const limitSq = marginMm * marginMm;
  const dist = new Float32Array(mask.length);
  squaredDistanceTo(mask, 1, dims, grid.spacing, dist, limitSq);
  for (let i = 0; i < mask.length; ++i) mask[i] = dist[i]! <= limitSq ? 1 : 0;
  return editFromBoxMask(grid, label, box, mask);
}

/** Removes from `label` every voxel within `marginMm` (Euclidean, in mm) of a voxel that is not `label`. */
export function shrinkLabel(grid: LabelGrid, label: number, marginMm: number): VoxelEdit {
  checkMargin(marginMm);
  const tight = labelBox(grid, label);
  if (!tight || marginMm === 0) return emptyEdit(label);
  // One voxel of padding is enough: it brings in a ring of background around the label, and
  // any background farther out is farther than the ring voxel on its way in.
  const box = padBox(tight, [1, 1, 1], grid.dims);
  const dims = boxDims(box);
  const mask = boxMask(grid, label, box);
  const limitSq = marginMm * marginMm;
  const dist = new Float32Array(mask.length);
  squaredDistanceTo(mask, 0, dims, grid.spacing, dist, limitSq);
  for (let i = 0; i < mask.length; ++i) if (dist[i]! <= limitSq) mask[i] = 0;
  return editFromBoxMask(grid, label, box, mask);
}
