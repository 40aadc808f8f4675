/**
 * Smoothing of one label (Slicer's "Smoothing" effect, its morphological kinds): an opening
 * then a closing with a ball of radius `radiusMm` in mm. The opening removes specks and
 * protrusions thinner than the ball; the closing then fills notches, gaps and holes narrower
 * than it. Chosen over a majority (median) filter because its effect has a size a reader can
 * name ("nothing thinner than 2 mm survives") and it never moves a straight edge.
 *
 * The ball is the set of voxel offsets (i, j, k) with (i·sx)² + (j·sy)² + (k·sz)² ≤ r²: a
 * ball in mm, an ellipsoid in voxels on an anisotropic scan. Erosion and dilation by it are
 * thresholds of the exact Euclidean distance transform (distance-transform.ts): dilation keeps
 * voxels within r of the label, erosion keeps label voxels farther than r from the rest. So
 * each equals `scipy.ndimage.binary_dilation` / `binary_erosion` with that ball as
 * `structure`, ties included for spacings that are short binary fractions.
 *
 * Border (where it departs from scipy's defaults): the outside of the grid does not count as
 * background when eroding (scipy's `border_value=1`) and not as label when dilating
 * (`border_value=0`), so a lung touching the edge of the scan is not eaten at the edge. With
 * scipy's default `border_value=0`, `binary_opening` and `binary_closing` erode everything within
 * r of the grid's edge; for a label away from the edge (farther than 2r) the two agree, and
 * near it this equals scipy's erosion and dilation composed with the border values above.
 * Other labels are not this kernel's business: the edit buffer keeps locked ones.
 */
import { squaredDistanceTo } from './distance-transform';
import { boxDims, boxMask, editFromBoxMask, emptyEdit, labelBox, padBox, voxelReach } from './label-box';
import type { LabelGrid, VoxelEdit } from './voxel-edit';

/** Which morphological pass(es) to run; smoothing is 'open-close'. */
export type SmoothingKind = 'open-close' | 'open' | 'close';

export interface SmoothOptions {
  /** Default 'open-close'. */
  readonly kind?: SmoothingKind;
}

/** Smooths `label` by opening then closing with a ball of `radiusMm` (or only one of the two). */
export function smoothLabel(grid: LabelGrid, label: number, radiusMm: number, options: SmoothOptions = {}): VoxelEdit {
  if (!(Number.isFinite(radiusMm) && radiusMm >= 0)) throw new RangeError(`smoothing radius must be a finite number of mm ≥ 0, got ${radiusMm}`);
  const kind = options.kind ?? 'open-close';
  if (kind !== 'open-close' && kind !== 'open' && kind !== 'close') throw new RangeError(`unknown smoothing kind ${String(kind)}`);
  const tight = labelBox(grid, label);
  if (!tight || radiusMm === 0) return emptyEdit(label);
  // The closing's dilation reaches `reach` past the label; one more voxel keeps a ring of
  // background around it for the erosion to measure against.
  const reach = voxelReach(radiusMm, grid.spacing);
  const box = padBox(tight, [reach[0] + 1, reach[1] + 1, reach[2] + 1], grid.dims);
  const dims = boxDims(box);
  const mask = boxMask(grid, label, box);
  const dist = new Float32Array(mask.length);
  const limitSq = radiusMm * radiusMm;
  const erode = (): void => {
    squaredDistanceTo(mask, 0, dims, grid.spacing, dist, limitSq);
    for (let i = 0; i < mask.length; ++i) if (dist[i]! <= limitSq) mask[i] = 0;
  };
  const dilate = (): void => {
    squaredDistanceTo(mask, 1, dims, grid.spacing, dist, limitSq);
    for (let i = 0; i < mask.length; ++i) mask[i] = dist[i]! <= limitSq ? 1 : 0;
  };
  if (kind !== 'close') {
    erode();
    dilate();
  }
  if (kind !== 'open') {
    dilate();
    erode();
  }
  return editFromBoxMask(grid, label, box, mask);
}
