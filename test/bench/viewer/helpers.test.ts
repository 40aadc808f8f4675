import { describe, expect, it } from 'vitest';
import { parseSmapsRollup } from './memory';
import { atLeast, atMost, table, times } from './report';
import { parseScanLines } from './setup';
import { frameRate, intervals, median, percentile } from './stats';

describe('bench:viewer figures', () => {
  it('percentile interpolates between sorted values and is NaN for no values', () => {
    expect(percentile([30, 10, 20, 40], 50)).toBe(25);
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 100)).toBe(5);
    expect(median([7])).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('frame rate: median fps from the median interval, p10 fps from the slowest 10 % of frames', () => {
    // 9 frames of 16 ms and one of 100 ms.
    const times = [0];
    for (let i = 0; i < 9; i++) times.push(times[times.length - 1]! + 16);
    times.push(times[times.length - 1]! + 100);
    expect(intervals(times)).toHaveLength(10);
    const r = frameRate(times);
    expect(r.frames).toBe(10);
    expect(r.medianFps).toBeCloseTo(62.5);
    expect(r.p10Fps).toBeLessThan(62.5);
    expect(r.worstMs).toBe(100);
  });

  it('reads Rss and Pss (kB) from smaps_rollup', () => {
    const text = '55d0-7ffd ---p 00000000 00:00 0  [rollup]\nRss:              204800 kB\nPss:              102400 kB\nPss_Anon:          90000 kB\n';
    expect(parseSmapsRollup(text)).toEqual({ rssBytes: 204800 * 1024, pssBytes: 102400 * 1024 });
  });

  it('finds the scans `lungdesk serve --dataset` prints, even with an empty modality', () => {
    const out = 'dataset 1 /tmp/x/scans: 2 scan(s)\n  scan 1 1.2.3 CT 512x512x300 dicom /tmp/x/scans/chest-512\n  scan 2 1.2.4  64x64x48 dicom /tmp/x/scans/small-0\nLUNGDESK_URL=http://127.0.0.1:1/\n';
    expect(parseScanLines(out)).toEqual([
      { id: 1, seriesUid: '1.2.3', dims: '512x512x300', path: '/tmp/x/scans/chest-512' },
      { id: 2, seriesUid: '1.2.4', dims: '64x64x48', path: '/tmp/x/scans/small-0' },
    ]);
  });

  it('the table marks missed goals NO, prints the ratio and load, and leaves rows without a value or goal unjudged', () => {
    expect(atMost(600, 500)).toBe(false);
    expect(atLeast(31, 30)).toBe(true);
    expect(atMost(null, 500)).toBeNull();
    const t = table([
      { metric: 'first pixels', value: '600 ms', ratio: times(600, 400), goal: '≤ 0.3× read', met: false, load: '1.5' },
      { metric: 'fps', value: null, goal: '≥ 30 fps', met: null },
    ]);
    expect(t.split('\n')[2]).toMatch(/first pixels\s+600 ms\s+1\.50×\s+≤ 0\.3× read\s+NO\s+1\.5$/);
    expect(t.split('\n')[3]).toMatch(/fps\s+n\/a\s+≥ 30 fps$/);
  });

  it('a ratio needs both figures and a positive baseline', () => {
    expect(times(350, 140)).toBe('2.50×');
    expect(times(null, 140)).toBeNull();
    expect(times(350, 0)).toBeNull();
    expect(times(Number.NaN, 140)).toBeNull();
  });
});
