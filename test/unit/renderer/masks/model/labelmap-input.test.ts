import { describe, expect, it } from 'vitest';
import { OVERLAY_LABEL, rgbaOf, sameGrid, toLabelmapVoxels } from '../../../../../renderer/features/masks/model/labelmap-input';

describe('labelmap input', () => {
  it('turns every non-zero mask byte into the overlay label, in place order (x fastest)', () => {
    const mask = Uint8Array.from([0, 1, 255, 0, 2, 0, 0, 7]);
    expect([...toLabelmapVoxels(mask, [2, 2, 2])]).toEqual([0, 1, 1, 0, 1, 0, 0, 1].map((b) => b * OVERLAY_LABEL));
  });
  it('returns a fresh array and leaves the input untouched', () => {
    const mask = Uint8Array.from([0, 5, 0, 5]);
    const out = toLabelmapVoxels(mask, [4, 1, 1]);
    expect(out.buffer).not.toBe(mask.buffer);
    expect([...mask]).toEqual([0, 5, 0, 5]);
  });
  it('refuses a mask whose size is not the grid, naming both', () => {
    expect(() => toLabelmapVoxels(new Uint8Array(7), [2, 2, 2])).toThrow(/7 voxels.*2×2×2 has 8/);
    expect(() => toLabelmapVoxels(new Uint8Array(0), [0, 2, 2])).toThrow(RangeError);
  });
  it('compares grids by their three dims', () => {
    expect(sameGrid([4, 5, 6], [4, 5, 6])).toBe(true);
    expect(sameGrid([4, 5, 6], [4, 6, 5])).toBe(false);
    expect(sameGrid([4, 5], [4, 5])).toBe(false);
  });
  it('makes colours opaque: the overlay opacity comes from the style, not the colour table', () => {
    expect(rgbaOf([1, 2, 3])).toEqual([1, 2, 3, 255]);
  });
});
