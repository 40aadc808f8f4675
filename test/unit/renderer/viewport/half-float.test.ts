import { describe, expect, it } from 'vitest';
import { halfBits, int16ToHalf, intHalfBits } from '../../../../renderer/features/viewport/model/half-float';

/** Decodes binary16 bits to a number (the reference the GPU samples). */
function fromHalf(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

describe('half floats for the CT texture', () => {
  it('encodes known values bit for bit', () => {
    expect(halfBits(0)).toBe(0x0000);
    expect(halfBits(1)).toBe(0x3c00);
    expect(halfBits(-2)).toBe(0xc000);
    expect(halfBits(0.5)).toBe(0x3800);
    expect(halfBits(65504)).toBe(0x7bff);
    expect(halfBits(2 ** -24)).toBe(0x0001);
  });

  it('keeps every HU from -2048 to 2048 exact', () => {
    for (let v = -2048; v <= 2048; v++) expect(fromHalf(halfBits(v))).toBe(v);
  });

  it('rounds larger int16 values to the nearest half, ties to even', () => {
    expect(fromHalf(halfBits(2049))).toBe(2048);
    expect(fromHalf(halfBits(2051))).toBe(2052);
    expect(fromHalf(halfBits(-32768))).toBe(-32768);
    expect(fromHalf(halfBits(32767))).toBe(32768);
    for (let v = -32768; v <= 32767; v += 7) {
      const step = 2 ** (Math.floor(Math.log2(Math.max(1, Math.abs(v)))) - 10);
      expect(Math.abs(fromHalf(halfBits(v)) - v)).toBeLessThanOrEqual(Math.max(step, 1) / 2);
    }
  });

  it('gives every int16 (and 32768) the same bits from integer arithmetic as halfBits', () => {
    for (let v = -32768; v <= 32768; v++) if (intHalfBits(v) !== halfBits(v)) expect(intHalfBits(v), `v = ${v}`).toBe(halfBits(v));
  });

  it('converts an int16 array through the table as halfBits does', () => {
    const src = Int16Array.from([-32768, -1024, -1, 0, 1, 40, 3071, 32767]);
    const dst = new Uint16Array(src.length);
    int16ToHalf(src, dst);
    expect(Array.from(dst)).toEqual(Array.from(src, (v) => halfBits(v)));
  });
});
