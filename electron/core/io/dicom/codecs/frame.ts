import { LungDeskError } from '../../../../common/errors';

/**
 * What a codec is told about the frame it decodes, and what it hands back. Shared by every
 * codec module so that `index.ts` can treat them alike.
 */

export interface FrameInfo {
  /** Path used in error messages. */
  file: string;
  rows: number;
  columns: number;
  /** 8 or 16 (compressed 32-bit CT does not exist in practice; refused before decoding). */
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
}

/**
 * Native pixel values of one frame, rows × columns long, row-major: Uint8Array for
 * BitsAllocated 8, Int16Array (PixelRepresentation 1) or Uint16Array (0) for 16. Bits above
 * BitsStored are left as the codestream gave them; the HU rule in `pixels.ts` masks and
 * sign-extends exactly as for native data.
 */
export type DecodedPixels = Uint8Array | Uint16Array | Int16Array;

export interface FrameDecoder {
  /** Codec name for messages ("JPEG 2000 (OpenJPEG)", "RLE Lossless", ...). */
  readonly codec: string;
  /** Decodes one frame held in `data` (all its fragments, concatenated). Synchronous. */
  decode(data: Uint8Array, info: FrameInfo): DecodedPixels;
}

/** A codestream the codec rejects, or one whose content contradicts the DICOM header. */
export function badFrame(info: FrameInfo, codec: string, message: string, cause?: unknown): LungDeskError {
  return new LungDeskError('io.bad-header', `${info.file}: ${codec}: ${message}`, { file: info.file, cause, detail: { codec } });
}

/** A codestream that ends before the pixels it announces. */
export function truncatedFrame(info: FrameInfo, codec: string, message: string): LungDeskError {
  return new LungDeskError('io.truncated', `${info.file}: ${codec}: ${message}`, { file: info.file, detail: { codec } });
}

/** Checks a decoder's reported frame against the DICOM header before its pixels are used. */
export function checkFrameShape(info: FrameInfo, codec: string, got: { width: number; height: number; components: number }): void {
  if (got.width !== info.columns || got.height !== info.rows) {
    throw badFrame(info, codec, `the codestream holds a ${got.width}×${got.height} image, the header says ${info.columns}×${info.rows}`);
  }
  if (got.components !== 1) throw badFrame(info, codec, `the codestream has ${got.components} components, expected 1 (greyscale)`);
}

/**
 * Copies `bytes` (little-endian samples, `bytesPerSample` 1 or 2 wide) into the array type the
 * header calls for. `signedSource` says how 8-bit samples widen to 16 bits.
 */
export function toNative(bytes: Uint8Array, bytesPerSample: number, signedSource: boolean, info: FrameInfo, codec: string): DecodedPixels {
  const n = info.rows * info.columns;
  if (bytes.length < n * bytesPerSample) {
    throw badFrame(info, codec, `decoded ${bytes.length} bytes, ${info.columns}×${info.rows}×${bytesPerSample} need ${n * bytesPerSample}`);
  }
  if (info.bitsAllocated === 8) {
    if (bytesPerSample !== 1) throw badFrame(info, codec, `the codestream holds ${8 * bytesPerSample}-bit samples, BitsAllocated is 8`);
    return new Uint8Array(bytes.subarray(0, n)); // a copy (Buffer#slice would not be one)
  }
  const out = info.pixelRepresentation === 1 ? new Int16Array(n) : new Uint16Array(n);
  if (bytesPerSample === 2) {
    // Typed arrays use the platform's byte order; every platform LungDesk runs on is little-endian.
    new Uint8Array(out.buffer).set(bytes.subarray(0, 2 * n));
  } else if (signedSource) {
    for (let i = 0; i < n; i++) out[i] = (bytes[i]! << 24) >> 24;
  } else {
    out.set(bytes.subarray(0, n));
  }
  return out;
}
