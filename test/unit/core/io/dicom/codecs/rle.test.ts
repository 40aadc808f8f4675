import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../../../../electron/common/errors';
import { decodeRle } from '../../../../../../electron/core/io/dicom/codecs/rle';
import type { FrameInfo } from '../../../../../../electron/core/io/dicom/codecs/frame';
import { parseDicom } from '../../../../../../electron/core/io/dicom/parse';
import { decodeSliceToHu, loadDicomVolume } from '../../../../../../electron/core/io/dicom/pixels';
import { sliceHeaderOf } from '../../../../../../electron/core/io/dicom/slice-header';
import { ctSlice, encapsulatedPixels } from '../build-dicom';
import { WG04_DIR, hasData } from '../data-paths';
import { packBits, rleFrame, rleSlice } from './compressed-files';

const info = (rows: number, columns: number, bitsAllocated = 16, pixelRepresentation = 1): FrameInfo => ({
  file: 'drawn.dcm',
  rows,
  columns,
  bitsAllocated,
  bitsStored: bitsAllocated,
  pixelRepresentation,
});

/** A frame from hand-written segments (offsets filled in). */
function frame(...segments: number[][]): Uint8Array {
  const h = Buffer.alloc(64);
  h.writeUInt32LE(segments.length, 0);
  let o = 64;
  segments.forEach((s, k) => {
    h.writeUInt32LE(o, 4 + 4 * k);
    o += s.length;
  });
  return Buffer.concat([h, ...segments.map((s) => Buffer.from(s))]);
}

function errorOf(f: () => unknown): LungDeskError {
  try {
    f();
  } catch (e) {
    if (e instanceof LungDeskError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('RLE Lossless decoding (PS3.5 Annex G)', () => {
  it('copies n+1 literal bytes for control n ≥ 0, repeats the next byte 1−n times for n < 0, skips −128', () => {
    // 2 literals (1, 2), −128 no-op, 3 × 7, 1 literal (9)
    const out = decodeRle(frame([1, 1, 2, 0x80, 0xfe, 7, 0, 9]), info(1, 6, 8, 0));
    expect(Array.from(out)).toEqual([1, 2, 7, 7, 7, 9]);
  });

  it('puts segment 0 in the high byte and segment 1 in the low byte of 16-bit samples', () => {
    const out = decodeRle(frame([3, 0x01, 0xff, 0x00, 0xf8], [3, 0x02, 0xfe, 0x05, 0x30]), info(2, 2));
    expect(out).toBeInstanceOf(Int16Array);
    expect(Array.from(out)).toEqual([0x0102, -2, 5, -2000]);
  });

  it('returns Uint16Array for unsigned data and ignores bytes past rows × columns (segment padding)', () => {
    const out = decodeRle(frame([0xfd, 0xff, 0], [0xfd, 0xff, 0]), info(1, 4, 16, 0));
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Array.from(out)).toEqual([65535, 65535, 65535, 65535]);
  });

  it('a segment that decodes to too few bytes is io.truncated naming the file and codec', () => {
    const e = errorOf(() => decodeRle(frame([0xfe, 1], [0xfd, 2]), info(1, 4)));
    expect(e.code).toBe('io.truncated');
    expect(e.message).toContain('drawn.dcm');
    expect(e.message).toContain('RLE Lossless');
  });

  it('a segment count other than BitsAllocated/8, offsets out of order, or a short header are refused', () => {
    expect(errorOf(() => decodeRle(frame([0xfd, 1]), info(1, 4))).code).toBe('io.bad-header');
    const bad = frame([0xfd, 1], [0xfd, 2]);
    Buffer.from(bad.buffer, bad.byteOffset).writeUInt32LE(10_000, 8);
    expect(errorOf(() => decodeRle(bad, info(1, 4))).code).toBe('io.bad-header');
    expect(errorOf(() => decodeRle(new Uint8Array(10), info(1, 4))).code).toBe('io.truncated');
  });

  it('round-trips a test-side PackBits encoding of every byte pattern', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 300 ? 7 : i < 700 ? (i * 37) & 0xff : i % 3));
    const packed = packBits(Uint8Array.from(values));
    const f = Buffer.concat([Buffer.from(frame([])).subarray(0, 64), packed]);
    f.writeUInt32LE(1, 0);
    f.writeUInt32LE(64, 4);
    expect(Array.from(decodeRle(f, info(1, 1000, 8, 0)))).toEqual(values);
  });
});

