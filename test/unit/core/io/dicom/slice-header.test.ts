import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { parseDicom } from '../../../../../electron/core/io/dicom/parse';
import { sliceHeaderOf } from '../../../../../electron/core/io/dicom/slice-header';
import { LIDC_FILE, hasData } from './data-paths';
import { TS, ctSlice } from './build-dicom';

const header = (buf: Buffer) => sliceHeaderOf(parseDicom(buf, { file: 'drawn.dcm' }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof LungDeskError) return e.code;
    throw e;
  }
  return undefined;
}

describe('sliceHeaderOf', () => {
  it.skipIf(!hasData(LIDC_FILE))('reads LIDC PixelPaddingValue stored as US 63536 as -2000 (PixelRepresentation 1)', () => {
    const h = sliceHeaderOf(parseDicom(fs.readFileSync(LIDC_FILE), { file: LIDC_FILE }));
    expect(h.pixelPaddingValue).toBe(-2000);
    expect(h.pixelRepresentation).toBe(1);
    expect(h.pixelSpacing).toEqual([0.703125, 0.703125]);
    expect(h.rescaleIntercept).toBe(-1024);
    expect(h.imageType).toEqual(['ORIGINAL', 'PRIMARY', 'AXIAL']);
  });

  it('reads PixelPaddingValue unsigned when PixelRepresentation is 0', () => {
    expect(header(ctSlice({ pixelRepresentation: 0, padding: 63536 })).pixelPaddingValue).toBe(63536);
  });

  it('reads an Implicit VR PixelPaddingValue (US or SS) with the sign PixelRepresentation gives', () => {
    expect(header(ctSlice({ ts: TS.implicitLE, pixelRepresentation: 1, padding: -2000 })).pixelPaddingValue).toBe(-2000);
  });

  it('defaults RescaleSlope/RescaleIntercept to 1/0 when absent', () => {
    const buf = ctSlice({ slope: '1', intercept: '0' });
    const h = header(buf);
    expect([h.rescaleSlope, h.rescaleIntercept]).toEqual([1, 0]);
  });

  it('keeps PixelSpacing in DICOM order [row spacing, column spacing]', () => {
    expect(header(ctSlice({ spacing: '0.5\\0.75' })).pixelSpacing).toEqual([0.5, 0.75]);
  });

  it('rejects NaN, non-finite and zero PixelSpacing (io.bad-header)', () => {
    expect(codeOf(() => header(ctSlice({ spacing: 'NaN\\1' })))).toBe('io.bad-header');
    expect(codeOf(() => header(ctSlice({ spacing: 'Infinity\\1' })))).toBe('io.bad-header');
    expect(codeOf(() => header(ctSlice({ spacing: '0\\0.7' })))).toBe('io.bad-header');
    expect(codeOf(() => header(ctSlice({ spacing: '-1\\0.7' })))).toBe('io.bad-header');
  });

  it('rejects a non-orthogonal or zero ImageOrientationPatient (io.bad-header)', () => {
    expect(codeOf(() => header(ctSlice({ iop: [1, 0, 0, 1, 0, 0] })))).toBe('io.bad-header');
    expect(codeOf(() => header(ctSlice({ iop: [0, 0, 0, 0, 1, 0] })))).toBe('io.bad-header');
  });

  it('rejects BitsStored larger than BitsAllocated (io.bad-header)', () => {
    expect(codeOf(() => header(ctSlice({ bitsAllocated: 8, bitsStored: 12, highBit: 11 })))).toBe('io.bad-header');
  });
});
