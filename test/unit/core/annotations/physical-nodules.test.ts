import { describe, expect, it } from 'vitest';
import { countPhysicalNodules } from '../../../../electron/core/annotations/physical-nodules';

describe('countPhysicalNodules', () => {
  it('counts a LUNA16 row lying on an LIDC consensus nodule once', () => {
    expect(
      countPhysicalNodules([
        { source: 'lidc-xml', kind: 'consensus', center: [56.37, 86.32, -115.99], diameterMm: 24.6 },
        { source: 'luna-csv', kind: 'nodule', center: [56.21, 86.34, -115.87], diameterMm: 23.4 },
      ]),
    ).toBe(1);
  });

  it('counts marks far apart separately and ignores reader marks and non-nodules', () => {
    expect(
      countPhysicalNodules([
        { source: 'luna-csv', kind: 'nodule', center: [0, 0, 0], diameterMm: 6 },
        { source: 'user', kind: 'nodule', center: [30, 0, 0], diameterMm: 6 },
        { source: 'lidc-xml', kind: 'reader', center: [60, 0, 0], diameterMm: 6 },
        { source: 'lidc-xml', kind: 'non-nodule', center: [90, 0, 0], diameterMm: null },
      ]),
    ).toBe(2);
  });
});
