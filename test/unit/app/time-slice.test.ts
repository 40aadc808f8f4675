import { describe, expect, it } from 'vitest';
import { runStepsSliced, timeSlicer } from '../../../electron/app/time-slice';
import { groupLesions, groupLesionsSteps, type LesionMark } from '../../../electron/core/review';
import { mulberry32 } from '../../../electron/core/phantom/prng';
import { GRID, lunaRow, userMark } from '../core/review/lesion-fixtures';

function crowd(n: number): LesionMark[] {
  const r = mulberry32(3);
  return Array.from({ length: n }, (_, i) => {
    const c: [number, number, number] = [r() * 320, r() * 320, r() * 320];
    return i % 2 ? lunaRow(i, c, 3 + r() * 9) : userMark(c, 3 + r() * 9);
  });
}

describe('runStepsSliced: a long core computation leaves the host event loop free between slices (issue 15)', () => {
  it('lets a 5 ms timer tick while a 25k-mark scan is grouped, and groups it as groupLesions does', async () => {
    const marks = crowd(25_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let ticksWhenDone = -1;
    const grouped = runStepsSliced(groupLesionsSteps(marks, GRID), timeSlicer(2)).then((g) => {
      ticksWhenDone = ticks;
      return g;
    });
    const groups = await grouped;
    clearInterval(timer);
    // Run in one go the timer could not fire before the grouping ended.
    expect(ticksWhenDone).toBeGreaterThan(0);
    expect(groups).toEqual(groupLesions(marks, GRID));
  });
});
