import { describe, expect, it } from 'vitest';
import { formatReadout } from '../../../../renderer/features/viewport/model/readout';

describe('formatReadout', () => {
  it('says "missing slice" instead of the padding value on the slot of a missing slice', () => {
    expect(formatReadout({ voxel: [1, 2, 90], world: [0, 0, -115], hu: -2000, missing: true })).toBe('i 1 j 2 k 90 · x 0.0 y 0.0 z -115.0 mm · missing slice (padding)');
  });

  it('shows voxel, world mm with one decimal and HU', () => {
    expect(formatReadout({ voxel: [12, 40, 7], world: [-12.34, 4, -100.55], hu: -850 })).toBe(
      'i 12 j 40 k 7 · x -12.3 y 4.0 z -100.5 mm · -850 HU',
    );
  });

  it('says outside volume instead of clamped indices, and never prints -0.0', () => {
    expect(formatReadout({ voxel: null, world: [-0.01, 0, 1], hu: null })).toBe('outside volume · x 0.0 y 0.0 z 1.0 mm');
    expect(formatReadout(null)).toBe('–');
  });
});
