import { describe, expect, it } from 'vitest';
import { groupLesions, groupLesionsSteps, runSteps, type LesionMark } from '../../../../electron/core/review';
import { mulberry32 } from '../../../../electron/core/phantom/prng';
import { GRID, boxMask, lunaRow, readerMark, userMark } from './lesion-fixtures';

/** `n` LUNA16 rows and user marks of 3–12 mm in a 320 mm cube, with two contoured reader marks. */
function crowd(n: number, seed = 15): LesionMark[] {
  const r = mulberry32(seed);
  const out: LesionMark[] = [readerMark(1, boxMask(10, 10, 5, 30, 30, 20)), readerMark(2, boxMask(20, 20, 10, 40, 40, 25))];
  for (let i = 0; i < n; i++) {
    const c: [number, number, number] = [r() * 320, r() * 320, r() * 320];
    out.push(i % 2 ? lunaRow(i, c, 3 + r() * 9) : userMark(c, 3 + r() * 9));
  }
  return out;
}

describe('groupLesionsSteps: the lesion grouping in steps a host can run between other requests (issue 15)', () => {
  it('pauses at least once per few hundred marks of a 25k-mark scan, and ends with the groups of groupLesions', () => {
    const marks = crowd(25_000);
    const steps = groupLesionsSteps(marks, GRID);
    let pauses = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) pauses++;
    // Marks, candidate pairs, links and groups are each walked with a pause every 256 items.
    expect(pauses).toBeGreaterThan((2 * marks.length) / 256);
    expect(r.value).toEqual(groupLesions(marks, GRID));
  });

  it('runs to the same result in one go (runSteps) as step by step', () => {
    const marks = crowd(3000, 7);
    const one = runSteps(groupLesionsSteps(marks, GRID));
    const steps = groupLesionsSteps(marks, GRID);
    let r = steps.next();
    while (!r.done) r = steps.next();
    expect(r.value).toEqual(one);
    expect(one.length).toBeGreaterThan(1000);
  });
});
