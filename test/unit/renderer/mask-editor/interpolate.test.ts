import { describe, expect, it } from 'vitest';
import { fillBetweenSlices } from '../../../../renderer/features/mask-editor/model/interpolate';
import type { LabelGrid, SliceAxis } from '../../../../renderer/features/mask-editor/model/voxel-edit';
import { applyEdit, emptyGrid, expectWellFormed } from '../../../helpers/label-grids';

type Plane = (i: number, j: number) => boolean;

/** Paints `inside` on slice k across `axis` (i, j = the view's in-plane x-like and y-like axes). */
function paintSlice(g: LabelGrid, axis: SliceAxis, k: number, label: number, inside: Plane): void {
  const [nx, ny, nz] = g.dims;
  const labels = g.labels as Uint8Array;
  const set = (x: number, y: number, z: number): void => void (labels[x + nx * (y + ny * z)] = label);
  if (axis === 'axial') for (let y = 0; y < ny; ++y) for (let x = 0; x < nx; ++x) inside(x, y) && set(x, y, k);
  if (axis === 'coronal') for (let z = 0; z < nz; ++z) for (let x = 0; x < nx; ++x) inside(x, z) && set(x, k, z);
  if (axis === 'sagittal') for (let z = 0; z < nz; ++z) for (let y = 0; y < ny; ++y) inside(y, z) && set(k, y, z);
}

function sliceArea(labels: Uint8Array, g: LabelGrid, axis: SliceAxis, k: number, label: number): { area: number; ci: number; cj: number; pixels: [number, number][] } {
  const [nx, ny, nz] = g.dims;
  const pixels: [number, number][] = [];
  const dims = axis === 'axial' ? [nx, ny] : axis === 'coronal' ? [nx, nz] : [ny, nz];
  for (let j = 0; j < dims[1]!; ++j)
    for (let i = 0; i < dims[0]!; ++i) {
      const [x, y, z] = axis === 'axial' ? [i, j, k] : axis === 'coronal' ? [i, k, j] : [k, i, j];
      if (labels[x + nx * (y + ny * z)] === label) pixels.push([i, j]);
    }
  const ci = pixels.reduce((s, p) => s + p[0], 0) / pixels.length;
  const cj = pixels.reduce((s, p) => s + p[1], 0) / pixels.length;
  return { area: pixels.length, ci, cj, pixels };
}

const disk =
  (cx: number, cy: number, r: number): Plane =>
  (i, j) =>
    (i - cx) ** 2 + (j - cy) ** 2 <= r * r;

