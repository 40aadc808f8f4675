import { describe, expect, it } from 'vitest';
import { foregroundBox } from '../../../../electron/core/volume/foreground-box';

describe('foregroundBox', () => {
  // 4 × 3 × 2, x fastest: voxels (1, 1, 0) and (2, 2, 1) set.
  const dims: [number, number, number] = [4, 3, 2];
  const m = new Uint8Array(24);
  m[1 + 4 * (1 + 3 * 0)] = 1;
  m[2 + 4 * (2 + 3 * 1)] = 1;

  it('bounds every set voxel, both ends inclusive', () => {
    expect(foregroundBox(m, dims)).toEqual({ x0: 1, x1: 2, y0: 1, y1: 2, z0: 0, z1: 1 });
  });

  it('grows by the margin per axis and clamps to the grid', () => {
    expect(foregroundBox(m, dims, [1, 5, 0])).toEqual({ x0: 0, x1: 3, y0: 0, y1: 2, z0: 0, z1: 1 });
  });

  it('is null for an empty mask', () => {
    expect(foregroundBox(new Uint8Array(24), dims, [1, 1, 1])).toBeNull();
  });
});
