import { describe, expect, it } from 'vitest';
import { affectsDatasets, countText, formatIndexedAt, formatTimestamp, layoutName } from '../../../../renderer/features/datasets/model/dataset-format';

describe('dataset list formatting', () => {
  it('names the layout by its display name, falling back to the layout id', () => {
    expect(layoutName({ displayName: 'LUNA16 (subset0, annotations.csv)', layout: 'luna16' })).toBe('LUNA16 (subset0, annotations.csv)');
    expect(layoutName({ displayName: null, layout: 'kaggle-dsb2017' })).toBe('kaggle-dsb2017');
    expect(layoutName({ displayName: '  ', layout: 'lidc-idri' })).toBe('lidc-idri');
    expect(layoutName({ displayName: null, layout: '' })).toBe('unknown layout');
  });

  it('counts with singular/plural and thousands separators', () => {
    expect(countText(1, 'scan')).toBe('1 scan');
    expect(countText(0, 'scan')).toBe('0 scans');
    expect(countText(2345, 'scan')).toBe('2,345 scans');
    expect(countText(3, 'series', 'series')).toBe('3 series');
  });

  it('formats a timestamp as local date and time to the minute', () => {
    expect(formatTimestamp(new Date(2026, 2, 4, 9, 5, 59).getTime())).toBe('2026-03-04 09:05');
  });

  it('says how long ago a dataset was indexed, and when it never was', () => {
    const now = new Date(2026, 2, 10, 12, 0).getTime();
    expect(formatIndexedAt(null, now)).toBe('not indexed yet');
    expect(formatIndexedAt(now - 20_000, now)).toBe('indexed just now');
    expect(formatIndexedAt(now + 5_000, now)).toBe('indexed just now'); // clock skew
    expect(formatIndexedAt(now - 5 * 60_000, now)).toBe('indexed 5 min ago');
    expect(formatIndexedAt(now - 3 * 3_600_000, now)).toBe('indexed 3 h ago');
    expect(formatIndexedAt(now - 2 * 86_400_000, now)).toBe('indexed 2 d ago');
    expect(formatIndexedAt(new Date(2026, 0, 15, 8, 0).getTime(), now)).toBe('indexed 2026-01-15');
  });

  it('refreshes datasets after indexing and demo jobs, not after histogram or volume loads', () => {
    expect(affectsDatasets({ type: 'indexDataset' })).toBe(true);
    expect(affectsDatasets({ type: 'checkDataset' })).toBe(true);
    expect(affectsDatasets({ type: 'makeDemo' })).toBe(true);
    expect(affectsDatasets({ type: 'huHistogram' })).toBe(false);
    expect(affectsDatasets({ type: 'loadVolume' })).toBe(false);
  });
});
