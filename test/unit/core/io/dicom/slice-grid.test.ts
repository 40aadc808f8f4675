import { describe, expect, it } from 'vitest';
import { sliceGrid, slotRuns, slotsOfFiles } from '../../../../../electron/core/io/dicom/slice-grid';

describe('slice grid of a series (positions along the normal)', () => {
  it('a complete series: one slot per slice at the median step', () => {
    const g = sliceGrid([0, 2.5, 5, 7.5]);
    expect(g).toMatchObject({ step: 2.5, slots: [0, 1, 2, 3], count: 4, missing: [] });
    expect(g.irregular).toBeUndefined();
  });

  it('a gap of whole steps becomes missing slots; the step is that of neighbouring slices, not the median of all steps', () => {
    // The median of all steps would be 3.75 here (2.5, 2.5, 5, 7.5); the slices are 2.5 apart.
    const g = sliceGrid([0, 2.5, 5, 10, 17.5]);
    expect(g.step).toBe(2.5);
    expect(g.slots).toEqual([0, 1, 2, 4, 7]);
    expect(g.missing).toEqual([3, 5, 6]);
    expect(g.count).toBe(8);
    expect(g.maxResidual).toBe(0);
  });

  it('accepts positions written with rounding (DS strings) within 1 % per step and reports the largest residual', () => {
    const g = sliceGrid([0, 1.2501, 2.4999, 6.2502, 7.4998]);
    expect(g.missing).toEqual([3, 4]);
    expect(g.maxResidual).toBeLessThan(0.002);
  });

  it('stacks (no padding) when a step is no whole multiple, and says why', () => {
    const g = sliceGrid([0, 2.5, 5, 8.75, 11.25]);
    expect(g.missing).toEqual([]);
    expect(g.slots).toEqual([0, 1, 2, 3, 4]);
    expect(g.irregular).toBe('steps that are not whole multiples of the regular step');
  });

  it('stacks when fewer than half the steps are single steps (no step most slices share)', () => {
    const g = sliceGrid([0, 5, 10, 15, 17.5, 22.5, 27.5]);
    expect(g.missing).toEqual([]);
    expect(g.step).toBe(5);
    expect(g.irregular).toMatch(/only 1 of 6 steps are 2\.5 mm/);
  });

  it('stacks when the padding would outnumber the acquired slices', () => {
    const g = sliceGrid([0, 1, 2, 20]);
    expect(g.missing).toEqual([]);
    expect(g.irregular).toBe('17 missing slots would outnumber the 4 acquired slices');
  });

  it('stacks when slices drift more than a tenth of a step from a regular grid', () => {
    // Every step is within 1 % of a whole multiple of 1 mm, but twelve 1.009 mm steps add up to 0.108 mm.
    const steps = [...Array<number>(13).fill(1), ...Array<number>(12).fill(1.009), 2];
    const positions = steps.reduce((p, d) => [...p, p[p.length - 1]! + d], [0]);
    const g = sliceGrid(positions);
    expect(g.missing).toEqual([]);
    expect(g.irregular).toMatch(/^slices drift up to 0\.10\d mm from a regular 1 mm grid$/);
  });
});

describe('slot helpers', () => {
  it('puts the files of a series with missing slots on the slots in between', () => {
    expect(slotsOfFiles(5, [3, 4])).toEqual([0, 1, 2, 5, 6]);
    expect(slotsOfFiles(3, [])).toEqual([0, 1, 2]);
  });

  it('groups missing slots into runs', () => {
    expect(slotRuns([3, 4, 5, 9])).toEqual([
      [3, 5],
      [9, 9],
    ]);
    expect(slotRuns([])).toEqual([]);
  });
});
