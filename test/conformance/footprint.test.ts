// disk(r) / ball(r) footprints against skimage.morphology 0.19.3 on the shared
// conformance cases (shared/conformance/cases/footprint).
import { describe, expect, it } from 'vitest';
import { ball, disk } from '../../native/morphology';
import { conformanceAvailable, CONFORMANCE_ROOT, ConformanceCase, expectConformant, listCases } from '../helpers/conformance';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: footprint conformance skipped`);

describe.skipIf(!available)('footprint conformance (skimage.morphology.disk / ball 0.19.3)', () => {
  const cases = listCases('footprint');
  it('finds the 9 footprint cases', () => {
    expect(cases.length).toBe(9);
  });
  for (const entry of cases) {
    it(`footprint/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const radius = c.params.radius as number;
      const fp = c.params.shape === 'disk' ? disk(radius) : ball(radius);
      expect(fp.shape).toEqual(c.output('footprint').shape);
      expectConformant(c, 'footprint', fp.data);
    });
  }
});
