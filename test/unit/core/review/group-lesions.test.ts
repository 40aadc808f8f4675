import { describe, expect, it } from 'vitest';
import { extentsOverlap, groupLesions, lesionKeyOf, pointRadiusMm } from '../../../../electron/core/review';
import { GRID, boxMask, lunaRow, pointMark, readerMark, userMark } from './lesion-fixtures';

const members = (groups: ReturnType<typeof groupLesions>, marks: { id: number }[]) => groups.map((g) => g.members.map((i) => marks[i]!.id).sort((a, b) => a - b));

describe('groupLesions: marks of different readers whose extents overlap are one lesion', () => {
  it('joins four readers whose contours share voxels into one lesion', () => {
    const marks = [readerMark(1, boxMask(10, 10, 5, 14, 14, 7)), readerMark(2, boxMask(12, 12, 6, 16, 16, 8)), readerMark(3, boxMask(9, 9, 4, 11, 11, 5)), readerMark(4, boxMask(14, 14, 7, 15, 15, 7))];
    const groups = groupLesions(marks, GRID);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.category).toBe('nodule');
    expect(groups[0]!.members).toHaveLength(4);
  });

  it("never merges one reader's two marks, even when they touch (two nodules side by side)", () => {
    const a = readerMark(1, boxMask(10, 10, 5, 14, 14, 7));
    const b = readerMark(1, boxMask(14, 10, 5, 18, 14, 7));
    expect(extentsOverlap(a, b, GRID)).toBe(true);
    const groups = groupLesions([a, b], GRID);
    expect(groups).toHaveLength(2);
  });

  it("keeps one reader's two marks apart when another reader's mark overlaps both: it joins the nearer one", () => {
    const a = readerMark(1, boxMask(10, 10, 5, 14, 14, 7));
    const b = readerMark(1, boxMask(16, 10, 5, 20, 14, 7));
    const c = readerMark(2, boxMask(13, 10, 5, 16, 14, 7)); // overlaps both; its centre is nearer a
    const groups = groupLesions([a, b, c], GRID);
    expect(members(groups, [a, b, c]).sort((p, q) => q.length - p.length)).toEqual([[a.id, c.id].sort((p, q) => p - q), [b.id]]);
  });

  it('leaves contours that share no voxel apart, however close (extents must overlap)', () => {
    const groups = groupLesions([readerMark(1, boxMask(10, 10, 5, 12, 12, 5)), readerMark(2, boxMask(13, 10, 5, 15, 12, 5))], GRID);
    expect(groups).toHaveLength(2);
  });

  it('joins a LUNA16 row whose sphere meets a contour, and not one whose sphere stops short of it', () => {
    const contour = readerMark(1, boxMask(10, 10, 5, 14, 14, 7));
    const on = lunaRow(2, [12, 12, 12], 4);
    const off = lunaRow(3, [22, 12, 12], 4); // 7.5 mm from the box's edge, radius 2 mm
    const groups = groupLesions([contour, on, off], GRID);
    expect(members(groups, [contour, on, off]).sort((p, q) => q.length - p.length)).toEqual([[contour.id, on.id].sort((p, q) => p - q), [off.id]]);
  });

  it('joins two spheres closer than the sum of their radii (LUNA16 practice) and no farther', () => {
    const luna = lunaRow(2, [30, 30, 20], 10);
    const near = userMark([38, 30, 20], 8); // 8 mm apart < 5 + 4
    const far = userMark([30, 40, 20], 8); // 10 mm apart > 9, and a user mark never joins another user mark anyway
    const groups = groupLesions([luna, near, far], GRID);
    expect(groups.map((g) => g.members.length).sort()).toEqual([1, 2]);
  });

  it('never merges two user marks (one reader) even on the same spot', () => {
    expect(groupLesions([userMark([30, 30, 20], 8), userMark([30, 30, 20], 8)], GRID)).toHaveLength(2);
  });

  it('joins point marks one thick slice apart: their spheres are max(1.5 mm, half the slice spacing)', () => {
    const thick = { ...GRID, spacing: [1, 1, 5] as [number, number, number] };
    expect(pointRadiusMm(thick)).toBe(2.5);
    const a = pointMark(1, 'small-nodule', [20, 20, 50]);
    const b = pointMark(2, 'small-nodule', [20, 20, 54.9]);
    expect(groupLesions([a, b], thick)).toHaveLength(1);
    expect(groupLesions([a, b], GRID)).toHaveLength(2); // 2 mm slices: 1.5 + 1.5 < 4.9
  });

  it('takes the most definite category: a nodule if any reader contoured it, < 3 mm if only points, else non-nodule', () => {
    const contour = readerMark(1, boxMask(10, 10, 5, 14, 14, 7));
    const small = pointMark(2, 'small-nodule', [12, 12, 12]);
    const non = pointMark(3, 'non-nodule', [12, 12, 12]);
    expect(groupLesions([non, small, contour], GRID).map((g) => g.category)).toEqual(['nodule']);
    expect(groupLesions([non, small], GRID).map((g) => g.category)).toEqual(['small']);
    expect(groupLesions([non], GRID).map((g) => g.category)).toEqual(['non-nodule']);
  });

  it('orders nodules first, then < 3 mm, then non-nodules, each from head to feet', () => {
    const low = readerMark(1, boxMask(10, 10, 2, 12, 12, 2));
    const high = readerMark(1, boxMask(40, 40, 20, 42, 42, 20));
    const small = pointMark(1, 'small-nodule', [5, 5, 60]);
    const non = pointMark(1, 'non-nodule', [50, 5, 62]);
    const groups = groupLesions([non, low, small, high], GRID);
    expect(groups.map((g) => g.members[0])).toEqual([3, 1, 2, 0]);
  });

  it('gives a lesion the same key whatever the input order and the annotation ids (they change on re-index)', () => {
    const marks = [readerMark(2, boxMask(10, 10, 5, 14, 14, 7), 'IL057'), readerMark(1, boxMask(11, 11, 5, 14, 14, 7), 'Nodule 001'), lunaRow(7, [12, 12, 12], 5)];
    const k1 = groupLesions(marks, GRID)[0]!.key;
    const reindexed = [...marks].reverse().map((m, i) => ({ ...m, id: 1000 + i }));
    expect(groupLesions(reindexed, GRID)[0]!.key).toBe(k1);
    expect(k1).toBe(lesionKeyOf('lidc:x.xml#1:reader:Nodule 001'));
  });

  it('returns no lesion for no marks', () => {
    expect(groupLesions([], GRID)).toEqual([]);
  });
});
