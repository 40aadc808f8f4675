import { describe, expect, it } from 'vitest';
import { placedNodule, placementLabel } from '../../../../renderer/features/viewport/model/nodule-placement';

describe('placing a nodule by press and drag', () => {
  it('takes the press as the centre and twice the drag as the diameter', () => {
    expect(placedNodule([10, 20, -100], [13, 24, -100])).toEqual({ center: [10, 20, -100], diameterMm: 10 });
  });

  it('ignores drags shorter than a 1 mm diameter (a plain click)', () => {
    expect(placedNodule([0, 0, 0], [0.2, 0, 0])).toBeNull();
  });

  it('caps the diameter at the contract bound of 100 mm', () => {
    expect(placedNodule([0, 0, 0], [0, 80, 0])!.diameterMm).toBe(100);
  });

  it('labels the diameter for the preview', () => {
    expect(placementLabel(12.345)).toBe('Ø 12.3 mm');
  });
});