describe('fillBetweenSlices', () => {
  for (const axis of ['axial', 'coronal', 'sagittal'] as const) {
    it(`fills a disk of radius 5 on slice 0 and 10 on slice 20 with disks of linearly growing radius (${axis})`, () => {
      const g = emptyGrid([32, 32, 32]);
      paintSlice(g, axis, 0, 1, disk(15, 15, 5));
      paintSlice(g, axis, 20, 1, disk(15, 15, 10));
      const edit = fillBetweenSlices(g, 1, { axis });
      expectWellFormed(edit, g);
      expect(edit.remove.length).toBe(0);
      const out = applyEdit(g, edit);
      for (let k = 1; k < 20; ++k) {
        const r = 5 + (5 * k) / 20;
        const { pixels, ci, cj } = sliceArea(out, g, axis, k, 1);
        // Within a voxel: everything inside r − 1 is filled, nothing beyond r + 1 is.
        for (const [i, j] of pixels) expect(Math.hypot(i - 15, j - 15)).toBeLessThanOrEqual(r + 1);
        const inner = pixels.length;
        let mustHave = 0;
        for (let j = 0; j < 32; ++j) for (let i = 0; i < 32; ++i) if (Math.hypot(i - 15, j - 15) <= r - 1) ++mustHave;
        expect(inner).toBeGreaterThanOrEqual(mustHave);
        expect(Math.abs(ci - 15)).toBeLessThan(0.01);
        expect(Math.abs(cj - 15)).toBeLessThan(0.01);
      }
      expect(sliceArea(out, g, axis, 21, 1).area).toBe(0);
    });
  }

  it('slides a 12×12 square that moves 8 pixels over 12 slices: centre monotone and within 0.75 px of the straight path, area ≥ 75 %', () => {
    const g = emptyGrid([40, 24, 16]);
    const square = (x0: number): Plane => (i, j) => i >= x0 && i < x0 + 12 && j >= 6 && j < 18;
    paintSlice(g, 'axial', 2, 1, square(6));
    paintSlice(g, 'axial', 14, 1, square(14));
    const out = applyEdit(g, fillBetweenSlices(g, 1));
    let last = 11.5;
    for (let k = 3; k < 14; ++k) {
      const { area, ci } = sliceArea(out, g, 'axial', k, 1);
      expect(ci).toBeGreaterThanOrEqual(last);
      expect(Math.abs(ci - (11.5 + (8 * (k - 2)) / 12))).toBeLessThanOrEqual(0.75);
      expect(area).toBeGreaterThanOrEqual(0.75 * 144);
      expect(area).toBeLessThanOrEqual(144);
      last = ci;
    }
  });

  it('lets a shape that jumps farther than its own size vanish mid-way (the stated departure from ITK, which pairs regions)', () => {
    const g = emptyGrid([48, 24, 16]);
    const square = (x0: number): Plane => (i, j) => i >= x0 && i < x0 + 8 && j >= 6 && j < 18;
    paintSlice(g, 'axial', 2, 1, square(6));
    paintSlice(g, 'axial', 14, 1, square(18));
    const out = applyEdit(g, fillBetweenSlices(g, 1));
    expect(sliceArea(out, g, 'axial', 8, 1).area).toBe(0);
    expect(sliceArea(out, g, 'axial', 3, 1).area).toBeGreaterThan(0);
  });

  it('uses the pixel spacing: an ellipse in voxels that is a circle in mm stays a circle', () => {
    const g = emptyGrid([40, 20, 11], [0.5, 1, 2]);
    paintSlice(g, 'axial', 0, 1, (i, j) => ((i - 20) * 0.5) ** 2 + ((j - 10) * 1) ** 2 <= 16);
    paintSlice(g, 'axial', 10, 1, (i, j) => ((i - 20) * 0.5) ** 2 + ((j - 10) * 1) ** 2 <= 36);
    const out = applyEdit(g, fillBetweenSlices(g, 1));
    const { pixels } = sliceArea(out, g, 'axial', 5, 1);
    for (const [i, j] of pixels) expect(Math.hypot((i - 20) * 0.5, j - 10)).toBeLessThanOrEqual(5 + 1);
    expect(pixels.some(([i, j]) => Math.hypot((i - 20) * 0.5, j - 10) > 4.5)).toBe(true);
  });

  it('fills every gap between drawn slices, never beyond the first or last, and skips neighbouring slices', () => {
    const g = emptyGrid([12, 12, 14]);
    for (const k of [2, 3, 7, 11]) paintSlice(g, 'axial', k, 1, disk(6, 6, 3));
    const out = applyEdit(g, fillBetweenSlices(g, 1));
    const areas = Array.from({ length: 14 }, (_, k) => sliceArea(out, g, 'axial', k, 1).area);
    const drawn = areas[2]!;
    expect(areas).toEqual([0, 0, drawn, drawn, drawn, drawn, drawn, drawn, drawn, drawn, drawn, drawn, 0, 0]);
  });

  it('answers nothing for a label on one slice or absent, leaves other labels to the edit buffer, never writes the grid', () => {
    const g = emptyGrid([10, 10, 6]);
    paintSlice(g, 'axial', 1, 1, disk(5, 5, 3));
    expect(fillBetweenSlices(g, 1).add.length).toBe(0);
    expect(fillBetweenSlices(g, 2).add.length).toBe(0);
    paintSlice(g, 'axial', 5, 1, disk(5, 5, 3));
    paintSlice(g, 'axial', 3, 2, disk(5, 5, 1));
    const before = g.labels.slice();
    const edit = fillBetweenSlices(g, 1);
    expect(g.labels).toEqual(before);
    expect(edit.add).toContain(5 + 10 * (5 + 10 * 3)); // over label 2: the buffer decides
  });
});
