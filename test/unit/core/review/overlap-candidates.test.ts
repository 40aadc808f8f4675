import { describe, expect, it } from 'vitest';
import { extentsOverlap, groupLesions, overlapCandidates, type LesionMark } from '../../../../electron/core/review';
import { mulberry32 } from '../../../../electron/core/phantom/prng';
import { GRID, boxMask, lunaRow, readerMark, userMark } from './lesion-fixtures';

/** `n` LUNA16 rows and user marks (two readers, so every pair may join) of 3–12 mm spread over a 320 mm cube. */
function crowd(n: number, seed = 15): LesionMark[] {
  const r = mulberry32(seed);
  const out: LesionMark[] = [];
  for (let i = 0; i < n; i++) {
    const c: [number, number, number] = [r() * 320, r() * 320, r() * 320];
    const d = 3 + r() * 9;
    out.push(i % 2 ? lunaRow(i, c, d) : userMark(c, d));
  }
  return out;
}

/** Every pair the old pairwise rule linked: different readers whose extents overlap. */
function bruteForcePairs(marks: readonly LesionMark[]): Set<string> {
  const out = new Set<string>();
  for (let a = 0; a < marks.length; a++)
    for (let b = a + 1; b < marks.length; b++) if (marks[a]!.reader !== marks[b]!.reader && extentsOverlap(marks[a]!, marks[b]!, GRID)) out.add(`${a},${b}`);
  return out;
}

describe('overlapCandidates: the lesion grouping tests only marks whose extents can meet (issue 15)', () => {
  it('tests a number of pairs linear in the marks, not n²/2, for 25k marks of one scan', () => {
    const marks = crowd(25_000);
    const pairs = overlapCandidates(marks, GRID);
    // n²/2 is 312 million; a spread crowd of small spheres has a few neighbours each.
    expect(pairs.length).toBeLessThan(marks.length * 20);
    expect(groupLesions(marks, GRID).length).toBeGreaterThan(15_000);
  });

  it('misses no overlapping pair: the links are those of the pairwise rule (spheres, contours, one huge mark)', () => {
    const marks = crowd(1500, 7);
    marks.push(readerMark(1, boxMask(10, 10, 5, 30, 30, 20)), readerMark(2, boxMask(20, 20, 10, 40, 40, 25)), lunaRow(99_999, [160, 160, 160], 300));
    const found = new Set<string>();
    for (const [a, b] of overlapCandidates(marks, GRID)) if (marks[a]!.reader !== marks[b]!.reader && extentsOverlap(marks[a]!, marks[b]!, GRID)) found.add(`${a},${b}`);
    expect([...found].sort()).toEqual([...bruteForcePairs(marks)].sort());
  });

  it('leaves a mark with a non-finite centre alone (no link, no throw)', () => {
    const marks = [lunaRow(1, [Number.NaN, 0, 0], 5), userMark([0, 0, 0], 5)];
    expect(() => overlapCandidates(marks, GRID)).not.toThrow();
    expect(groupLesions(marks, GRID)).toHaveLength(2);
  });
});
