import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, type VolumeGeometry } from '../../../../../electron/common/geometry';
import {
  drawPolygonBoundary,
  fillPolygonInterior,
  locateSlice,
  pointInPolygon,
  rasterizeRois,
} from '../../../../../electron/core/annotations/lidc/contour-mask';
import type { LidcPoint, LidcRoi } from '../../../../../electron/core/annotations/lidc/parse-lidc-xml';
import { maskHas } from '../../../../../electron/core/annotations/lidc/sparse-mask';

/** 20×20×5 grid, 0.5 mm pixels, 2 mm slices, slice k at z = -10 + 2k. */
const geom: VolumeGeometry = { dims: [20, 20, 5], spacing: [0.5, 0.5, 2], origin: [-5, -5, -10], direction: [...IDENTITY_DIRECTION] };
const roi = (z: number, edgeMap: LidcPoint[], inclusion = true, imageSop = ''): LidcRoi => ({ imageZposition: z, imageSop, inclusion, edgeMap });
/** Every pixel on the outline of the box x0..x1 × y0..y1, clockwise, as LIDC lists edge maps. */
function boxOutline(x0: number, y0: number, x1: number, y1: number): LidcPoint[] {
  const p: LidcPoint[] = [];
  for (let x = x0; x < x1; x++) p.push([x, y0]);
  for (let y = y0; y < y1; y++) p.push([x1, y]);
  for (let x = x1; x > x0; x--) p.push([x, y1]);
  for (let y = y1; y > y0; y--) p.push([x0, y]);
  return p;
}
/** The w×h raster drawn as rows of '#' and '.'. */
const picture = (a: Uint8Array, w: number): string[] => {
  const rows: string[] = [];
  for (let r = 0; r * w < a.length; r++) rows.push([...a.subarray(r * w, r * w + w)].map((v) => (v ? '#' : '.')).join(''));
  return rows;
};

describe('pointInPolygon', () => {
  // A U shape: the notch x in (3, 6), y in (0, 5) is outside.
  const U: LidcPoint[] = [[0, 0], [3, 0], [3, 5], [6, 5], [6, 0], [9, 0], [9, 8], [0, 8]];
  it('says inside for the arms and the base of a concave U, outside in its notch', () => {
    expect(pointInPolygon(1.5, 2, U)).toBe(true);
    expect(pointInPolygon(7.5, 2, U)).toBe(true);
    expect(pointInPolygon(4.5, 6.5, U)).toBe(true);
    expect(pointInPolygon(4.5, 2, U)).toBe(false);
    expect(pointInPolygon(10, 2, U)).toBe(false);
  });
  it('uses the even-odd rule: the core of a self-overlapping pentagram is outside', () => {
    const star: LidcPoint[] = [[5, 0], [8, 9], [0, 3], [10, 3], [2, 9]];
    expect(pointInPolygon(5, 4.5, star)).toBe(false);
    expect(pointInPolygon(5, 1.5, star)).toBe(true);
  });
  it('the scanline fill sets exactly the pixel centres pointInPolygon accepts (concave U)', () => {
    const w = 12;
    const h = 10;
    const a = new Uint8Array(w * h);
    fillPolygonInterior(U, a, 0, 0, w, h, 1);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect([x, y, a[x + w * y]]).toEqual([x, y, pointInPolygon(x, y, U) ? 1 : 0]);
  });
});

describe('drawn polygon rasters', () => {
  it('a 5×5 square contour fills to 25 pixels, its boundary pixels included', () => {
    const a = new Uint8Array(8 * 8);
    fillPolygonInterior([[2, 2], [6, 2], [6, 6], [2, 6]], a, 0, 0, 8, 8, 1);
    drawPolygonBoundary([[2, 2], [6, 2], [6, 6], [2, 6]], a, 0, 0, 8, 8, 1);
    expect(picture(a, 8)).toEqual([
      '........',
      '........',
      '..#####.',
      '..#####.',
      '..#####.',
      '..#####.',
      '..#####.',
      '........',
    ]);
  });
  it('Bresenham joins the last point to the first and draws diagonals without gaps', () => {
    const a = new Uint8Array(6 * 6);
    drawPolygonBoundary([[0, 0], [4, 4], [0, 4]], a, 0, 0, 6, 6, 1);
    expect(picture(a, 6)).toEqual(['#.....', '##....', '#.#...', '#..#..', '#####.', '......']);
  });
});

