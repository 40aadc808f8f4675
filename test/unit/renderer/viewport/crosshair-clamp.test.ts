import { describe, expect, it } from 'vitest';
import { clampToVolume } from '../../../../renderer/features/viewport/model/crosshair-clamp';
import { voxelOf } from '../../../../renderer/features/viewport/model/slice-geometry';

type V3 = [number, number, number];
const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const GRID = { dims: [10, 20, 30] as V3, spacing: [0.7, 0.8, 2.5] as V3, origin: [-100, -50, -300] as V3, direction: IDENTITY };

describe('clampToVolume (a click beside the image)', () => {
  it('leaves a point inside the volume where it is', () => {
    expect(clampToVolume([-97.2, -40.1, -250], GRID)).toEqual([-97.2, -40.1, -250]);
  });

  it('moves a point left of the image onto the edge voxels, keeping the other coordinates', () => {
    const p = clampToVolume([-130, -40, -250], GRID);
    expect(p[0]).toBeCloseTo(-100);
    expect(p[1]).toBeCloseTo(-40);
    expect(p[2]).toBeCloseTo(-250);
  });

  it('clamps each axis to the centre of its last voxel (origin + (n − 1)·spacing)', () => {
    const p = clampToVolume([500, 500, 500], GRID);
    expect(p[0]).toBeCloseTo(-100 + 9 * 0.7);
    expect(p[1]).toBeCloseTo(-50 + 19 * 0.8);
    expect(p[2]).toBeCloseTo(-300 + 29 * 2.5);
  });

  it('always lands on a voxel of the volume, with flipped and rotated directions too', () => {
    const flipped = { ...GRID, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1] };
    const c = Math.SQRT1_2;
    const rotated = { ...GRID, direction: [c, -c, 0, c, c, 0, 0, 0, 1] };
    for (const grid of [GRID, flipped, rotated]) {
      for (const q of [[-400, 0, 0], [0, 300, -900], [120, -120, 40], [-100, -50, -300]]) {
        expect(voxelOf(clampToVolume(q, grid), grid), `${JSON.stringify(grid.direction)} ${q}`).not.toBeNull();
      }
    }
  });
});
