import { describe, expect, it } from 'vitest';
import { missingSlicesSummary } from '../../../../renderer/features/viewport/model/missing-slices';

const scan = { origin: [-166, -171.7, -340] as [number, number, number], spacing: [0.7, 0.7, 2.5] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

describe('missing slices notice text', () => {
  it('is nothing for a complete scan', () => {
    expect(missingSlicesSummary({ ...scan, missingSlices: [] }, 3)).toBeNull();
  });

  it('says how many and where: slice numbers from 1 (as the slice label) and world z of each slot', () => {
    const s = missingSlicesSummary({ ...scan, missingSlices: [90] }, 10)!;
    expect(s.count).toBe(1);
    expect(s.headline).toBe('1 slice missing');
    expect(s.where).toBe('slice 91 (z −115.0 mm)');
    expect(s.onCurrent).toBe(false);
    expect(missingSlicesSummary({ ...scan, missingSlices: [90] }, 90)!.onCurrent).toBe(true);
  });

  it('joins consecutive slots into runs, shows the first three and counts the rest', () => {
    const s = missingSlicesSummary({ ...scan, missingSlices: [3, 4, 10, 20, 30, 31, 40] }, null)!;
    expect(s.headline).toBe('7 slices missing');
    expect(s.where).toBe('slices 4–5 (z −332.5 … −330.0 mm), slice 11 (z −315.0 mm), slice 21 (z −290.0 mm) and 2 more gaps');
    expect(s.detail).toContain('slices 31–32 (z −265.0 … −262.5 mm); slice 41 (z −240.0 mm). These slots show padding');
  });

  it('follows a slice axis that runs against world z', () => {
    const s = missingSlicesSummary({ ...scan, direction: [1, 0, 0, 0, 1, 0, 0, 0, -1], origin: [0, 0, 10], missingSlices: [1] }, null)!;
    expect(s.where).toBe('slice 2 (z 7.5 mm)');
  });
});
