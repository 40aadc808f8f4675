/**
 * Fill between slices (Slicer's "Fill between slices", Cornerstone's and ITK's contour
 * interpolation): a reader draws a label on a few slices of one view and the slices skipped
 * between two drawn ones are filled.
 *
 * Method: shape-based interpolation (Raya & Udupa 1990; Herman et al. 1992). Each drawn slice
 * becomes a signed distance map in mm, d_out − d_in (distance to the label minus distance to
 * the rest, exact 2D EDT with the pixel spacing, distance-transform.ts). For a skipped slice at
 * fraction t between drawn slices a and b the map is (1 − t)·D_a + t·D_b, and the label is
 * where that is ≤ 0. A disk of radius 5 mm and one of 10 mm twenty slices apart give disks whose
 * radius grows linearly; a shape that moves slides across.
 *
 * Where it departs from ITK's morphological contour interpolation (the filter behind
 * Slicer's effect, itk::MorphologicalContourInterpolator): ITK morphs by repeated dilations
 * between matched regions, pairing each connected region on one slice with the regions it
 * overlaps on the other, and can align regions that do not overlap. Here there is no pairing:
 * one map per slice, blended as a whole. So (1) two regions that merge into one (a topology
 * change) blend into a shape that joins them partway, where ITK grows the pair separately
 * until they meet; (2) a region with no overlapping partner (a shape that jumps sideways by
 * more than its size, or appears only on one slice) thins out and can vanish at mid-way rather
 * than being carried across; (3) holes blend like any other boundary. For one nodule or the
 * lung drawn every few slices the two agree within about a voxel.
 *
 * Only slices strictly between two drawn slices are filled, never beyond the first or last; a
 * drawn slice is any slice holding the label, and two drawn slices next to each other have
 * nothing between them. Other labels are not its business: the edit buffer keeps locked ones.
 */
import { squaredDistanceTo } from './distance-transform';
import { emptyEdit, labelBox, padBox } from './label-box';
import type { LabelGrid, SliceAxis, VoxelEdit } from './voxel-edit';

export interface FillBetweenOptions {
  /** The view the label was drawn in; slices are across this axis. Default 'axial'. */
  readonly axis?: SliceAxis;
}

/** Grid axes (0 = x, 1 = y, 2 = z) as [in-plane u, in-plane v, through-plane w]. */
type GridAxis = 0 | 1 | 2;
const AXES: Record<SliceAxis, readonly [GridAxis, GridAxis, GridAxis]> = {
  axial: [0, 1, 2],
  coronal: [0, 2, 1],
  sagittal: [1, 2, 0],
};

/** Adds `label` on every slice strictly between two slices that hold it, by shape-based interpolation. */
export function fillBetweenSlices(grid: LabelGrid, label: number, options: FillBetweenOptions = {}): VoxelEdit {
  const axis = options.axis ?? 'axial';
  const axes = AXES[axis];
  if (!axes) throw new RangeError(`fill between slices: unknown axis ${String(axis)}`);
  const tight = labelBox(grid, label);
  if (!tight) return emptyEdit(label);
  const [u, v, w] = axes;
  // One pixel of padding in-plane: a ring of background so inside distances are measured.
  const pad: [number, number, number] = [1, 1, 1];
  pad[w] = 0;
  const box = padBox(tight, pad, grid.dims);
  const strides: readonly [number, number, number] = [1, grid.dims[0], grid.dims[0] * grid.dims[1]];
  const nu = box.hi[u] - box.lo[u];
  const nv = box.hi[v] - box.lo[v];
  const su = strides[u];
  const sv = strides[v];
  const sw = strides[w];
  const origin = box.lo[0] * strides[0] + box.lo[1] * strides[1] + box.lo[2] * strides[2];
  const labels = grid.labels;
  const planeSpacing: [number, number, number] = [grid.spacing[u], grid.spacing[v], 1];
  const plane = nu * nv;

  const sliceMask = (k: number): Uint8Array => {
    const m = new Uint8Array(plane);
    const base = origin + (k - box.lo[w]) * sw;
    for (let j = 0, o = 0; j < nv; ++j) {
      for (let i = 0, at = base + j * sv; i < nu; ++i, ++o, at += su) m[o] = labels[at] === label ? 1 : 0;
    }
    return m;
  };
  const drawn: number[] = [];
  for (let k = box.lo[w]; k < box.hi[w]; ++k) if (sliceMask(k).includes(1)) drawn.push(k);

  const signedDistance = (m: Uint8Array): Float64Array => {
    const toLabel = new Float64Array(plane);
    const toRest = new Float64Array(plane);
    squaredDistanceTo(m, 1, [nu, nv, 1], planeSpacing, toLabel);
    squaredDistanceTo(m, 0, [nu, nv, 1], planeSpacing, toRest);
    for (let p = 0; p < plane; ++p) toLabel[p] = Math.sqrt(toLabel[p]!) - Math.sqrt(toRest[p]!);
    return toLabel;
  };

  const added: number[] = [];
  let prevK = -1;
  let prevMap: Float64Array | null = null; // the last drawn slice's map, when already computed
  for (const k of drawn) {
    const gap = k - prevK;
    if (prevK >= 0 && gap > 1) {
      const a = prevMap ?? signedDistance(sliceMask(prevK));
      const b = signedDistance(sliceMask(k));
      for (let s = prevK + 1; s < k; ++s) {
        const t = (s - prevK) / gap;
        const base = origin + (s - box.lo[w]) * sw;
        for (let j = 0, o = 0; j < nv; ++j) {
          for (let i = 0, at = base + j * sv; i < nu; ++i, ++o, at += su) {
            if ((1 - t) * a[o]! + t * b[o]! <= 0 && labels[at] !== label) added.push(at);
          }
        }
      }
      prevMap = b;
    } else prevMap = null;
    prevK = k;
  }
  const add = Uint32Array.from(added);
  add.sort();
  return { label, add, remove: new Uint32Array(0) };
}
