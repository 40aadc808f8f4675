import { describe, expect, it } from 'vitest';
import type { HuHistogram } from '../../../../electron/common/contract';
import {
  barHeight,
  binToPixel,
  formatHu,
  histogramStats,
  huToX,
  leftOutText,
  maxCount,
  maxCountIn,
  niceTicks,
  pngFileName,
  viewRange,
} from '../../../../renderer/features/histogram/model/histogram-scale';

const rect = { left: 40, top: 10, width: 420, height: 100 };
// The backend's default: 10 HU bins from −1100 to 3100 (420 bins).
const h = { min: -1100, max: 3100, binWidth: 10 };

describe('histogram bin to pixel mapping', () => {
  it('maps min to the left edge and max to the right edge of the plot', () => {
    expect(huToX(-1100, h, rect)).toBe(40);
    expect(huToX(3100, h, rect)).toBe(460);
    expect(huToX(1000, h, rect)).toBeCloseTo(40 + 210);
  });

  it('gives bin i the pixels of [min + i·w, min + (i+1)·w)', () => {
    // 4200 HU over 420 px: 10 HU = 1 px.
    expect(binToPixel(0, h, rect)).toEqual({ x0: 40, x1: 41 });
    expect(binToPixel(10, h, rect)).toEqual({ x0: 50, x1: 51 }); // −1000 HU (air) at 50 px
  });

  it('clips the last bin at max when the range is not a multiple of the bin width', () => {
    const odd = { min: 0, max: 25, binWidth: 10 };
    const r = { left: 0, top: 0, width: 25, height: 1 };
    expect(binToPixel(2, odd, r)).toEqual({ x0: 20, x1: 25 });
  });

  it('maps bins through a zoomed view range', () => {
    const view = viewRange(h, { min: -1100, max: 1100 });
    expect(view).toEqual({ min: -1100, max: 1100 });
    const r = { left: 0, top: 0, width: 2200, height: 1 };
    expect(binToPixel(110, h, r, view)).toEqual({ x0: 1100, x1: 1110 }); // 0 HU in the middle
  });

  it('falls back to the whole range when the clip does not overlap', () => {
    expect(viewRange(h, { min: 5000, max: 6000 })).toEqual({ min: -1100, max: 3100 });
    expect(viewRange(h, null)).toEqual({ min: -1100, max: 3100 });
  });

  it('does not divide by zero on an empty range', () => {
    expect(huToX(5, { min: 0, max: 0 }, rect)).toBe(40);
  });
});

describe('histogram bar heights', () => {
  it('scales linearly to the highest count', () => {
    expect(barHeight(50, 100, 200, false)).toBe(100);
    expect(barHeight(100, 100, 200, false)).toBe(200);
  });

  it('scales by log10(1 + count) on the log option, so a single voxel stays visible', () => {
    expect(barHeight(9, 99, 100, true)).toBeCloseTo(50);
    expect(barHeight(1, 10_000_000, 100, true)).toBeGreaterThan(4);
    expect(barHeight(1, 10_000_000, 100, false)).toBeLessThan(0.01);
  });

  it('draws nothing for zero counts or an all-zero histogram', () => {
    expect(barHeight(0, 100, 100, true)).toBe(0);
    expect(barHeight(5, 0, 100, false)).toBe(0);
  });

  it('finds the peak count, overall and inside a view', () => {
    const hh = { min: 0, max: 40, binWidth: 10, counts: [5, 1, 9, 2] };
    expect(maxCount(hh.counts)).toBe(9);
    expect(maxCount([])).toBe(0);
    expect(maxCountIn(hh, { min: 0, max: 20 })).toBe(5); // bins 0 and 1 only
  });
});

describe('histogram axis ticks', () => {
  it('chooses round steps of 1, 2 or 5 × 10^k within the tick budget', () => {
    expect(niceTicks(-1100, 1100, 8)).toEqual([-1000, -500, 0, 500, 1000]);
    expect(niceTicks(-1100, 3100, 10)).toEqual([-1000, -500, 0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(niceTicks(0, 10, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps every tick inside the range and never exceeds the budget', () => {
    for (const [lo, hi, n] of [[-1024, 3071, 6], [-1000, -500, 5], [0.5, 7.3, 4], [-3, 1e6, 9]] as const) {
      const t = niceTicks(lo, hi, n);
      expect(t.length).toBeGreaterThan(0);
      expect(t.length).toBeLessThanOrEqual(n);
      for (const v of t) {
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
    }
  });

  it('returns no −0 tick', () => {
    expect(Object.is(niceTicks(-10, 10, 3)[1], -0)).toBe(false);
  });
});

describe('histogram statistics', () => {
  const hist: HuHistogram = {
    scanId: 1, binWidth: 10, min: -1100, max: 3100, counts: [1], below: 12, above: 0, total: 1_234_567, mean: -612.345, std: 480.01,
    percentiles: { p1: -1024, p5: -1000, p50: -820, p95: 60, p99: null },
    leftOut: { missingSlices: 0, outsideField: 0 },
  };

  it('formats HU with a true minus and thousands separators', () => {
    expect(formatHu(-1000)).toBe('−1,000');
    expect(formatHu(-612.345, 1)).toBe('−612.3');
    expect(formatHu(0)).toBe('0');
    expect(formatHu(-0.2)).toBe('0');
    expect(formatHu(null)).toBe('—');
  });

  it('lists voxel count, mean, std and percentiles, a dash for a missing one, and out-of-range counts only when non-zero', () => {
    const rows = histogramStats(hist);
    expect(rows.map((r) => r.label)).toEqual(['voxels', 'mean', 'std', 'p1', 'p5', 'median', 'p95', 'p99', '< −1,100']);
    expect(rows[0]!.value).toBe('1,234,567');
    expect(rows[1]!.value).toBe('−612.3 HU');
    expect(rows[7]!.value).toBe('—');
    expect(rows[8]!.value).toBe('12');
  });

  it('says what was left out (no measurement), or that every voxel was counted', () => {
    expect(leftOutText(hist)).toBe('Every voxel counted: no padding and nothing outside the field of view.');
    expect(leftOutText({ leftOut: { missingSlices: 262144, outsideField: 9_876_543 } })).toBe(
      'Left out, no measurement: 9,876,543 voxels outside the field of view, 262,144 voxels of missing slices (padding).',
    );
    expect(leftOutText({ leftOut: { missingSlices: 0, outsideField: 5 } })).toBe('Left out, no measurement: 5 voxels outside the field of view.');
  });

  it('names the PNG after the scan with characters safe on every OS', () => {
    expect(pngFileName('LIDC-IDRI-0001')).toBe('hu-histogram-LIDC-IDRI-0001.png');
    expect(pngFileName('…05059720603192')).toBe('hu-histogram-05059720603192.png');
    expect(pngFileName('a/b:c')).toBe('hu-histogram-a_b_c.png');
    expect(pngFileName('')).toBe('hu-histogram-scan.png');
  });
});
