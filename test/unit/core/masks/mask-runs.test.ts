import { describe, expect, it } from 'vitest';
import { applyMaskRuns, checkMaskRuns } from '../../../../electron/core/masks/mask-runs';

const u32 = (...a: number[]) => Uint32Array.from(a);
const u8 = (...a: number[]) => Uint8Array.from(a);

describe('checkMaskRuns', () => {
  it('accepts ascending disjoint runs inside the grid whose values cover them exactly, touching runs included', () => {
    expect(() => checkMaskRuns(u32(0, 2, 2, 1, 7, 3), u8(1, 1, 2, 0, 0, 0), 10, 'c')).not.toThrow();
    expect(() => checkMaskRuns(u32(), u8(), 10, 'c')).not.toThrow();
  });
  it.each([
    ['an odd number of entries', u32(0, 1, 5), u8(1), /not \(start, length\) pairs/],
    ['an empty run', u32(0, 0), u8(), /run 0 is empty/],
    ['overlapping runs', u32(0, 3, 2, 1), u8(1, 1, 1, 1), /ascending and disjoint/],
    ['descending runs', u32(5, 1, 2, 1), u8(1, 1), /ascending and disjoint/],
    ['a run past the last voxel', u32(8, 3), u8(1, 1, 1), /leaves the grid of 10 voxels/],
    ['fewer values than covered voxels', u32(0, 3), u8(1, 1), /values holds 2 labels, the runs cover 3 voxels/],
    ['more values than covered voxels', u32(0, 1), u8(1, 1), /values holds 2 labels, the runs cover 1 voxels/],
  ])('refuses %s (contract.bad-input)', (_what, runs, values, message) => {
    expect(() => checkMaskRuns(runs, values, 10, 'change')).toThrow(expect.objectContaining({ code: 'contract.bad-input', message: expect.stringMatching(message) }));
  });
});

describe('applyMaskRuns', () => {
  it('writes each run in place and counts per label what was added and removed, ignoring voxels that keep their label', () => {
    //                 0  1  2  3  4  5  6  7
    const grid = u8(0, 1, 1, 1, 0, 2, 2, 0);
    const d = applyMaskRuns(grid, u32(1, 2, 4, 3), u8(0, 1, 3, 3, 2));
    expect([...grid]).toEqual([0, 0, 1, 1, 3, 3, 2, 0]);
    expect([d.added[0], d.added[1], d.added[2], d.added[3]]).toEqual([1, 0, 0, 2]);
    expect([d.removed[0], d.removed[1], d.removed[2], d.removed[3]]).toEqual([1, 1, 1, 0]);
  });
});
