import { LungDeskError } from '../../../../common/errors';
import { badFrame, checkFrameShape, toNative, truncatedFrame, type DecodedPixels, type FrameDecoder, type FrameInfo } from './frame';
import { endsWithEndMarker } from './jpeg-markers';
import { WasmCodec, isWasmTrap } from './wasm-module';

/**
 * JPEG 2000 Lossless (1.2.840.10008.1.2.4.90) and lossy (.4.91) via OpenJPEG
 * (@cornerstonejs/codec-openjpeg, wasm). Call `loadJpeg2000()` once (async) before decoding.
 *
 * The SIZ marker is read first and its size checked against the DICOM header before the
 * codec sees the data. OpenJPEG returns samples of the codestream's precision, 2 bytes
 * little-endian above 8 bits, signed or not as the codestream says (SIZ Ssiz).
 *
 * Signedness: DICOM asks the codestream to match PixelRepresentation, but writers disagree.
 * Like pydicom's J2K corrections: a codestream that is unsigned while PixelRepresentation is 1
 * is sign-extended from the codestream's own precision (a 12-bit unsigned 4095 becomes −1);
 * a signed codestream with PixelRepresentation 0 keeps its two's complement bit pattern and the
 * HU rule reads it unsigned. When the two agree nothing changes.
 */

const CODEC = 'JPEG 2000 (OpenJPEG)';

interface FrameInfoJ2k {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}
interface J2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfoJ2k;
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2kDecoder;
}

const openjpeg = new WasmCodec<OpenJpegModule>({ pkg: '@cornerstonejs/codec-openjpeg', entry: '@cornerstonejs/codec-openjpeg/decodewasmjs' });

export async function loadJpeg2000(): Promise<void> {
  await openjpeg.load();
}

interface Siz {
  width: number;
  height: number;
  components: number;
  precision: number;
  signed: boolean;
}

/**
 * The image size from the SIZ marker (ITU-T T.800 §A.5.1), read without the codec so that a
 * codestream announcing another size is refused before OpenJPEG allocates for it. DICOM asks
 * for a raw codestream (SOC then SIZ at offset 0); a JP2 wrapper, which some writers add, is
 * accepted by looking for SOC + SIZ within its first boxes.
 */
function readSiz(d: Uint8Array): Siz | undefined {
  let o = -1;
  const limit = Math.min(d.length - 4, 4096);
  for (let i = 0; i <= limit; i++) {
    if (d[i] === 0xff && d[i + 1] === 0x4f && d[i + 2] === 0xff && d[i + 3] === 0x51) {
      o = i + 4;
      break;
    }
  }
  if (o < 0 || o + 41 > d.length) return undefined;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const xsiz = v.getUint32(o + 4);
  const ysiz = v.getUint32(o + 8);
  const xo = v.getUint32(o + 12);
  const yo = v.getUint32(o + 16);
  const ssiz = d[o + 38]!;
  return { width: xsiz - xo, height: ysiz - yo, components: v.getUint16(o + 36), precision: (ssiz & 0x7f) + 1, signed: (ssiz & 0x80) !== 0 };
}

export function decodeJpeg2000(data: Uint8Array, info: FrameInfo): DecodedPixels {
  const m = openjpeg.current;
  if (!m) throw badFrame(info, CODEC, 'the decoder is not initialised (loadJpeg2000 was not awaited)');
  const siz = readSiz(data);
  if (!siz) throw badFrame(info, CODEC, 'no JPEG 2000 codestream (SOC and SIZ markers) at the start of the pixel data');
  checkFrameShape(info, CODEC, siz);
  if (siz.precision > 16 || siz.precision > info.bitsAllocated) {
    throw badFrame(info, CODEC, `sample precision ${siz.precision} bits does not fit BitsAllocated ${info.bitsAllocated}`);
  }
  if (!endsWithEndMarker(data)) throw truncatedFrame(info, CODEC, 'the codestream has no end-of-codestream marker (EOC): it was cut short');
  let decoder: J2kDecoder | undefined;
  try {
    decoder = new m.J2KDecoder();
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const fi = decoder.getFrameInfo();
    checkFrameShape(info, CODEC, { width: fi.width, height: fi.height, components: fi.componentCount });
    const bytesPerSample = fi.bitsPerSample > 8 ? 2 : 1;
    const out = toNative(decoder.getDecodedBuffer(), bytesPerSample, fi.isSigned, info, CODEC);
    const precision = fi.bitsPerSample;
    if (!fi.isSigned && info.pixelRepresentation === 1 && precision < 16) {
      const s = 32 - precision;
      for (let i = 0; i < out.length; i++) out[i] = (out[i]! << s) >> s;
    }
    return out;
  } catch (e) {
    if (isWasmTrap(e)) {
      openjpeg.poison(m);
      decoder = undefined;
    }
    if (e instanceof LungDeskError) throw e;
    const msg = typeof e === 'number' ? `OpenJPEG error ${e}` : e instanceof Error ? e.message : String(e);
    throw badFrame(info, CODEC, `cannot decode (${msg})`, e);
  } finally {
    try {
      decoder?.delete();
    } catch {
      // A decoder of a dead instance cannot be freed; the instance is dropped with it.
    }
  }
}

export const jpeg2000Decoder: FrameDecoder = { codec: CODEC, decode: decodeJpeg2000 };
