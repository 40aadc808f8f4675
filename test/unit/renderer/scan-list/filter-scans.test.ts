import { describe, expect, it } from 'vitest';
import type { ScanListItem } from '../../../../electron/common/contract';
import {
  defaultDir,
  filterScans,
  matchesChip,
  matchesQuery,
  shownCountText,
  sortScans,
  toggleChip,
  warningsTooltip,
} from '../../../../renderer/features/scan-list/model/filter-scans';

function scan(id: number, over: Partial<ScanListItem> = {}): ScanListItem {
  return {
    id,
    datasetId: 1,
    seriesInstanceUid: `1.2.840.${id}`,
    patientId: `P${id}`,
    description: '',
    modality: 'CT',
    format: 'dicom',
    dims: [512, 512, 100],
    spacing: [0.7, 0.7, 2.5],
    origin: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    sliceCount: 100,
    missingSlices: [],
    path: `/d/${id}`,
    warnings: [],
    noduleCount: 0,
    reviewStatus: 'unreviewed',
    ...over,
  };
}

describe('scan filter', () => {
  const list = [
    scan(1, { patientId: 'LIDC-IDRI-0001', description: 'Chest CT', noduleCount: 3, reviewStatus: 'done' }),
    scan(2, { patientId: '', seriesInstanceUid: '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192', noduleCount: 0, warnings: ['gap'] }),
    scan(3, { patientId: 'lidc-idri-0010', description: 'THIN lung', noduleCount: 1, reviewStatus: 'in-progress' }),
  ];

  it('matches the query as a case-insensitive substring of patient id, series UID or description', () => {
    expect(matchesQuery(list[0]!, 'idri-0001')).toBe(true);
    expect(matchesQuery(list[1]!, '17904937')).toBe(true);
    expect(matchesQuery(list[2]!, 'thin LUNG')).toBe(true);
    expect(matchesQuery(list[0]!, 'thin')).toBe(false);
  });

  it('treats a blank or whitespace query as matching every scan', () => {
    expect(filterScans(list, { query: '   ', chips: [] })).toHaveLength(3);
  });

  it('trims the query before matching', () => {
    expect(filterScans(list, { query: '  LIDC ', chips: [] }).map((s) => s.id)).toEqual([1, 3]);
  });

  it('applies each chip: with nodules, to review (not done: unreviewed or in progress), has warnings', () => {
    expect(matchesChip(list[0]!, 'with-nodules')).toBe(true);
    expect(matchesChip(list[1]!, 'with-nodules')).toBe(false);
    expect(matchesChip(list[1]!, 'unreviewed')).toBe(true);
    expect(matchesChip(list[2]!, 'unreviewed')).toBe(true);
    expect(matchesChip(list[0]!, 'unreviewed')).toBe(false);
    expect(matchesChip(list[1]!, 'has-warnings')).toBe(true);
  });

  it('combines the query and all active chips with AND, keeping input order', () => {
    expect(filterScans(list, { query: '', chips: ['with-nodules'] }).map((s) => s.id)).toEqual([1, 3]);
    expect(filterScans(list, { query: 'lidc', chips: ['with-nodules', 'unreviewed'] }).map((s) => s.id)).toEqual([3]);
    expect(filterScans(list, { query: '', chips: ['unreviewed', 'has-warnings'] }).map((s) => s.id)).toEqual([2]);
  });

  it('does not mutate the input list', () => {
    const copy = [...list];
    filterScans(list, { query: 'x', chips: ['with-nodules'] });
    sortScans(list, 'nodules', 'desc');
    expect(list).toEqual(copy);
  });

  it('toggles a chip on and off without touching the input', () => {
    const on = toggleChip([], 'unreviewed');
    expect(on).toEqual(['unreviewed']);
    expect(toggleChip(on, 'unreviewed')).toEqual([]);
    expect(on).toEqual(['unreviewed']);
  });

  it('filters 5,000 scans in well under a frame budget', () => {
    const big = Array.from({ length: 5000 }, (_, i) => scan(i + 1, { description: i % 7 === 0 ? 'needle' : 'hay', noduleCount: i % 3 }));
    const t0 = performance.now();
    const out = filterScans(big, { query: 'NEEDLE', chips: ['with-nodules'] });
    const sorted = sortScans(out, 'patient', 'asc');
    expect(performance.now() - t0).toBeLessThan(100);
    expect(sorted.length).toBe(big.filter((s) => s.description === 'needle' && s.noduleCount > 0).length);
  });
});

describe('scan sort', () => {
  const list = [
    scan(1, { patientId: 'P10', noduleCount: 2, sliceCount: 300 }),
    scan(2, { patientId: 'P2', noduleCount: 5, sliceCount: 120 }),
    scan(3, { patientId: 'p1', noduleCount: 2, sliceCount: 120 }),
    scan(4, { patientId: '', seriesInstanceUid: '1.9', noduleCount: 0, sliceCount: 50 }),
  ];

  it('orders patient ids naturally and case-insensitively (P2 before P10), UID standing in for a missing id', () => {
    expect(sortScans(list, 'patient', 'asc').map((s) => s.id)).toEqual([4, 3, 2, 1]);
    expect(sortScans(list, 'patient', 'desc').map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });

  it('sorts by nodule count, ties broken by patient id ascending whatever the direction', () => {
    expect(sortScans(list, 'nodules', 'desc').map((s) => s.id)).toEqual([2, 3, 1, 4]);
    expect(sortScans(list, 'nodules', 'asc').map((s) => s.id)).toEqual([4, 3, 1, 2]);
  });

  it('sorts by slice count', () => {
    expect(sortScans(list, 'slices', 'desc').map((s) => s.id)).toEqual([1, 3, 2, 4]);
  });

  it('breaks a full tie by scan id so the order is stable', () => {
    const twins = [scan(9, { patientId: 'X' }), scan(5, { patientId: 'X' })];
    expect(sortScans(twins, 'patient', 'asc').map((s) => s.id)).toEqual([5, 9]);
  });

  it('starts counts descending and patient ids ascending', () => {
    expect(defaultDir('patient')).toBe('asc');
    expect(defaultDir('nodules')).toBe('desc');
    expect(defaultDir('slices')).toBe('desc');
  });
});

describe('scan list texts', () => {
  it('lists every warning on its own line in the tooltip, empty when none', () => {
    expect(warningsTooltip([])).toBe('');
    expect(warningsTooltip(['slice gap at 12', 'oblique'])).toBe('2 warnings:\n• slice gap at 12\n• oblique');
    expect(warningsTooltip(['x'])).toBe('1 warning:\n• x');
  });

  it('says how many scans the filter shows out of the total, with thousands separators', () => {
    expect(shownCountText(2000, 2000)).toBe('2,000 scans');
    expect(shownCountText(12, 2000)).toBe('12 of 2,000 scans');
    expect(shownCountText(1, 1)).toBe('1 scan');
  });
});
