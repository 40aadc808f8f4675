// resampleToSpacing against the tutorial's resample (shared/reference/seed_pipeline.py:
// float32 spacing, np.round new shape, scipy.ndimage.zoom mode 'nearest') on the shared
// conformance cases (shared/conformance/cases/resample).
import { describe, expect, it } from 'vitest';
import { type Triple, type ZoomOrder, resampleToSpacing } from '../../native/resample';
import { conformanceAvailable, CONFORMANCE_ROOT, ConformanceCase, dimsOfShape, expectConformant, listCases } from '../helpers/conformance';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: resample conformance skipped`);

const xyz = (zyx: number[]): Triple => [zyx[2]!, zyx[1]!, zyx[0]!];

describe.skipIf(!available)('resampleToSpacing conformance (tutorial resample, numpy 1.24.2 / scipy 1.10.1)', () => {
  const cases = listCases('resample');
  it('finds the resample cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });
  for (const entry of cases) {
    it(`resample/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image');
      if (!(image.data instanceof Int16Array)) throw new Error(`${c.name}: expected int16 input, got ${image.dtype}`);
      const order = c.params.order as ZoomOrder;
      const before = image.data.slice();
      const r = resampleToSpacing(image.data, dimsOfShape(image.shape), xyz(c.params.spacing_zyx as number[]), xyz(c.params.new_spacing as number[]), order);
      expect(r.dims).toEqual(dimsOfShape(c.output('out').shape));
      expect(r.data).toBeInstanceOf(Int16Array);
      const rtol = (c.spec.compare.new_spacing_rtol as number | undefined) ?? 1e-9;
      const expectedSpacing = xyz(c.params.expected_new_spacing as number[]);
      for (let a = 0; a < 3; ++a) {
        expect(Math.abs(r.spacing[a]! - expectedSpacing[a]!)).toBeLessThanOrEqual(rtol * Math.abs(expectedSpacing[a]!));
      }
      const result = expectConformant(c, 'out', r.data);
      if (result.matched !== 'exact') console.info(`[conformance] ${c.name}: ${result.message}`);
      expect(image.data).toEqual(before);
    });
  }
});
