import { describe, expect, it } from 'vitest';
import { clipPlaneFor, keeps, nextClipMode } from '../../../../../renderer/features/three-d/model/clip-plane';

const at = { axialZ: -120.5, coronalY: 14, sagittalX: -30 };

describe('3D clipping plane from the slice views', () => {
  it('cycles off → axial → coronal → sagittal → off', () => {
    expect(nextClipMode('off')).toBe('axial');
    expect(nextClipMode('axial')).toBe('coronal');
    expect(nextClipMode('coronal')).toBe('sagittal');
    expect(nextClipMode('sagittal')).toBe('off');
  });

  it('axial: sits at the axial slice z and removes what is above it (superior)', () => {
    const p = clipPlaneFor('axial', at)!;
    expect(p.world).toBe(-120.5);
    expect(keeps(p, [0, 0, -121])).toBe(true);
    expect(keeps(p, [0, 0, -120])).toBe(false);
  });

  it('coronal: sits at the coronal slice y and removes what is in front of it (anterior, smaller y)', () => {
    const p = clipPlaneFor('coronal', at)!;
    expect(p.world).toBe(14);
    expect(keeps(p, [0, 15, 0])).toBe(true);
    expect(keeps(p, [0, 13, 0])).toBe(false);
  });

  it('sagittal: sits at the sagittal slice x and removes the patient\'s right of it (smaller x)', () => {
    const p = clipPlaneFor('sagittal', at)!;
    expect(p.world).toBe(-30);
    expect(keeps(p, [-29, 0, 0])).toBe(true);
    expect(keeps(p, [-31, 0, 0])).toBe(false);
  });

  it('off: no plane, every point kept', () => {
    expect(clipPlaneFor('off', at)).toBeNull();
    expect(keeps(null, [1e6, 0, 0])).toBe(true);
  });
});
