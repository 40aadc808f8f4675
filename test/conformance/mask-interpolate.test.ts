// Fill between slices (renderer mask editor) against the same shape-based interpolation written
// with scipy.ndimage.distance_transform_edt: signed maps edt(outside) − edt(inside) with the
// pixel spacing, blended linearly, label where ≤ 0. skimage/scipy have no interpolation of
// their own to compare with; this checks the 2D EDT with spacing, the blending and the slice
// bookkeeping on every view axis, exactly.
import { describe, expect, it } from 'vitest';
import { fillBetweenSlices } from '../../renderer/features/mask-editor/model/interpolate';
import type { SliceAxis } from '../../renderer/features/mask-editor/model/voxel-edit';
import { applyEdit, emptyGrid, maskOf, mismatches, paintBlobs } from '../helpers/label-grids';
import { ndimageMissing, runNdimage } from '../helpers/ndimage-oracle';

const missing = ndimageMissing();
if (missing) console.warn(`[conformance] ${missing}: fill-between-slices conformance skipped`);

// numpy axis of (z, y, x) arrays across which each view's slices lie.
const NP_AXIS: Record<SliceAxis, number> = { axial: 0, coronal: 1, sagittal: 2 };

const ORACLE = `
axis = AXIS
m = np.moveaxis(mask, axis, 0).astype(bool)
sp = [s for a, s in enumerate(SPACING_ZYX) if a != axis]
drawn = [k for k in range(m.shape[0]) if m[k].any()]
res = m.copy()
def sd(s):
    return ndi.distance_transform_edt(~s, sampling=sp) - ndi.distance_transform_edt(s, sampling=sp)
for a, b in zip(drawn, drawn[1:]):
    if b - a < 2: continue
    da, db = sd(m[a]), sd(m[b])
    for s in range(a + 1, b):
        t = (s - a) / (b - a)
        res[s] |= (1 - t) * da + t * db <= 0
out['filled'] = np.moveaxis(res, 0, axis).astype(np.uint8)
`;

describe.skipIf(missing !== null)('fill between slices conformance (scipy.ndimage EDT, shape-based interpolation)', () => {
  for (const axis of ['axial', 'coronal', 'sagittal'] as const) {
    it(`equals the scipy-written interpolation on blobs kept on a few ${axis} slices`, () => {
      const g = emptyGrid([40, 36, 30], [0.703125, 0.703125, 2.5]);
      paintBlobs(g, 1, 21, 6, 9);
      // Keep the label only on slices 3, 9, 10 and 17 across the view's axis.
      const [nx, ny] = g.dims;
      const labels = g.labels as Uint8Array;
      for (let i = 0; i < labels.length; ++i) {
        const k = axis === 'axial' ? Math.floor(i / (nx * ny)) : axis === 'coronal' ? Math.floor(i / nx) % ny : i % nx;
        if (![3, 9, 10, 17].includes(k)) labels[i] = 0;
      }
      const mask = maskOf(labels, 1);
      const body = ORACLE.replace('AXIS', String(NP_AXIS[axis])).replace('SPACING_ZYX', JSON.stringify([...g.spacing].reverse()));
      const expected = runNdimage(body, { mask: { data: mask, dims: g.dims } }).filled!;
      const edit = fillBetweenSlices(g, 1, { axis });
      expect(edit.add.length).toBeGreaterThan(100);
      expect(mismatches(maskOf(applyEdit(g, edit), 1), expected)).toEqual({ count: 0, first: [] });
    });
  }
});
