import { LungDeskError } from '../../../../common/errors';
import { badFrame, checkFrameShape, toNative, truncatedFrame, type DecodedPixels, type FrameDecoder, type FrameInfo } from './frame';
import { endsWithEndMarker, readJpegFrameHeader } from './jpeg-markers';
import { WasmCodec, isWasmTrap } from './wasm-module';

/**
 * JPEG-LS Lossless (1.2.840.10008.1.2.4.80) and Near-Lossless (.4.81) via CharLS
 * (@cornerstonejs/codec-charls, wasm). Call `loadJpegLs()` once (async) before decoding.
 *
 * The SOF55 header is checked against the DICOM header before the codec sees the data.
 * CharLS returns the unsigned bit pattern (2 bytes per sample above 8 bits, little-endian);
 * signed data is restored by the HU rule's BitsStored sign extension, as for JPEG Lossless.
 */

const CODEC = 'JPEG-LS (CharLS)';

interface CharlsDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete(): void;
}
interface CharlsModule {
  JpegLSDecoder: new () => CharlsDecoder;
  getExceptionMessage?: (e: number) => unknown;
}

const charls = new WasmCodec<CharlsModule>({ pkg: '@cornerstonejs/codec-charls', entry: '@cornerstonejs/codec-charls/decodewasmjs' });

export async function loadJpegLs(): Promise<void> {
  await charls.load();
}

function messageOf(m: CharlsModule, e: unknown): string {
  if (typeof e === 'number') {
    try {
      const msg = m.getExceptionMessage?.(e);
      return Array.isArray(msg) ? msg.join(': ') : String(msg ?? `C++ exception ${e}`);
    } catch {
      return `C++ exception ${e}`;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

export function decodeJpegLs(data: Uint8Array, info: FrameInfo): DecodedPixels {
  const m = charls.current;
  if (!m) throw badFrame(info, CODEC, 'the decoder is not initialised (loadJpegLs was not awaited)');
  const sof = readJpegFrameHeader(data);
  if (!sof || sof.sof !== 0xf7) throw badFrame(info, CODEC, 'no JPEG-LS frame header (SOI … SOF55) at the start of the pixel data');
  checkFrameShape(info, CODEC, { width: sof.width, height: sof.height, components: sof.components });
  if (sof.precision < 2 || sof.precision > 16 || sof.precision > info.bitsAllocated) {
    throw badFrame(info, CODEC, `sample precision ${sof.precision} bits does not fit BitsAllocated ${info.bitsAllocated}`);
  }
  if (!endsWithEndMarker(data)) throw truncatedFrame(info, CODEC, 'the codestream has no end-of-image marker (EOI): it was cut short');
  let decoder: CharlsDecoder | undefined;
  try {
    decoder = new m.JpegLSDecoder();
    decoder.getEncodedBuffer(data.length).set(data);
    decoder.decode();
    const fi = decoder.getFrameInfo();
    checkFrameShape(info, CODEC, { width: fi.width, height: fi.height, components: fi.componentCount });
    // The decoded buffer is a view into wasm memory: toNative copies it out before delete().
    return toNative(decoder.getDecodedBuffer(), fi.bitsPerSample > 8 ? 2 : 1, false, info, CODEC);
  } catch (e) {
    if (isWasmTrap(e)) {
      charls.poison(m);
      decoder = undefined; // the instance is gone; deleting into it would trap again
    }
    if (e instanceof LungDeskError) throw e;
    throw badFrame(info, CODEC, `cannot decode (${messageOf(m, e)})`, e);
  } finally {
    try {
      decoder?.delete();
    } catch {
      // A decoder of a dead instance cannot be freed; the instance is dropped with it.
    }
  }
}

export const jpegLsDecoder: FrameDecoder = { codec: CODEC, decode: decodeJpegLs };
