import { describe, expect, it } from 'vitest';
import { dilateWithinBox } from '../../../../electron/core/pipelines/lung-mask-3d';
import { binaryDilation } from '../../../../native/morphology';

describe('dilateWithinBox', () => {
  it('equals dilating the whole volume (outside counts as 0), for random masks, balls and ellipsoids', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const [dims, radii] of [
      [[40, 30, 20], [2, 2, 2]],
      [[33, 41, 17], [3, 2, 1]],
      [[25, 25, 25], [5, 5, 5]],
    ] as [[number, number, number], [number, number, number]][]) {
      const m = new Uint8Array(dims[0] * dims[1] * dims[2]);
      // A blob in a corner region and a few scattered voxels, some touching the border.
      for (let i = 0; i < m.length; i++) m[i] = rand() < 0.01 ? 1 : 0;
      m[0] = 1;
      expect(Array.from(dilateWithinBox(m, dims, radii))).toEqual(Array.from(binaryDilation(m, dims, radii)));
    }
  });

  it('gives an empty mask for an empty input', () => {
    expect(dilateWithinBox(new Uint8Array(27), [3, 3, 3], [1, 1, 1]).every((v) => v === 0)).toBe(true);
  });
});
