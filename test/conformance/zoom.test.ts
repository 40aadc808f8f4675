// zoom against scipy.ndimage.zoom 1.10.1 (mode 'nearest') on the shared conformance
// cases (shared/conformance/cases/zoom): one `it` per case, compared with the case's mode.
import { describe, expect, it } from 'vitest';
import { type Triple, type ZoomOrder, type ZoomVolume, zoom, zoomOutputDims } from '../../native/resample';
import { conformanceAvailable, CONFORMANCE_ROOT, ConformanceCase, dimsOfShape, expectConformant, listCases } from '../helpers/conformance';
import type { NpyArray } from '../helpers/npy';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: zoom conformance skipped`);

function zoomInput(a: NpyArray): ZoomVolume {
  if (a.data instanceof Int16Array || a.data instanceof Uint8Array || a.data instanceof Float32Array) return a.data;
  throw new Error(`zoom takes int16, uint8 or float32, the case has ${a.dtype}`);
}

function orderOf(c: ConformanceCase): ZoomOrder {
  const o = c.params.order;
  if (o !== 0 && o !== 1 && o !== 3) throw new Error(`${c.name}: order ${String(o)}`);
  return o;
}

/** C-order (z, y, x) parameters → [x, y, z], a 2D (y, x) pair as [x, y, 1]. */
function xyzOf(v: number[]): Triple {
  const d = dimsOfShape(v);
  if (v.length === 2) d[2] = 1;
  return d;
}

describe.skipIf(!available)('zoom conformance (scipy.ndimage.zoom 1.10.1, mode nearest)', () => {
  const cases = listCases('zoom');
  it('finds the zoom cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(31);
  });
  for (const entry of cases) {
    it(`zoom/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      expect(c.params.mode).toBe('nearest');
      const image = c.input('image');
      const expected = c.output('out');
      const input = zoomInput(image);
      const before = input.slice();
      const dims = dimsOfShape(image.shape);
      const outDims = dimsOfShape(expected.shape);
      // scipy's own shape rule from the factors gives the case's output shape.
      expect(zoomOutputDims(dims, xyzOf(c.params.factors as number[]))).toEqual(outDims);
      const out = zoom(input, dims, outDims, orderOf(c));
      expect(out.constructor).toBe(input.constructor);
      const result = expectConformant(c, 'out', out);
      if (result.matched !== 'exact') console.info(`[conformance] ${c.name}: ${result.message}`);
      expect(input).toEqual(before);
    });
  }
});
