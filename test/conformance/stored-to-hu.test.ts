// storedToHu against the seed's get_pixels_hu on the shared conformance cases
// (shared/conformance/cases/get_pixels_hu), slice by slice with per-slice slope/intercept.
import { describe, expect, it } from 'vitest';
import { storedToHu } from '../../native/index';
import { conformanceAvailable, ConformanceCase, expectConformant, listCases } from '../helpers/conformance';

const available = conformanceAvailable();

describe.skipIf(!available)('storedToHu conformance (seed get_pixels_hu)', () => {
  const cases = listCases('get_pixels_hu');
  it('finds the get_pixels_hu cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });
  for (const entry of cases) {
    it(`get_pixels_hu/${entry.case}`, () => {
      const c = new ConformanceCase(entry);
      const stored = c.input('stored');
      const [nz, ny, nx] = stored.shape as [number, number, number];
      const slopes = c.params.slopes as number[];
      const intercepts = c.params.intercepts as number[];
      // int16 or uint16 stored values, as their 16-bit patterns.
      const bits = new Uint16Array((stored.data as Int16Array | Uint16Array).buffer.slice(0));
      const out = new Int16Array(nx * ny * nz);
      for (let k = 0; k < nz; k++) {
        const slice = bits.subarray(k * nx * ny, (k + 1) * nx * ny);
        storedToHu(slice, out, k * nx * ny, { bitsStored: 16, highBit: 15, signed: stored.dtype === 'int16', padding: null, slope: slopes[k]!, intercept: intercepts[k]! });
      }
      expectConformant(c, 'hu', out);
    });
  }
});

describe('storedToHu binding', () => {
  it('masks bits above BitsStored and sign-extends 12-bit signed values', () => {
    const out = new Int16Array(3);
    // 0xF800 high garbage + 12-bit 0x800 (= -2048 signed), 0x07FF (= 2047), 0x0001.
    const r = storedToHu(new Uint16Array([0xf800, 0x07ff, 0x0001]), out, 0, { bitsStored: 12, highBit: 11, signed: true, slope: 1, intercept: 0 });
    expect([...out]).toEqual([-2048, 2047, 1]);
    expect(r).toEqual({ min: -2048, max: 2047, padded: 0 });
  });

  it('honours PixelPaddingValue and the tutorial -2000 rule before rescaling', () => {
    const out = new Int16Array(4);
    const r = storedToHu(new Uint16Array([0, 5, 63536, 100]), out, 0, { bitsStored: 16, highBit: 15, signed: false, padding: 0, slope: 1, intercept: -1024 });
    // 0 is padding → intercept; 63536 viewed as int16 is -2000 → intercept.
    expect([...out]).toEqual([-1024, -1019, -1024, -924]);
    // Both count as outside-the-field pixels.
    expect(r.padded).toBe(2);
  });

  it('refuses a slice that does not fit the output, naming outOffset (RangeError)', () => {
    expect(() => storedToHu(new Uint16Array(4), new Int16Array(6), 3, { bitsStored: 16, highBit: 15, signed: true, slope: 1, intercept: 0 })).toThrow(RangeError);
    expect(() => storedToHu(new Uint16Array(4), new Int16Array(6), 3, { bitsStored: 16, highBit: 15, signed: true, slope: 1, intercept: 0 })).toThrow(/outOffset/);
    expect(() => storedToHu(new Int16Array(4) as unknown as Uint16Array, new Int16Array(6), 0, { bitsStored: 16, highBit: 15, signed: true, slope: 1, intercept: 0 })).toThrow(TypeError);
    expect(() => storedToHu(new Uint16Array(4), new Int16Array(6), 0, { bitsStored: 17, highBit: 15, signed: true, slope: 1, intercept: 0 })).toThrow(/bitsStored/);
  });
});
