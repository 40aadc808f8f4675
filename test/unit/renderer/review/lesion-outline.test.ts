import { describe, expect, it } from 'vitest';
import { outlineSegments, viewAxis } from '../../../../renderer/features/review/model/lesion-outline';
import { decodeRle } from '../../../../renderer/features/review/model/rle-mask';

describe('lesion outlines on a slice', () => {
  // A 2×2×1 box at (10, 20, 5) with voxels (10,20) and (11,20) set: runs [0s:0, 1s:2, 0s:2].
  const m = decodeRle({ bbox: { x0: 10, y0: 20, z0: 5, x1: 11, y1: 21, z1: 5 }, runs: [0, 2, 2] });

  it('decodes the contract’s run lengths (0s first), cutting runs that overflow the box', () => {
    expect([...m.mask]).toEqual([1, 1, 0, 0]);
    expect([...decodeRle({ bbox: m.bbox, runs: [3, 9] }).mask]).toEqual([0, 0, 0, 1]);
  });

  it('draws the edges between set voxels and the rest, on voxel boundaries (±0.5)', () => {
    const segs = outlineSegments(m, 2, 5);
    // Two voxels side by side: 6 unit edges around a 2 × 1 rectangle.
    expect(segs).toHaveLength(6);
    const xs = segs.flatMap(([a, b]) => [a[0], b[0]]);
    const ys = segs.flatMap(([a, b]) => [a[1], b[1]]);
    expect(Math.min(...xs)).toBe(9.5);
    expect(Math.max(...xs)).toBe(11.5);
    expect(Math.min(...ys)).toBe(19.5);
    expect(Math.max(...ys)).toBe(20.5);
    expect(segs.every(([a, b]) => a[2] === 5 && b[2] === 5)).toBe(true);
  });

  it('draws nothing on a slice the mask does not reach, and cuts coronal and sagittal slices too', () => {
    expect(outlineSegments(m, 2, 6)).toEqual([]);
    expect(outlineSegments(m, 1, 20)).toHaveLength(6);
    expect(outlineSegments(m, 1, 21)).toEqual([]);
    expect(outlineSegments(m, 0, 10)).toHaveLength(4);
  });

  it('finds the voxel axis a view looks along, and none for an oblique view', () => {
    const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    expect(viewAxis([0, 0, -1], identity)).toBe(2);
    expect(viewAxis([0, 1, 0], identity)).toBe(1);
    expect(viewAxis([0.7071, 0.7071, 0], identity)).toBeNull();
  });
});
