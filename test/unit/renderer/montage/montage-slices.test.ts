import { describe, expect, it } from 'vitest';
import {
  TARGET_TILES,
  clampStep,
  defaultStep,
  headward,
  montageSlices,
  parseStep,
  sliceNumber,
  tileCount,
} from '../../../../renderer/features/montage/model/montage-slices';

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];
/** World z (LPS, + = head) of slice k for a direction whose k axis has z component dz. */
const zOf = (k: number, dz: number): number => -300 + dz * 2.5 * k;

describe('montage slice choice', () => {
  it('runs head to foot as PACS do: the first tile is the most superior slice, each next one lower', () => {
    for (const dz of [1, -1]) {
      const direction = [1, 0, 0, 0, 1, 0, 0, 0, dz];
      const slices = montageSlices(23, 5, headward(direction));
      const z = slices.map((k) => zOf(k, dz));
      const top = Math.max(...Array.from({ length: 23 }, (_, k) => zOf(k, dz)));
      expect(z[0], `dz=${dz}`).toBe(top);
      for (let i = 1; i < z.length; i++) expect(z[i]!, `dz=${dz}`).toBeLessThan(z[i - 1]!);
    }
  });

  it('takes every Nth slice from the top: k = nz−1, nz−1−N, … for a scan stored feet to head', () => {
    expect(montageSlices(23, 5, headward(IDENTITY))).toEqual([22, 17, 12, 7, 2]);
    expect(montageSlices(20, 5)).toEqual([19, 14, 9, 4]);
  });

  it('starts at k = 0 for a scan stored head to feet, as range(0, nz, N) does', () => {
    expect(montageSlices(23, 5, -1)).toEqual([0, 5, 10, 15, 20]);
  });

  it('finds the head from the k axis only when it runs mostly head–foot', () => {
    expect(headward(IDENTITY)).toBe(1);
    expect(headward([1, 0, 0, 0, 1, 0, 0, 0, -1])).toBe(-1);
    // A gantry tilt keeps k mostly along z.
    expect(headward([1, 0, 0, 0, 0.97, 0.26, 0, -0.26, 0.97])).toBe(1);
    // A sagittal acquisition: k runs left–right; the montage keeps index order.
    expect(headward([0, 0, 1, 1, 0, 0, 0, 1, 0])).toBe(0);
    expect(montageSlices(7, 3, 0)).toEqual([0, 3, 6]);
    expect(headward([])).toBe(0);
  });

  it('always includes the top slice, even with a step longer than the scan', () => {
    expect(montageSlices(7, 100)).toEqual([6]);
    expect(montageSlices(7, 100, -1)).toEqual([0]);
    expect(montageSlices(1, 3)).toEqual([0]);
  });

  it('shows every slice with step 1', () => {
    expect(montageSlices(4, 1)).toEqual([3, 2, 1, 0]);
  });

  it('gives no slices for an empty volume', () => {
    expect(montageSlices(0, 5)).toEqual([]);
    expect(tileCount(0, 5)).toBe(0);
  });

  it('treats a step below 1, fractional or not finite as a whole step of at least 1', () => {
    expect(montageSlices(3, 0, -1)).toEqual([0, 1, 2]);
    expect(montageSlices(3, -4, -1)).toEqual([0, 1, 2]);
    expect(montageSlices(10, 2.9, -1)).toEqual([0, 2, 4, 6, 8]);
    expect(montageSlices(3, Number.NaN, -1)).toEqual([0, 1, 2]);
  });

  it('counts tiles without listing them, agreeing with the list', () => {
    for (const [nz, step] of [[300, 15], [133, 7], [10, 3], [5, 9]] as const) {
      expect(tileCount(nz, step)).toBe(montageSlices(nz, step).length);
    }
  });

  it('clamps a step to 1..nz', () => {
    expect(clampStep(500, 300)).toBe(300);
    expect(clampStep(0, 300)).toBe(1);
    expect(clampStep(4, 0)).toBe(1);
  });
});

describe('default montage step', () => {
  it('gives 16 to 25 tiles, near 20, for typical chest CT slice counts', () => {
    for (const nz of [64, 100, 121, 133, 200, 256, 300, 397, 512, 764]) {
      const count = tileCount(nz, defaultStep(nz));
      expect(count, `nz=${nz}`).toBeGreaterThanOrEqual(TARGET_TILES.min);
      expect(count, `nz=${nz}`).toBeLessThanOrEqual(TARGET_TILES.max);
    }
    expect(defaultStep(300)).toBe(15);
    expect(tileCount(300, 15)).toBe(20);
  });

  it('shows every slice of a short scan (16 slices or fewer)', () => {
    expect(defaultStep(1)).toBe(1);
    expect(defaultStep(16)).toBe(1);
    expect(defaultStep(0)).toBe(1);
  });

  it('picks the count nearest 20 when no step lands in 16..25', () => {
    // 30 slices: step 1 → 30 tiles, step 2 → 15 tiles; 15 is nearer 20.
    expect(defaultStep(30)).toBe(2);
  });

  it('prefers the larger step among equally good counts, reaching further down the scan', () => {
    // 40 slices: step 2 → 20 tiles exactly.
    expect(defaultStep(40)).toBe(2);
    // 57 slices: step 3 → 19 tiles, step 4 → 15 (out of range): 3.
    expect(defaultStep(57)).toBe(3);
  });
});

describe('step box parsing', () => {
  it('accepts a whole number ≥ 1, clamped to the slice count', () => {
    expect(parseStep('7', 300)).toBe(7);
    expect(parseStep(' 12 ', 300)).toBe(12);
    expect(parseStep('999', 300)).toBe(300);
  });

  it('rejects empty, zero, negative, fractional and non-numeric text (the last step stays)', () => {
    for (const t of ['', ' ', '0', '-3', '2.5', 'abc', '1e3']) expect(parseStep(t, 300), JSON.stringify(t)).toBeNull();
  });
});

describe('slice labels', () => {
  it('numbers slices from 1 while indices start at 0, as the viewer readout does', () => {
    expect(sliceNumber(0)).toBe('1');
    expect(sliceNumber(299)).toBe('300');
  });
});