describe('RLE files load to the same HU as native files', () => {
  it('a drawn signed slice with padding: RLE and native give identical HU', () => {
    const pixels = [-2000, -1024, 0, 1, 3071, -32768, 32767, 40];
    const spec = { rows: 2, cols: 4, pixels, padding: -2000, intercept: '-1024' };
    const hu = (buf: Buffer): number[] => {
      const f = parseDicom(buf, { file: 'x.dcm' });
      const out = new Int16Array(8);
      decodeSliceToHu(f, sliceHeaderOf(f), out, 0);
      return Array.from(out);
    };
    expect(hu(rleSlice(spec))).toEqual(hu(ctSlice(spec)));
  });

  it('8-bit unsigned and 12-bit-in-16 unsigned slices round-trip', () => {
    const hu = (buf: Buffer, n: number): number[] => {
      const f = parseDicom(buf, { file: 'x.dcm' });
      const out = new Int16Array(n);
      decodeSliceToHu(f, sliceHeaderOf(f), out, 0);
      return Array.from(out);
    };
    const p8 = { rows: 2, cols: 2, bitsAllocated: 8, pixelRepresentation: 0, pixels: [0, 255, 128, 7], intercept: '-100' };
    expect(hu(rleSlice(p8), 4)).toEqual(hu(ctSlice(p8), 4));
    const p12 = { rows: 2, cols: 2, bitsStored: 12, pixelRepresentation: 0, pixels: [0xf123, 0x0fff, 0x0800, 1], intercept: '0' };
    expect(hu(rleSlice(p12), 4)).toEqual([291, 4095, 2048, 1]);
  });

  it.skipIf(!hasData(WG04_DIR))('the WG04 CT slice re-encoded with the test-side encoder loads through loadDicomVolume exactly', async () => {
    const unc = fs.readFileSync(path.join(WG04_DIR, 'CT1_UNC'));
    const f = parseDicom(unc, { file: 'CT1_UNC' });
    const pd = f.pixelData!;
    const stored = new Int16Array(new Uint8Array(unc.subarray(pd.offset, pd.offset + pd.length!)).buffer);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-rle-'));
    try {
      const file = path.join(dir, 'ct1-rle.dcm');
      // Same header, pixel data swapped for our own encoding (meta still says Explicit VR LE,
      // so patch the transfer syntax UID in place: both UIDs are padded to 20 bytes).
      const rle = Buffer.from(withRleSyntax(unc, rleFrame(stored, 2)));
      fs.writeFileSync(file, rle);
      const [a, b] = await Promise.all([loadDicomVolume([file]), loadDicomVolume([path.join(WG04_DIR, 'CT1_UNC')])]);
      expect(a.volume.dims).toEqual([512, 512, 1]);
      expect(Buffer.from(a.volume.voxels.buffer).equals(Buffer.from(b.volume.voxels.buffer))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A copy of native file `unc` as RLE Lossless: transfer syntax rewritten, pixel data encapsulated. */
function withRleSyntax(unc: Buffer, rle: Buffer): Buffer {
  const f = parseDicom(unc, { file: 'CT1_UNC', headerOnly: true });
  const el = f.meta.get(0x00020010)!;
  const meta = Buffer.from(unc.subarray(0, f.pixelData!.offset - 12));
  const uid = Buffer.alloc(el.length!, 0);
  uid.write('1.2.840.10008.1.2.5', 'latin1');
  uid.copy(meta, el.offset);
  return Buffer.concat([meta, encapsulatedPixels([rle])]);
}
