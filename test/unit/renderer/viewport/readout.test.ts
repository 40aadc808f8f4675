import { describe, expect, it } from 'vitest';
import { formatReadout } from '../../../../renderer/features/viewport/model/readout';

describe('formatReadout', () => {
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
