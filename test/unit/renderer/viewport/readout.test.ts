import { describe, expect, it } from 'vitest';
import { formatReadout, readoutParts } from '../../../../renderer/features/viewport/model/readout';

describe('formatReadout', () => {
  it('says "missing slice" instead of the padding value on the slot of a missing slice', () => {
    expect(formatReadout({ voxel: [1, 2, 90], world: [0, 0, -115], hu: -2000, missing: true })).toBe('missing slice (padding) · i 1 j 2 k 90 · x 0.0 y 0.0 z -115.0 mm');
  });

  it('shows HU first, then voxel and world mm with one decimal', () => {
    expect(formatReadout({ voxel: [12, 40, 7], world: [-12.34, 4, -100.55], hu: -850 })).toBe(
      '-850 HU · i 12 j 40 k 7 · x -12.3 y 4.0 z -100.5 mm',
    );
  });

  it('says outside volume instead of clamped indices, and never prints -0.0', () => {
    expect(formatReadout({ voxel: null, world: [-0.01, 0, 1], hu: null })).toBe('outside volume · x 0.0 y 0.0 z 1.0 mm');
    expect(formatReadout(null)).toBe('–');
  });
});

describe('readoutParts', () => {
  it('splits the readout so the HU value can be laid out on its own, first', () => {
    expect(readoutParts({ voxel: [1, 2, 3], world: [0, 0, 0], hu: 40 })).toEqual({ value: '40 HU', voxel: 'i 1 j 2 k 3', world: 'x 0.0 y 0.0 z 0.0 mm' });
  });

  it('shows "– HU" while the slice under the cursor has not arrived', () => {
    expect(readoutParts({ voxel: [1, 2, 3], world: [0, 0, 0], hu: null }).value).toBe('– HU');
  });
});
