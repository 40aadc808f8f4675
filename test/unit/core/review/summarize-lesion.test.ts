import { describe, expect, it } from 'vitest';
import { maskHas } from '../../../../electron/core/annotations/lidc/sparse-mask';
import { consensusMinCount, groupLesions, summarizeLesion } from '../../../../electron/core/review';
import { GRID, boxMask, lunaRow, pointMark, readerMark } from './lesion-fixtures';

const one = (marks: Parameters<typeof groupLesions>[0], readerTotal: number | null) => {
  const groups = groupLesions(marks, GRID);
  expect(groups).toHaveLength(1);
  return summarizeLesion(groups[0]!, marks, GRID, readerTotal);
};

describe('summarizeLesion: consensus is at least half of the scan readers', () => {
  it('needs 2 of 4 readers, 2 of 3, 1 of 2, 1 of 1', () => {
    expect([4, 3, 2, 1].map(consensusMinCount)).toEqual([2, 2, 1, 1]);
  });

  it('a lesion marked by 1 of 4 readers is no consensus, and its outline is that reader’s own contour', () => {
    const s = one([readerMark(1, boxMask(10, 10, 5, 14, 14, 7))], 4);
    expect(s).toMatchObject({ readersMarked: 1, readerTotal: 4, consensus: false, outlineLevel: 'half-of-marks' });
    expect(s.consensusMask).toBeUndefined();
    expect(s.outline!.mask.reduce((a, b) => a + b, 0)).toBe(5 * 5 * 3);
  });

  it('the consensus mask of 3 of 4 readers holds exactly the voxels inside at least 2 of the contours', () => {
    // Along x on one row: A covers 0..5, B 3..8, C 5..10; at least two cover 3..8.
    const marks = [readerMark(1, boxMask(10, 10, 5, 15, 10, 5)), readerMark(2, boxMask(13, 10, 5, 18, 10, 5)), readerMark(3, boxMask(15, 10, 5, 20, 10, 5))];
    const s = one(marks, 4);
    expect(s).toMatchObject({ readersMarked: 3, consensus: true, outlineLevel: 'consensus' });
    const xs = Array.from({ length: 15 }, (_, i) => 8 + i).filter((x) => maskHas(s.consensusMask!, x, 10, 5));
    expect(xs).toEqual([13, 14, 15, 16, 17, 18]);
    expect(s.center[0]).toBeCloseTo(15.5, 6);
    expect(s.volumeMm3).toBeCloseTo(6 * 2, 6); // 6 voxels of 1 × 1 × 2 mm
  });

  it('counts readers of the scan, not marks of the lesion: 2 overlapping marks of 4 readers keep only their intersection', () => {
    const s = one([readerMark(1, boxMask(10, 10, 5, 15, 10, 5)), readerMark(2, boxMask(13, 10, 5, 18, 10, 5))], 4);
    expect(s.consensus).toBe(true);
    expect(s.consensusMask!.mask.length).toBe(3);
  });

  it("does not count a reader's non-nodule mark towards the consensus", () => {
    const s = one([readerMark(1, boxMask(10, 10, 5, 14, 14, 7)), pointMark(2, 'non-nodule', [12, 12, 12])], 4);
    expect(s.readersMarked).toBe(1);
    expect(s.consensus).toBe(false);
  });

  it('a lesion without LIDC reads has no consensus and no outline: centre and size are the LUNA16 row’s', () => {
    const s = one([lunaRow(2, [30, 30, 20], 10)], null);
    expect(s).toMatchObject({ consensus: false, readerTotal: null, outline: undefined, outlineLevel: null, center: [30, 30, 20], diameterMm: 10 });
  });
});
