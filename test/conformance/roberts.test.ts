// roberts against scikit-image 0.19.3 on the shared conformance cases
// (shared/conformance/cases/roberts).
import { describe, expect, it } from 'vitest';
import { roberts } from '../../native/slice2d-mesh';
import { conformanceAvailable, CONFORMANCE_ROOT, ConformanceCase, dimsOfShape, expectConformant, listCases } from '../helpers/conformance';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: roberts conformance skipped`);

describe.skipIf(!available)('roberts conformance (skimage.filters.roberts 0.19.3)', () => {
  const cases = listCases('roberts');
  it('finds the roberts cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });
  for (const entry of cases) {
    it(`roberts/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image');
      const data = image.data;
      if (data instanceof Uint16Array || data instanceof Int32Array) throw new Error(`unsupported input ${image.dtype}`);
      const before = data.slice();
      // Bool masks are stored as uint8 0/1; python_dtype says what skimage saw.
      const asBool = c.spec.inputs.image!.python_dtype === 'bool';
      const dims = dimsOfShape(image.shape);
      const out = data instanceof Float32Array ? roberts(data, dims) : roberts(data, dims, asBool);
      expect(out).toBeInstanceOf(c.spec.outputs.out!.dtype === 'float32' ? Float32Array : Float64Array);
      expectConformant(c, 'out', out);
      expect(data).toEqual(before);
    });
  }
});
