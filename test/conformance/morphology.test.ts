// binaryDilation / binaryErosion / binaryOpening / binaryClosing / fillHoles against
// scikit-image 0.19.3 and scipy 1.10.1 on the shared conformance cases
// (shared/conformance/cases/binary_*), including the 96³ lung mask dilated by ball(5).
import { describe, expect, it } from 'vitest';
import {
  binaryClosing,
  binaryDilation,
  binaryErosion,
  binaryOpening,
  type ErosionOptions,
  fillHoles,
  type FootprintShape,
} from '../../native/morphology';
import {
  conformanceAvailable,
  CONFORMANCE_ROOT,
  ConformanceCase,
  dimsOfShape,
  expectConformant,
  listCases,
} from '../helpers/conformance';

const available = conformanceAvailable();
if (!available) console.warn(`[conformance] ${CONFORMANCE_ROOT} not found: morphology conformance skipped`);

const KERNELS = {
  binary_dilation: { count: 19, run: binaryDilation },
  binary_erosion: { count: 19, run: binaryErosion },
  binary_opening: { count: 18, run: binaryOpening },
  binary_closing: { count: 19, run: binaryClosing },
} as const;

/** The element of a case: `disk(r)`, `ball(r)`, or `None (...)` = the cross. */
function elementOf(c: ConformanceCase): { radius: number; footprint: FootprintShape } {
  const fp = String(c.params.footprint);
  const m = /^(disk|ball)\((\d+)\)$/.exec(fp);
  if (m) return { radius: Number(m[2]), footprint: m[1] as 'disk' | 'ball' };
  if (fp.startsWith('None')) return { radius: 1, footprint: 'cross' };
  throw new Error(`${c.name}: unknown footprint ${fp}`);
}

/**
 * border_value of the erosion pass: the params say 1 (skimage erosion), 0 (scipy's
 * default, the `*_scipy_border0` contrasts) or null (skimage opening/closing: their
 * erosion is skimage's, border 1). Dilation always has 0 outside.
 */
function borderOf(c: ConformanceCase): 0 | 1 {
  const b = c.params.border_value;
  if (b === null || b === undefined || b === 1 || b === true) return 1;
  if (b === 0 || b === false) return 0;
  throw new Error(`${c.name}: border_value ${String(b)}`);
}

describe.skipIf(!available)('binary morphology conformance (skimage.morphology 0.19.3)', () => {
  for (const [kernel, { count, run }] of Object.entries(KERNELS)) {
    const cases = listCases(kernel);
    it(`finds the ${count} ${kernel} cases`, () => {
      expect(cases.length).toBe(count);
    });
    for (const entry of cases) {
      it(`${kernel}/${entry.case}`, () => {
        const c = new ConformanceCase(entry);
        const image = c.input('image');
        if (!(image.data instanceof Uint8Array)) throw new Error(`${c.name}: image is ${image.dtype}, expected uint8`);
        const dims = dimsOfShape(image.shape);
        const { radius, footprint } = elementOf(c);
        const border = borderOf(c);
        const opts: ErosionOptions = { footprint, ...(kernel === 'binary_dilation' ? {} : { borderValue: border }) };
        if (kernel === 'binary_dilation' && c.params.border_value !== 0) throw new Error(`${c.name}: dilation border must be 0`);
        const before = image.data.slice();
        const out = run(image.data, dims, radius, opts);
        expectConformant(c, 'out', out);
        // Buffer.equals: vitest's toEqual walks 884k elements one by one for the 96³ case.
        expect(Buffer.from(image.data).equals(Buffer.from(before))).toBe(true);
      });
    }
  }
});

describe.skipIf(!available)('fillHoles conformance (scipy.ndimage.binary_fill_holes 1.10.1)', () => {
  const cases = listCases('binary_fill_holes');
  it('finds the 8 binary_fill_holes cases', () => {
    expect(cases.length).toBe(8);
  });
  for (const entry of cases) {
    it(`binary_fill_holes/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const image = c.input('image');
      if (!(image.data instanceof Uint8Array)) throw new Error(`${c.name}: image is ${image.dtype}, expected uint8`);
      const structure = String(c.params.structure);
      const full = structure.startsWith('full');
      if (!full && !structure.startsWith('default')) throw new Error(`${c.name}: unknown structure ${structure}`);
      const dim = c.params.ndim === 2 ? 2 : 3;
      const { mask, filled } = fillHoles(image.data, dimsOfShape(image.shape), { dim, fullConnectivity: full });
      expectConformant(c, 'out', mask);
      let added = 0;
      for (let i = 0; i < mask.length; ++i) added += mask[i]! - (image.data[i] !== 0 ? 1 : 0);
      expect(filled).toBe(added);
    });
  }
});
