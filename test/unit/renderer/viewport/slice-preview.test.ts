import { describe, expect, it } from 'vitest';
import { sliceTransform, voxelCornerToWorld, windowSliceRgba } from '../../../../renderer/features/viewport/model/slice-preview';
import { voiRangeOf } from '../../../../renderer/features/viewport/model/volume-input';

describe('slice preview', () => {
  it('windows HU to grey like the viewer: clamped at the window edges, flipped by invert', () => {
    const voi = voiRangeOf({ width: 1500, level: -600 });
    const px = windowSliceRgba(Int16Array.from([-2000, -1350, -600, 150, 3000]), voi, false);
    expect([px[0], px[4], px[8], px[12], px[16]]).toEqual([0, 0, 128, 255, 255]);
    expect(px[3]).toBe(255);
    const inv = windowSliceRgba(Int16Array.from([-2000, 3000]), voi, true);
    expect([inv[0], inv[4]]).toEqual([255, 0]);
  });

  it('maps image pixels to canvas pixels through the three corners, flips included', () => {
    // A 4×2 slice drawn 100 px wide, 50 px tall, mirrored left-right, from (10, 20).
    const t = sliceTransform([110, 20], [10, 20], [110, 70], 4, 2);
    const [a, b, c, d, e, f] = t;
    const at = (u: number, v: number) => [a * u + c * v + e, b * u + d * v + f];
    expect(at(0, 0)).toEqual([110, 20]);
    expect(at(4, 2)).toEqual([10, 70]);
    expect(at(2, 1)).toEqual([60, 45]);
  });

  it('puts voxel corners in world mm through spacing and direction cosines', () => {
    const grid = { origin: [-100, -50, -300], spacing: [0.5, 0.5, 2], direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(voxelCornerToWorld([-0.5, -0.5, 3], grid)).toEqual([-99.75, -50.25, -294]);
    expect(voxelCornerToWorld([9.5, 0, 0], grid)).toEqual([-104.75, -50, -300]);
  });
});
