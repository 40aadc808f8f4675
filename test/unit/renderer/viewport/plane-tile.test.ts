import { describe, expect, it } from 'vitest';
import { planeAxisOfPane, planeIndex, planeTile } from '../../../../renderer/features/viewport/model/plane-tile';

/** A 4×3×2 volume whose voxel (i, j, k) holds 100·k + 10·j + i. */
const dims = [4, 3, 2] as [number, number, number];
const voxels = new Int16Array(4 * 3 * 2).map((_, n) => {
  const i = n % 4;
  const j = Math.floor(n / 4) % 3;
  const k = Math.floor(n / 12);
  return 100 * k + 10 * j + i;
});

describe('plane tile', () => {
  it('cuts a coronal plane (constant j) with i across and k down the rows', () => {
    const t = planeTile(voxels, dims, 1, 2)!;
    expect([t.width, t.height]).toEqual([4, 2]);
    expect([...t.values]).toEqual([20, 21, 22, 23, 120, 121, 122, 123]);
  });

  it('cuts a sagittal plane (constant i) with j across and k down the rows', () => {
    const t = planeTile(voxels, dims, 0, 1)!;
    expect([t.width, t.height]).toEqual([3, 2]);
    expect([...t.values]).toEqual([1, 11, 21, 101, 111, 121]);
  });

  it('interpolates linearly between the two nearest planes, rounded to whole HU', () => {
    expect([...planeTile(voxels, dims, 1, 0.25)!.values.slice(0, 4)]).toEqual([3, 4, 5, 6]);
    expect([...planeTile(voxels, dims, 0, 2.5)!.values.slice(0, 3)]).toEqual([3, 13, 23]);
    // The last plane needs no neighbour beyond it.
    expect([...planeTile(voxels, dims, 1, 2)!.values.slice(0, 1)]).toEqual([20]);
  });

  it('gives nothing for a plane outside the volume', () => {
    expect(planeTile(voxels, dims, 1, -0.01)).toBeNull();
    expect(planeTile(voxels, dims, 0, 3.01)).toBeNull();
    expect(planeTile(voxels, dims, 0, Number.NaN)).toBeNull();
  });

  it('reuses a scratch array of the right length', () => {
    const out = new Int16Array(8);
    expect(planeTile(voxels, dims, 1, 0, out)!.values).toBe(out);
    expect(planeTile(voxels, dims, 1, 0, new Int16Array(3))!.values.length).toBe(8);
  });
});

describe('plane index', () => {
  const grid = { origin: [-100, 50, -300], spacing: [0.7, 0.8, 2.5], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

  it('finds the continuous voxel index of a view looking along the axis, either way', () => {
    expect(planeIndex(grid, 1, [0, 50 + 0.8 * 7.5, 0], [0, 1, 0])).toBeCloseTo(7.5, 9);
    expect(planeIndex(grid, 1, [3, 50 + 0.8 * 2, 9], [0, -1, 0])).toBeCloseTo(2, 9);
    expect(planeIndex(grid, 0, [-100 + 0.7 * 10, 0, 0], [-2, 0, 0])).toBeCloseTo(10, 9);
  });

  it('follows a flipped direction matrix', () => {
    const flipped = { ...grid, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    expect(planeIndex(flipped, 0, [-100 - 0.7 * 4, 0, 0], [1, 0, 0])).toBeCloseTo(4, 9);
  });

  it('refuses an oblique view', () => {
    expect(planeIndex(grid, 1, [0, 0, 0], [0, 0.999, 0.0447])).toBeNull();
  });

  it('names the axis of the coronal and sagittal panes only', () => {
    expect([planeAxisOfPane('coronal'), planeAxisOfPane('sagittal'), planeAxisOfPane('axial')]).toEqual([1, 0, null]);
  });
});
