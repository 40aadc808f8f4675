import { describe, expect, it } from 'vitest';
import { decodeMaskRle, encodeMaskRle } from '../../../../electron/core/review';

const bbox = { x0: 2, y0: 3, z0: 4, x1: 5, y1: 3, z1: 4 };

describe('mask run lengths', () => {
  it('starts with a run of 0s, possibly empty: [0,1,1,0] is [1,2,1] and [1,1,0,0] is [0,2,2]', () => {
    expect(encodeMaskRle({ bbox, mask: Uint8Array.from([0, 1, 1, 0]) }).runs).toEqual([1, 2, 1]);
    expect(encodeMaskRle({ bbox, mask: Uint8Array.from([1, 1, 0, 0]) }).runs).toEqual([0, 2, 2]);
  });

  it('round-trips a random mask exactly', () => {
    const b = { x0: 0, y0: 0, z0: 0, x1: 9, y1: 6, z1: 4 };
    const mask = Uint8Array.from({ length: 350 }, (_, i) => ((i * 7919) % 13 < 5 ? 1 : 0));
    expect(decodeMaskRle(encodeMaskRle({ bbox: b, mask })).mask).toEqual(mask);
  });

  it('refuses runs that overflow or do not fill the box (io.bad-header), naming what was decoded', () => {
    expect(() => decodeMaskRle({ bbox, runs: [1, 5] }, 'lesion L1')).toThrow(/lesion L1: run lengths overflow/);
    expect(() => decodeMaskRle({ bbox, runs: [1, 1] })).toThrow(/cover 2 of the box's 4 voxels/);
    expect(() => decodeMaskRle({ bbox, runs: [1.5, 2.5] })).toThrow(/overflow/);
  });
});