describe('rasterizeRois', () => {
  it('a square edge map (every boundary pixel listed, as LIDC does) gives 25 voxels of 0.5 mm³ centred on the square', () => {
    const r = rasterizeRois([roi(-6, boxOutline(2, 2, 6, 6))], { geometry: geom });
    expect(r.voxelCount).toBe(25);
    expect(r.volumeMm3).toBeCloseTo(25 * 0.5, 10);
    expect(r.mask!.bbox).toEqual({ x0: 2, y0: 2, z0: 2, x1: 6, y1: 6, z1: 2 });
    expect(r.centroidVoxel).toEqual([4, 4, 2]);
    expect(r.centroidWorld).toEqual([-3, -3, -6]);
    expect(r.equivalentDiameterMm).toBeCloseTo(Math.cbrt((6 * 12.5) / Math.PI), 10);
    expect(r.warnings).toEqual([]);
  });
  it('an inclusion=FALSE roi on the same slice cuts its inner pixels out, keeping its boundary pixels', () => {
    const r = rasterizeRois([roi(-10, boxOutline(0, 0, 10, 10)), roi(-10, boxOutline(3, 3, 7, 7), false)], { geometry: geom });
    // 11×11 = 121, minus the 3×3 inside the hole's outline.
    expect(r.voxelCount).toBe(121 - 9);
    expect(maskHas(r.mask!, 5, 5, 0)).toBe(false);
    expect(maskHas(r.mask!, 3, 3, 0)).toBe(true);
    expect(maskHas(r.mask!, 4, 4, 0)).toBe(false);
  });
  it('a hole on another slice does not touch this slice', () => {
    const r = rasterizeRois([roi(-10, boxOutline(0, 0, 10, 10)), roi(-8, boxOutline(3, 3, 7, 7), false)], { geometry: geom });
    expect(r.voxelCount).toBe(121);
    expect(r.warnings[0]).toMatch(/slice 1 has only exclusion contours/);
  });
  it('stacks rois of several slices and unions two inclusion rois on one slice', () => {
    const r = rasterizeRois([roi(-10, boxOutline(0, 0, 2, 2)), roi(-10, boxOutline(5, 5, 6, 6)), roi(-6, boxOutline(0, 0, 1, 1))], { geometry: geom });
    expect(r.voxelCount).toBe(9 + 4 + 4);
    expect(r.mask!.bbox).toEqual({ x0: 0, y0: 0, z0: 0, x1: 6, y1: 6, z1: 2 });
  });
  it('skips, with a warning and no exception, a contour whose z matches no slice', () => {
    const r = rasterizeRois([roi(-13, boxOutline(2, 2, 6, 6)), roi(100, boxOutline(2, 2, 6, 6))], { geometry: geom }, 'reader A nodule 1');
    expect(r.voxelCount).toBe(0);
    expect(r.mask).toBeUndefined();
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[1]).toMatch(/^reader A nodule 1: roi 1 skipped: imageZposition 100 mm lies outside the scan/);
    const withPositions = rasterizeRois([roi(-7, boxOutline(2, 2, 6, 6))], { geometry: geom, slicePositionsZ: [-10, -8, -6, -4, -2] });
    // -7 is exactly half-way: within half a slice spacing of -8 (nearest first), so it is kept.
    expect(withPositions.voxelCount).toBe(25);
    const far = rasterizeRois([roi(-20, boxOutline(2, 2, 6, 6))], { geometry: geom, slicePositionsZ: [-10, -8, -6, -4, -2] });
    expect(far.mask).toBeUndefined();
    expect(far.warnings[0]).toMatch(/more than half a slice spacing/);
  });
  it('skips a roi whose points leave the image instead of drawing outside the grid', () => {
    const r = rasterizeRois([roi(-10, [[0, 0], [50, 0], [50, 5]])], { geometry: geom });
    expect(r.mask).toBeUndefined();
    expect(r.warnings[0]).toMatch(/outside the 20×20 image/);
  });
});

describe('locateSlice', () => {
  it('prefers the SOPInstanceUID map over imageZposition', () => {
    const sopToSlice = new Map([['sop-3', 3]]);
    expect(locateSlice(roi(-10, [[1, 1]], true, 'sop-3'), { geometry: geom, sopToSlice })).toEqual({ k: 3 });
    expect(locateSlice(roi(-10, [[1, 1]], true, 'unknown'), { geometry: geom, sopToSlice })).toEqual({ k: 0 });
  });
  it('solves k through the direction matrix when slices run towards -z (flipped axis)', () => {
    const flipped: VolumeGeometry = { ...geom, origin: [-5, -5, -2], direction: [1, 0, 0, 0, 1, 0, 0, 0, -1] };
    expect(locateSlice(roi(-10, [[1, 1]]), { geometry: flipped })).toEqual({ k: 4 });
    expect(locateSlice(roi(-4, [[1, 1]]), { geometry: flipped })).toEqual({ k: 1 });
  });
  it('reports a geometry whose slice axis has no z component (sagittal) instead of guessing', () => {
    const sagittal: VolumeGeometry = { ...geom, direction: [0, 0, 1, 1, 0, 0, 0, 1, 0] };
    expect(locateSlice(roi(-10, [[1, 1]]), { geometry: sagittal })).toEqual({ reason: expect.stringMatching(/no z component/) });
  });
});
