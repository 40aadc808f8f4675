// smoothLabel (renderer mask editor) against scipy.ndimage binary morphology with the same
// ball (offsets with (i·sx)² + (j·sy)² + (k·sz)² ≤ r², built in numpy): away from the grid
// edge it equals binary_closing(binary_opening(mask, ball), ball) with scipy's defaults; at
// the edge it equals erosion with border_value=1 and dilation with border_value=0, composed.
import { describe, expect, it } from 'vitest';
import { smoothLabel, type SmoothingKind } from '../../renderer/features/mask-editor/model/smooth';
import type { LabelGrid } from '../../renderer/features/mask-editor/model/voxel-edit';
import { applyEdit, emptyGrid, maskOf, mismatches, paintBlobs } from '../helpers/label-grids';
import { ndimageMissing, runNdimage } from '../helpers/ndimage-oracle';

const missing = ndimageMissing();
if (missing) console.warn(`[conformance] ${missing}: mask smoothing conformance skipped`);

function ballPython(spacing: readonly [number, number, number], r: number): string {
  const [sx, sy, sz] = spacing;
  return `r = ${r}
sz, sy, sx = ${sz}, ${sy}, ${sx}
hz, hy, hx = int(np.ceil(r / sz)), int(np.ceil(r / sy)), int(np.ceil(r / sx))
k, j, i = np.mgrid[-hz:hz + 1, -hy:hy + 1, -hx:hx + 1]
ball = (i * sx) ** 2 + (j * sy) ** 2 + (k * sz) ** 2 <= r * r`;
}

function blobGrid(seed: number, margin: number, spacing: [number, number, number]): LabelGrid {
  const g = emptyGrid([44, 40, 30], spacing);
  paintBlobs(g, 1, seed, 12, 7, 60);
  paintBlobs(g, 0, seed + 1, 0, 2, 3000); // pinholes for the closing to fill
  if (margin > 0) {
    // Keep the label `margin` voxels away from every edge, so scipy's border does not matter.
    const [nx, ny, nz] = g.dims;
    const L = g.labels as Uint8Array;
    for (let z = 0; z < nz; ++z)
      for (let y = 0; y < ny; ++y)
        for (let x = 0; x < nx; ++x)
          if (x < margin || y < margin || z < margin || x >= nx - margin || y >= ny - margin || z >= nz - margin) L[x + nx * (y + ny * z)] = 0;
  }
  return g;
}

describe.skipIf(missing !== null)('mask smoothing conformance (scipy.ndimage binary_opening / binary_closing)', () => {
  const spacing: [number, number, number] = [0.75, 0.75, 1.25];
  for (const r of [1.25, 2.25]) {
    it(`open-close, open and close with a ${r} mm ball equal scipy's defaults on a label away from the edge`, () => {
      const g = blobGrid(31, 8, spacing);
      const mask = maskOf(g.labels as Uint8Array, 1);
      const expected = runNdimage(
        `${ballPython(spacing, r)}
m = mask.astype(bool)
out['open'] = ndi.binary_opening(m, ball).astype(np.uint8)
out['close'] = ndi.binary_closing(m, ball).astype(np.uint8)
out['open-close'] = ndi.binary_closing(ndi.binary_opening(m, ball), ball).astype(np.uint8)`,
        { mask: { data: mask, dims: g.dims } },
      );
      for (const kind of ['open', 'close', 'open-close'] as SmoothingKind[]) {
        const out = maskOf(applyEdit(g, smoothLabel(g, 1, r, { kind })), 1);
        expect(mismatches(out, mask).count, `${kind} changes something`).toBeGreaterThan(0);
        expect(mismatches(out, expected[kind]!), kind).toEqual({ count: 0, first: [] });
      }
    });
  }

  it('at the grid edge equals erosion with border_value=1 and dilation with border_value=0, composed (not scipy’s default, which erodes the edge)', () => {
    const g = blobGrid(32, 0, spacing);
    const mask = maskOf(g.labels as Uint8Array, 1);
    const expected = runNdimage(
      `${ballPython(spacing, 2.25)}
m = mask.astype(bool)
er = lambda a: ndi.binary_erosion(a, ball, border_value=1)
di = lambda a: ndi.binary_dilation(a, ball, border_value=0)
out['ours'] = er(di(di(er(m)))).astype(np.uint8)
out['default'] = ndi.binary_closing(ndi.binary_opening(m, ball), ball).astype(np.uint8)`,
      { mask: { data: mask, dims: g.dims } },
    );
    const out = maskOf(applyEdit(g, smoothLabel(g, 1, 2.25)), 1);
    expect(mismatches(out, expected.ours!)).toEqual({ count: 0, first: [] });
    expect(mismatches(out, expected.default!).count, 'the blobs touch the edge, where scipy’s default differs').toBeGreaterThan(0);
  });
});
