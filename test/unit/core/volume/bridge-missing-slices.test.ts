import { describe, expect, it } from 'vitest';
import { bridgeMissingSlices, clearMissingSlices } from '../../../../electron/core/volume/bridge-missing-slices';

describe('bridging missing slices for the pipelines', () => {
  it('interpolates each missing slot linearly between the nearest acquired slices, by slot distance', () => {
    // 1×2 pixels, 5 slots; slots 1 and 2 missing between slot 0 (0, -300) and slot 3 (30, 300).
    const voxels = new Int16Array([0, -300, -2000, -2000, -2000, -2000, 30, 300, 7, 7]);
    bridgeMissingSlices({ voxels, dims: [1, 2, 5] }, [1, 2]);
    expect(Array.from(voxels)).toEqual([0, -300, 10, -100, 20, 100, 30, 300, 7, 7]);
  });

  it('rounds half away from zero, and changes nothing without missing slots', () => {
    const voxels = new Int16Array([0, -1, -2000, -2000, 1, -2]);
    bridgeMissingSlices({ voxels, dims: [2, 1, 3] }, [1]);
    // Halfway between (0, -1) and (1, -2): (0.5, -1.5) → (1, -2).
    expect(Array.from(voxels)).toEqual([0, -1, 1, -2, 1, -2]);
    const same = new Int16Array([1, 2, 3]);
    bridgeMissingSlices({ voxels: same, dims: [1, 1, 3] }, []);
    expect(Array.from(same)).toEqual([1, 2, 3]);
  });

  it('clears a mask on the missing slots', () => {
    const mask = new Uint8Array([1, 1, 1, 1, 1, 1]);
    clearMissingSlices(mask, [2, 1, 3], [1]);
    expect(Array.from(mask)).toEqual([1, 1, 0, 0, 1, 1]);
  });
});
