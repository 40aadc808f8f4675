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

  it('gives every int16 value the grey of the per-pixel arithmetic, for narrow, fractional, huge and inverted windows', () => {
    // The arithmetic the table replaced, rounded as a Uint8ClampedArray rounds.
    const reference = (v: number, voi: { lower: number; upper: number }, invert: boolean): number => {
      let g = ((v - voi.lower) / Math.max(1e-6, voi.upper - voi.lower)) * 255;
      g = g < 0 ? 0 : g > 255 ? 255 : g;
      return Uint8ClampedArray.of(invert ? 255 - g : g)[0]!;
    };
    const all = new Int16Array(65536).map((_, i) => i - 32768);
    const windows = [voiRangeOf({ width: 1500, level: -600 }), voiRangeOf({ width: 400, level: 40 }), { lower: -0.5, upper: 0.25 }, { lower: 10.3, upper: 11.7 }, { lower: -40000, upper: 40000 }, { lower: 40000, upper: 50000 }, { lower: -50000, upper: -40000 }];
    for (const voi of windows) {
      for (const invert of [false, true]) {
        const px = windowSliceRgba(all, voi, invert);
        const wrong = [...all].filter((v, i) => px[4 * i] !== reference(v, voi, invert) || px[4 * i + 1] !== px[4 * i] || px[4 * i + 2] !== px[4 * i] || px[4 * i + 3] !== 255);
        expect(wrong.slice(0, 5), `${JSON.stringify(voi)} invert ${invert}`).toEqual([]);
      }
    }
  });

  it('writes into the given array at its offset, leaving the bytes around it alone', () => {
    const buf = new Uint8ClampedArray(4 * 4).fill(7);
    const out = new Uint8ClampedArray(buf.buffer, 4, 8);
    windowSliceRgba(Int16Array.from([-2000, 3000]), { lower: -1000, upper: 1000 }, false, out);
    expect([...buf]).toEqual([7, 7, 7, 7, 0, 0, 0, 255, 255, 255, 255, 255, 7, 7, 7, 7]);
    const odd = new Uint8ClampedArray(buf.buffer, 3, 8);
    windowSliceRgba(Int16Array.from([3000, -2000]), { lower: -1000, upper: 1000 }, false, odd);
    expect([...buf]).toEqual([7, 7, 7, 255, 255, 255, 255, 0, 0, 0, 255, 255, 7, 7, 7, 7]);
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
