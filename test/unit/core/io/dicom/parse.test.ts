import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../electron/common/errors';
import { getNumber, getNumbers, getString } from '../../../../../electron/core/io/dicom/dataset';
import { NeedMoreBytes, parseDicom } from '../../../../../electron/core/io/dicom/parse';
import { readDicomHeader } from '../../../../../electron/core/io/dicom/read-file';
import { Tags } from '../../../../../electron/core/io/dicom/tags';
import { A0001_DIR, LIDC_FILE, hasData } from './data-paths';
import { EXPLICIT_LE, IMPLICIT_LE, TS, ctSlice, element, encapsulatedPixels, part10, sequence, str, us } from './build-dicom';

function expectCode(fn: () => unknown, code: string): LungDeskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LungDeskError);
    expect((e as LungDeskError).code).toBe(code);
    return e as LungDeskError;
  }
  throw new Error(`expected ${code}, nothing thrown`);
}

describe('parseDicom on real files', () => {
  it.skipIf(!hasData(LIDC_FILE))('reads an Explicit VR LE file with preamble (LIDC-IDRI-0001)', () => {
    const f = parseDicom(fs.readFileSync(LIDC_FILE), { file: LIDC_FILE });
    expect(f.hasPreamble).toBe(true);
    expect(f.transferSyntax.uid).toBe('1.2.840.10008.1.2.1');
    expect(getNumber(f, Tags.Rows)).toBe(512);
    expect(f.pixelData).toMatchObject({ length: 512 * 512 * 2, encapsulated: false });
    expect(getString(f, Tags.SeriesInstanceUID)).toBe('1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192');
  });

  it.skipIf(!hasData(A0001_DIR))('reads an Implicit VR LE file using the tag dictionary (Lung-PET-CT-Dx A0001)', () => {
    const file = path.join(A0001_DIR, '1-01.dcm');
    const f = parseDicom(fs.readFileSync(file), { file });
    expect(f.transferSyntax.explicitVr).toBe(false);
    expect(getNumber(f, Tags.Columns)).toBe(512);
    expect(getNumbers(f, Tags.PixelSpacing)).toEqual([0.841796875, 0.841796875]);
    expect(getNumber(f, Tags.BitsStored)).toBe(12);
  });

  it.skipIf(!hasData(LIDC_FILE))('headerOnly locates pixel data without needing its bytes', () => {
    const full = fs.readFileSync(LIDC_FILE);
    const f = parseDicom(full, { file: LIDC_FILE });
    const headerBytes = full.subarray(0, f.pixelData!.offset);
    const h = parseDicom(headerBytes, { file: LIDC_FILE, headerOnly: true, fileSize: full.length });
    expect(h.pixelData).toEqual({ offset: f.pixelData!.offset, length: 524288, encapsulated: false });
    // Without the real size, the same bytes are a truncated file.
    expectCode(() => parseDicom(headerBytes, { file: LIDC_FILE }), 'io.truncated');
  });

  it.skipIf(!hasData(LIDC_FILE))('a partial buffer asks for more bytes instead of failing (NeedMoreBytes)', () => {
    const full = fs.readFileSync(LIDC_FILE);
    expect(() => parseDicom(full.subarray(0, 300), { file: 'x', headerOnly: true, fileSize: full.length })).toThrow(NeedMoreBytes);
  });
});

