// growLabel / shrinkLabel (renderer mask editor) against scipy.ndimage.distance_transform_edt
// with sampling=spacing, on seeded random blobs, with spacings whose squares are exact so that
// distances equal to the margin (ties) must land on the same side as in scipy.
import { describe, expect, it } from 'vitest';
import { growLabel, shrinkLabel } from '../../renderer/features/mask-editor/model/margin';
import type { LabelGrid } from '../../renderer/features/mask-editor/model/voxel-edit';
import { applyEdit, emptyGrid, maskOf, mismatches, paintBlobs } from '../helpers/label-grids';
import { ndimageMissing, runNdimage } from '../helpers/ndimage-oracle';

const missing = ndimageMissing();
if (missing) console.warn(`[conformance] ${missing}: mask margin conformance skipped`);

interface Case {
  name: string;
  dims: [number, number, number];
  spacing: [number, number, number];
  margins: number[];
  seed: number;
}

const CASES: Case[] = [
  { name: 'isotropic 1 mm, ties at 1, √2-ish and 3', dims: [40, 36, 30], spacing: [1, 1, 1], margins: [1, 1.5, 3], seed: 1 },
  { name: 'CT-like 0.703125 × 0.703125 × 2.5 mm', dims: [48, 44, 20], spacing: [0.703125, 0.703125, 2.5], margins: [1.40625, 2.5, 5], seed: 2 },
  { name: 'anisotropic 0.75 × 0.5 × 1.25 mm, blobs touching the grid edge', dims: [30, 40, 24], spacing: [0.75, 0.5, 1.25], margins: [1.25, 2.25, 3.75], seed: 3 },
];

function gridOf(c: Case): LabelGrid {
  const g = emptyGrid(c.dims, c.spacing);
  paintBlobs(g, 1, c.seed, 10, 7, 20);
  paintBlobs(g, 2, c.seed + 100, 4, 4); // another label: background for scipy, overwritten by grow
  return g;
}

describe.skipIf(missing !== null)('mask margin conformance (scipy.ndimage.distance_transform_edt)', () => {
  for (const c of CASES) {
    it(`grow and shrink equal scipy's thresholded EDT: ${c.name}`, () => {
      const g = gridOf(c);
      const mask = maskOf(g.labels as Uint8Array, 1);
      const body = c.margins
        .map(
          (m, k) => `out['grow${k}'] = (ndi.distance_transform_edt(mask == 0, sampling=${JSON.stringify([...c.spacing].reverse())}) <= ${m}).astype(np.uint8)
out['keep${k}'] = (ndi.distance_transform_edt(mask, sampling=${JSON.stringify([...c.spacing].reverse())}) > ${m}).astype(np.uint8)`,
        )
        .join('\n');
      const expected = runNdimage(body, { mask: { data: mask, dims: c.dims } });
      c.margins.forEach((m, k) => {
        const grown = maskOf(applyEdit(g, growLabel(g, 1, m)), 1);
        const kept = maskOf(applyEdit(g, shrinkLabel(g, 1, m)), 1);
        expect(mismatches(grown, mask).count, 'grow changes something').toBeGreaterThan(0);
        expect(mismatches(kept, mask).count, 'shrink changes something').toBeGreaterThan(0);
        expect(mismatches(grown, expected[`grow${k}`]!), `grow ${m} mm`).toEqual({ count: 0, first: [] });
        expect(mismatches(kept, expected[`keep${k}`]!), `shrink ${m} mm`).toEqual({ count: 0, first: [] });
      });
    });
  }
});
