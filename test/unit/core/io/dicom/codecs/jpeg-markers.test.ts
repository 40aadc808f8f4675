import { describe, expect, it } from 'vitest';
import { endsWithEndMarker, readJpegFrameHeader } from '../../../../../../electron/core/io/dicom/codecs/jpeg-markers';

/** SOI, an APP0 segment, optional fill bytes, then a SOFn segment for a 1-component frame. */
function jpeg(sof: number, opts: { fill?: number; precision?: number; height?: number; width?: number } = {}): Uint8Array {
  const { precision = 16, height = 512, width = 256 } = opts;
  return Uint8Array.from([
    0xff, 0xd8,
    0xff, 0xe0, 0x00, 0x04, 0x41, 0x42,
    ...Array<number>(opts.fill ?? 0).fill(0xff),
    0xff, sof, 0x00, 0x0b, precision, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00,
    0xff, 0xd9,
  ]);
}

describe('readJpegFrameHeader', () => {
  it('reads precision, height, width and components from SOF3 after other segments', () => {
    expect(readJpegFrameHeader(jpeg(0xc3))).toEqual({ sof: 0xc3, precision: 16, height: 512, width: 256, components: 1 });
  });

  it('reads JPEG-LS SOF55 and skips 0xFF fill bytes before a marker', () => {
    expect(readJpegFrameHeader(jpeg(0xf7, { fill: 3, precision: 12, height: 3, width: 70000 & 0xffff }))).toMatchObject({ sof: 0xf7, precision: 12, height: 3 });
  });

  it('returns undefined without SOI, when a length runs past the end, or when SOS comes before any SOF', () => {
    expect(readJpegFrameHeader(Uint8Array.from([0, 1, 2, 3]))).toBeUndefined();
    expect(readJpegFrameHeader(jpeg(0xc3).subarray(0, 12))).toBeUndefined();
    expect(readJpegFrameHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xc3, 0, 11]))).toBeUndefined();
    expect(readJpegFrameHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 1]))).toBeUndefined();
  });
});

describe('endsWithEndMarker', () => {
  it('finds FF D9 at the end or followed by fragment padding, not elsewhere', () => {
    expect(endsWithEndMarker(Uint8Array.from([1, 2, 0xff, 0xd9]))).toBe(true);
    expect(endsWithEndMarker(Uint8Array.from([1, 2, 0xff, 0xd9, 0]))).toBe(true);
    expect(endsWithEndMarker(Uint8Array.from([0xff, 0xd9, ...Array<number>(40).fill(7)]))).toBe(false);
    expect(endsWithEndMarker(Uint8Array.from([0xff]))).toBe(false);
    expect(endsWithEndMarker(new Uint8Array(0))).toBe(false);
  });
});
