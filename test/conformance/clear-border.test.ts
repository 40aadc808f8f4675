// clearBorder against scikit-image 0.19.3 on the shared conformance cases
// (shared/conformance/cases/clear_border).
import { describe, expect, it } from 'vitest';
import { clearBorder, type IntegerImage } from '../../native/slice2d-mesh';
import { conformanceAvailable, CONFORMANCE_ROOT, ConformanceCase, dimsOfShape, expectConformant, listCases } from '../helpers/conformance';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: clear_border conformance skipped`);

describe.skipIf(!available)('clearBorder conformance (skimage.segmentation.clear_border 0.19.3)', () => {
  const cases = listCases('clear_border');
  it('finds the clear_border cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });
  for (const entry of cases) {
    it(`clear_border/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      expect(c.params.bgval ?? 0).toBe(0);
      const image = c.input('image');
      if (image.data instanceof Float32Array || image.data instanceof Float64Array) throw new Error(`float input ${image.dtype}`);
      const input: IntegerImage = image.data;
      const before = input.slice();
      // The case's array is one image: 2D (nz = 1) or 3D, so perSlice stays false.
      const out = clearBorder(input, dimsOfShape(image.shape), Number(c.params.buffer_size ?? 0));
      expect(out.constructor).toBe(input.constructor);
      expectConformant(c, 'out', out);
      expect(input).toEqual(before);
    });
  }
});
