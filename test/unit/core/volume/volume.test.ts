import { describe, expect, it } from 'vitest';
import type { VolumeGeometry } from '../../../../electron/common/geometry';
import { invert3, lunaWorldToVoxelIndex, voxelToWorld, worldToVoxel } from '../../../../electron/core/volume/volume';

// A rotated, non-symmetric direction (30° about z, then tilted), anisotropic spacing.
const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
const oblique: VolumeGeometry = {
  dims: [100, 80, 40],
  spacing: [0.7, 0.8, 2.5],
  origin: [-150.5, -120.25, -300],
  direction: [c, -s, 0.1, s, c, 0, 0, 0.05, 0.995],
};

describe('volume geometry (LPS, full direction matrix)', () => {
  it('maps voxel → world → voxel back exactly through a non-identity direction', () => {
    for (const ijk of [[0, 0, 0], [99, 79, 39], [12.5, 40.25, 7], [50, 3, 38]] as [number, number, number][]) {
      const back = worldToVoxel(oblique, voxelToWorld(oblique, ijk));
      back.forEach((v, a) => expect(v).toBeCloseTo(ijk[a]!, 9));
    }
  });

  it('puts voxel 0 at the origin and steps along the direction columns by the spacing', () => {
    expect(voxelToWorld(oblique, [0, 0, 0])).toEqual(oblique.origin);
    const step = voxelToWorld(oblique, [1, 0, 0]).map((v, a) => v - oblique.origin[a]!);
    [c * 0.7, s * 0.7, 0].forEach((v, a) => expect(step[a]).toBeCloseTo(v, 12));
    const zStep = voxelToWorld(oblique, [0, 0, 1]).map((v, a) => v - oblique.origin[a]!);
    [0.1 * 2.5, 0, 0.995 * 2.5].forEach((v, a) => expect(zStep[a]).toBeCloseTo(v, 12));
  });

  it('inverts the direction matrix and refuses a singular one', () => {
    const inv = invert3(oblique.direction);
    const m = oblique.direction;
    for (let r = 0; r < 3; r++) for (let col = 0; col < 3; col++) {
      const v = m[r * 3]! * inv[col]! + m[r * 3 + 1]! * inv[3 + col]! + m[r * 3 + 2]! * inv[6 + col]!;
      expect(v).toBeCloseTo(r === col ? 1 : 0, 12);
    }
    expect(() => invert3([1, 0, 0, 1, 0, 0, 0, 0, 1])).toThrow(RangeError);
  });

  it('finds the voxel of a LUNA16 world coordinate, rounding half to even like np.rint, and nothing outside', () => {
    const lidc: VolumeGeometry = { dims: [512, 512, 133], spacing: [0.703125, 0.703125, 2.5], origin: [-166, -171.699997, -340], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    // LIDC-IDRI-0001's LUNA16 nodule (annotations.csv): np.rint((centre - origin) / spacing).
    expect(lunaWorldToVoxelIndex(lidc, [56.20840547, 86.34341278, -115.8675792])).toEqual([316, 367, 90]);
    expect(lunaWorldToVoxelIndex(lidc, [-166 + 0.703125 * 10.5, -171.699997, -340])).toEqual([10, 0, 0]);
    expect(lunaWorldToVoxelIndex(lidc, [-166 + 0.703125 * 11.5, -171.699997, -340])).toEqual([12, 0, 0]);
    expect(lunaWorldToVoxelIndex(lidc, [0, 0, 500])).toBeUndefined();
  });
});
