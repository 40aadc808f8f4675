import { describe, expect, it } from 'vitest';
import {
  axialSliceOf,
  int16Voxels,
  middleSlice,
  sliceLabel,
  toCornerstoneDirection,
  voiRangeOf,
  volumeIdFor,
  worldToIndex,
} from '../../../../renderer/features/viewport/model/volume-input';

describe('viewport volume input', () => {
  it('turns the lung window W1500/L-600 into the HU range -1350..150', () => {
    expect(voiRangeOf({ width: 1500, level: -600 })).toEqual({ lower: -1350, upper: 150 });
  });

  it('transposes the direction: Cornerstone wants axis j as row j, ours has it as column j', () => {
    // Column 0 (axis i) = (0, 1, 0), column 1 (axis j) = (-1, 0, 0), column 2 = (0, 0, 1).
    const ours = [0, -1, 0, 1, 0, 0, 0, 0, 1];
    expect(toCornerstoneDirection(ours)).toEqual([0, 1, 0, -1, 0, 0, 0, 0, 1]);
    expect(() => toCornerstoneDirection([1, 0, 0])).toThrow(/9 numbers/);
  });

  it('views aligned int16 bytes without copying, copies misaligned ones, and rejects a wrong size', () => {
    const src = new Int16Array([-1000, 0, 40, 3071, -1, 2]);
    const aligned = new Uint8Array(src.buffer);
    const view = int16Voxels({ dims: [3, 2, 1] }, aligned);
    expect(view.buffer).toBe(src.buffer);
    expect(Array.from(view)).toEqual(Array.from(src));

    const shifted = new Uint8Array(aligned.length + 1);
    shifted.set(aligned, 1);
    const copy = int16Voxels({ dims: [3, 2, 1] }, shifted.subarray(1));
    expect(Array.from(copy)).toEqual(Array.from(src));

    expect(() => int16Voxels({ dims: [3, 3, 1] }, aligned)).toThrow(/expected 18/);
  });

  it('maps a world point to voxel indices through origin, spacing and a rotated direction', () => {
    const grid = { origin: [10, 20, 30], spacing: [0.5, 0.5, 2], direction: [0, -1, 0, 1, 0, 0, 0, 0, 1], dims: [100, 100, 50] };
    // voxel (4, 6, 3): world = origin + D·(2, 3, 6) = (10 - 3, 20 + 2, 36)
    const ijk = worldToIndex([7, 22, 36], grid);
    expect(ijk[0]).toBeCloseTo(4);
    expect(ijk[1]).toBeCloseTo(6);
    expect(ijk[2]).toBeCloseTo(3);
    expect(axialSliceOf([7, 22, 36.9], grid)).toBe(3);
    expect(axialSliceOf([0, 0, -500], grid)).toBe(0);
    expect(axialSliceOf([0, 0, 5000], grid)).toBe(49);
  });

  it('labels slices 1-based as k/N and shows a dash while unknown', () => {
    expect(sliceLabel(0, 40)).toBe('1/40');
    expect(sliceLabel(39, 40)).toBe('40/40');
    expect(sliceLabel(null, 40)).toBe('–');
    expect(middleSlice(40)).toBe(19);
    expect(middleSlice(1)).toBe(0);
  });

  it('makes volume ids without a scheme: prefix (Cornerstone would look for a loader)', () => {
    expect(volumeIdFor(7, 3)).not.toContain(':');
    expect(volumeIdFor(7, 3)).not.toBe(volumeIdFor(7, 4));
  });
});
