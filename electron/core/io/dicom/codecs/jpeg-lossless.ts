import { createRequire } from 'node:module';
import { badFrame, checkFrameShape, toNative, truncatedFrame, type DecodedPixels, type FrameDecoder, type FrameInfo } from './frame';
import { endsWithEndMarker, readJpegFrameHeader } from './jpeg-markers';

/**
 * JPEG Lossless, Non-Hierarchical (Process 14, 1.2.840.10008.1.2.4.57) and its first-order
 * prediction subset (SV1, .4.70), Huffman coded (SOF3), any predictor 1–7, 2–16 bits, via
 * jpeg-lossless-decoder-js (pure JS, synchronous, nothing to initialise).
 *
 * The SOF3 header is checked against the DICOM header before decoding so the library never
 * allocates for a size the file does not hold. Samples come back as the unsigned bit pattern
 * of the codestream's precision; the HU rule masks to BitsStored and sign-extends per
 * PixelRepresentation, which is how signed data is carried in lossless JPEG.
 */

const CODEC = 'JPEG Lossless (jpeg-lossless-decoder-js)';

/** The part of the library's Decoder we use (the package ships no typings for its CJS build). */
interface LosslessDecoder {
  decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
  /** Row the next decoded sample would go to: equals the height after a complete scan. */
  yLoc: number;
}
type DecoderClass = new () => LosslessDecoder;

let decoderClass: DecoderClass | undefined;
function library(): DecoderClass {
  // Loaded on first use through Node's own require: the package is CJS-in-ESM-clothing
  // ("type": "module" with a .cjs main), which bundlers and vitest's transform need not see.
  decoderClass ??= (createRequire(__filename)('jpeg-lossless-decoder-js') as { Decoder: DecoderClass }).Decoder;
  return decoderClass;
}

export function decodeJpegLossless(data: Uint8Array, info: FrameInfo): DecodedPixels {
  const sof = readJpegFrameHeader(data);
  if (!sof) throw badFrame(info, CODEC, 'no JPEG frame header (SOI … SOFn) at the start of the pixel data');
  if (sof.sof !== 0xc3) {
    throw badFrame(info, CODEC, `frame type SOF${(sof.sof - 0xc0).toString(10)} is not lossless Huffman JPEG (SOF3)`);
  }
  checkFrameShape(info, CODEC, { width: sof.width, height: sof.height, components: sof.components });
  if (sof.precision < 2 || sof.precision > 16 || sof.precision > info.bitsAllocated) {
    throw badFrame(info, CODEC, `sample precision ${sof.precision} bits does not fit BitsAllocated ${info.bitsAllocated}`);
  }
  if (!endsWithEndMarker(data)) throw truncatedFrame(info, CODEC, 'the codestream has no end-of-image marker (EOI): it was cut short');
  const bytesPerSample = info.bitsAllocated / 8;
  let decoded: Uint8Array | Uint16Array;
  let rowsDecoded: number;
  try {
    // The library keeps per-stream state (tables, position), so each frame gets a fresh one.
    const Decoder = library();
    // The library views (never writes) buffer[offset, offset + length); `data` may be a Buffer
    // inside a larger ArrayBuffer (the whole file), hence its byteOffset.
    const decoder = new Decoder();
    decoded = decoder.decode(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength, bytesPerSample);
    rowsDecoded = decoder.yLoc;
  } catch (e) {
    throw badFrame(info, CODEC, `cannot decode (${e instanceof Error ? e.message : String(e)})`, e);
  }
  // The library stops quietly at the first marker; a scan that ends early left rows unwritten.
  if (rowsDecoded < info.rows) throw truncatedFrame(info, CODEC, `the scan data ends at row ${rowsDecoded} of ${info.rows}`);
  if (!decoded || decoded.length !== info.rows * info.columns) {
    throw badFrame(info, CODEC, `decoded ${decoded?.length ?? 0} samples, ${info.columns}×${info.rows} need ${info.rows * info.columns}`);
  }
  if (decoded instanceof Uint16Array && bytesPerSample === 2) {
    return info.pixelRepresentation === 1 ? new Int16Array(decoded.buffer, decoded.byteOffset, decoded.length) : decoded;
  }
  return toNative(new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength), bytesPerSample, false, info, CODEC);
}

export const jpegLosslessDecoder: FrameDecoder = { codec: CODEC, decode: decodeJpegLossless };