describe('parseDicom on drawn files', () => {
  it('reads Explicit VR Big Endian values in big-endian byte order', () => {
    const f = parseDicom(ctSlice({ ts: TS.explicitBE, rows: 3, cols: 2, pixelRepresentation: 1, padding: -2000 }));
    expect(f.transferSyntax.littleEndian).toBe(false);
    expect(getNumber(f, Tags.Rows)).toBe(3);
    expect(getNumber(f, Tags.PixelPaddingValue, { signed16: true })).toBe(-2000);
  });

  it('inflates a Deflated Explicit VR LE dataset (1.2.840.10008.1.2.1.99)', () => {
    const f = parseDicom(ctSlice({ ts: TS.deflated, rows: 4, cols: 5 }));
    expect(f.transferSyntax.deflated).toBe(true);
    expect(getNumber(f, Tags.Columns)).toBe(5);
    expect(f.pixelData?.length).toBe(40);
  });

  it('a deflated dataset that inflates past the size cap is io.too-large, inflated no further than the cap', () => {
    const bomb = part10(TS.deflated, Buffer.alloc(32 << 20));
    expect(bomb.length).toBeLessThan(1 << 20);
    process.env['LUNGDESK_MAX_VOLUME_MB'] = '8';
    try {
      const e = (() => {
        try {
          parseDicom(bomb, { file: 'bomb.dcm' });
        } catch (x) {
          return x;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(LungDeskError);
      expect((e as LungDeskError).code).toBe('io.too-large');
      expect((e as LungDeskError).message).toContain('bomb.dcm');
    } finally {
      delete process.env['LUNGDESK_MAX_VOLUME_MB'];
    }
  });

  it('accepts a file without the 128-byte preamble that starts with group 0002', () => {
    const f = parseDicom(ctSlice({ noPreamble: true }));
    expect(f.hasPreamble).toBe(false);
    expect(getNumber(f, Tags.Rows)).toBe(2);
  });

  it('accepts a bare dataset starting with group 0008 and guesses Implicit vs Explicit VR', () => {
    const ds = Buffer.concat([str(IMPLICIT_LE, 0x0008, 0x0060, 'CS', 'CT'), us(IMPLICIT_LE, 0x0028, 0x0010, 7)]);
    const f = parseDicom(part10(TS.implicitLE, ds, { noPreamble: true, noMeta: true }));
    expect(f.transferSyntax.explicitVr).toBe(false);
    expect(getNumber(f, Tags.Rows)).toBe(7);
    const ex = Buffer.concat([str(EXPLICIT_LE, 0x0008, 0x0060, 'CS', 'CT'), us(EXPLICIT_LE, 0x0028, 0x0010, 9)]);
    expect(getNumber(parseDicom(part10(TS.explicitLE, ex, { noPreamble: true, noMeta: true })), Tags.Rows)).toBe(9);
  });

  for (const [name, enc, ts] of [
    ['Explicit VR', EXPLICIT_LE, TS.explicitLE],
    ['Implicit VR', IMPLICIT_LE, TS.implicitLE],
  ] as const) {
    it(`skips nested sequences of defined and undefined length; nested tags never shadow top-level ones (${name})`, () => {
      const inner = sequence(enc, 0x0008, 0x1140, [us(enc, 0x0028, 0x0010, 99)], { undefinedSeq: true, undefinedItems: true });
      const item = Buffer.concat([inner, us(enc, 0x0028, 0x0011, 77)]);
      const ds = Buffer.concat([
        sequence(enc, 0x0008, 0x1115, [item, item], { undefinedSeq: true, undefinedItems: true }),
        sequence(enc, 0x0008, 0x1120, [item], {}),
        sequence(enc, 0x0008, 0x1125, [], { undefinedSeq: true }),
        us(enc, 0x0028, 0x0010, 3),
        us(enc, 0x0028, 0x0011, 4),
        element(enc, 0x7fe0, 0x0010, 'OW', Buffer.alloc(24)),
      ]);
      const f = parseDicom(part10(ts, ds));
      expect(getNumber(f, Tags.Rows)).toBe(3);
      expect(getNumber(f, Tags.Columns)).toBe(4);
      expect(f.pixelData?.length).toBe(24);
    });
  }

  it('recognises encapsulated pixel data and lists its fragments (compressed syntaxes)', () => {
    const ds = Buffer.concat([us(EXPLICIT_LE, 0x0028, 0x0010, 2), encapsulatedPixels([Buffer.alloc(10, 1), Buffer.alloc(6, 2)])]);
    const f = parseDicom(part10(TS.jpeg2000, ds));
    expect(f.transferSyntax).toMatchObject({ encapsulated: true, name: 'JPEG 2000 Lossless' });
    expect(f.pixelData?.encapsulated).toBe(true);
    expect(f.pixelData?.fragments?.map((x) => x.length)).toEqual([10, 6]);
    expect(parseDicom(part10(TS.jpeg2000, ds), { headerOnly: true }).pixelData?.length).toBeUndefined();
  });
});

describe('parseDicom errors', () => {
  it('rejects a text file as io.not-dicom, naming the file', () => {
    const e = expectCode(() => parseDicom(Buffer.from('<?xml version="1.0"?><a/>'.repeat(20)), { file: '/x/069.xml' }), 'io.not-dicom');
    expect(e.file).toBe('/x/069.xml');
    expect(e.message).toContain('/x/069.xml');
  });

  it('reports an element whose length runs past the end of the file as io.truncated', () => {
    const buf = ctSlice({ rows: 16, cols: 16 });
    const e = expectCode(() => parseDicom(buf.subarray(0, buf.length - 10), { file: 'cut.dcm' }), 'io.truncated');
    expect(e.file).toBe('cut.dcm');
  });

  it('reports invalid VR bytes as io.bad-header', () => {
    const ds = Buffer.concat([us(EXPLICIT_LE, 0x0028, 0x0010, 2)]);
    ds.write('a!', 4, 'latin1');
    expectCode(() => parseDicom(part10(TS.explicitLE, ds), { file: 'bad.dcm' }), 'io.bad-header');
  });

  it('reports a stray item tag inside a sequence as io.bad-header', () => {
    const bogus = Buffer.concat([element(EXPLICIT_LE, 0x0008, 0x1115, 'SQ', Buffer.concat([us(EXPLICIT_LE, 0x0028, 0x0010, 1)]), 0xffffffff)]);
    expectCode(() => parseDicom(part10(TS.explicitLE, bogus)), 'io.bad-header');
  });

  it('reports a non-numeric DS as io.bad-header when read', () => {
    const f = parseDicom(ctSlice({ spacing: 'abc\\1' }));
    expectCode(() => getNumbers(f, Tags.PixelSpacing), 'io.bad-header');
  });
});

describe('readDicomHeader', () => {
  it('grows its read window when the header is larger than the first read (40 KB private blob)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-parse-'));
    try {
      const blob = element(EXPLICIT_LE, 0x0028, 0x0121, 'UN', Buffer.alloc(40_000, 7));
      const file = path.join(dir, 'big.dcm');
      fs.writeFileSync(file, ctSlice({ rows: 64, cols: 64, padding: -2000, extra: blob }));
      const f = await readDicomHeader(file);
      expect(getNumber(f, Tags.Rows)).toBe(64);
      expect(f.pixelData?.length).toBe(64 * 64 * 2);
      const missing = await readDicomHeader(path.join(dir, 'nope.dcm')).catch((e: unknown) => e);
      expect((missing as LungDeskError).code).toBe('io.not-found');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
