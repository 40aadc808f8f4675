import { LungDeskError } from '../../../../common/errors';
import type { DicomFile } from '../parse';
import type { SliceHeader } from '../slice-header';
import { DECODABLE_COMPRESSED, transferSyntaxOf } from '../transfer-syntax';
import type { DecodedPixels, FrameDecoder, FrameInfo } from './frame';
import { jpeg2000Decoder, loadJpeg2000 } from './jpeg-2000';
import { jpegLsDecoder, loadJpegLs } from './jpeg-ls';
import { jpegLosslessDecoder } from './jpeg-lossless';
import { rleDecoder } from './rle';

export type { DecodedPixels, FrameDecoder, FrameInfo } from './frame';

/**
 * Compressed (encapsulated) pixel data: transfer syntax UID → frame decoder.
 *
 * Use: `await ensureCodec(uid)` once (wasm codecs initialise asynchronously, once per process),
 * then `decodeFrame(file, header)` per slice, synchronously. RLE and JPEG Lossless are pure JS
 * and always ready; JPEG-LS and JPEG 2000 are ready once their wasm instance has loaded.
 *
 * Single-frame images only: a multi-frame file is io.unsupported. Every decode failure is a
 * LungDeskError naming the file and the codec (io.bad-header, io.truncated), never another
 * exception.
 */

interface Entry {
  decoder: FrameDecoder;
  /** Initialises the codec; absent for pure-JS codecs. */
  load?: () => Promise<void>;
}

const JPEG_LOSSLESS: Entry = { decoder: jpegLosslessDecoder };
const JPEG_LS: Entry = { decoder: jpegLsDecoder, load: loadJpegLs };
const JPEG_2000: Entry = { decoder: jpeg2000Decoder, load: loadJpeg2000 };

const CODECS: ReadonlyMap<string, Entry> = new Map([
  ['1.2.840.10008.1.2.4.57', JPEG_LOSSLESS],
  ['1.2.840.10008.1.2.4.70', JPEG_LOSSLESS],
  ['1.2.840.10008.1.2.4.80', JPEG_LS],
  ['1.2.840.10008.1.2.4.81', JPEG_LS],
  ['1.2.840.10008.1.2.4.90', JPEG_2000],
  ['1.2.840.10008.1.2.4.91', JPEG_2000],
  ['1.2.840.10008.1.2.5', { decoder: rleDecoder }],
]);

/** UIDs with a decoder here; equal to transfer-syntax.ts's DECODABLE_COMPRESSED (tested). */
export const CODEC_UIDS: readonly string[] = [...CODECS.keys()];

function unsupported(uid: string, file: string | undefined): LungDeskError {
  const ts = transferSyntaxOf(uid);
  const why = uid === '1.2.840.10008.1.2.4.50' || uid === '1.2.840.10008.1.2.4.51'
    ? ' (lossy 8/12-bit DCT JPEG is not used for diagnostic CT and is not read)'
    : '';
  return new LungDeskError('io.unsupported', `${file ? `${file}: ` : ''}compressed transfer syntax ${ts.name} (${uid}) cannot be decoded${why}`, {
    file,
    detail: { transferSyntax: uid },
  });
}

/**
 * Makes the decoder for `uid` ready in this process (no-op for native syntaxes and pure-JS
 * codecs). Throws io.unsupported, naming `file` if given, for a compressed syntax with no decoder.
 */
export async function ensureCodec(uid: string, file?: string): Promise<void> {
  if (!transferSyntaxOf(uid).encapsulated) return;
  const entry = CODECS.get(uid);
  if (!entry || !DECODABLE_COMPRESSED.has(uid)) throw unsupported(uid, file);
  await entry.load?.();
}

/** The bytes of the (single) frame: its fragments concatenated (no copy for one fragment). */
export function frameData(f: DicomFile, h: SliceHeader): Uint8Array {
  const pd = f.pixelData;
  const fragments = pd?.fragments;
  if (!pd || !pd.encapsulated || !fragments) {
    throw new LungDeskError('io.bad-header', `${f.file}: encapsulated pixel data has no fragment list (header-only parse?)`, { file: f.file });
  }
  if (h.numberOfFrames > 1) {
    throw new LungDeskError('io.unsupported', `${f.file}: multi-frame compressed image (${h.numberOfFrames} frames) is not supported`, { file: f.file });
  }
  if (fragments.length === 0) throw new LungDeskError('io.truncated', `${f.file}: encapsulated pixel data holds no fragment`, { file: f.file });
  if (fragments.length === 1) return f.buffer.subarray(fragments[0]!.offset, fragments[0]!.offset + fragments[0]!.length);
  return Buffer.concat(fragments.map((fr) => f.buffer.subarray(fr.offset, fr.offset + fr.length)));
}

/**
 * Decodes the single frame of an encapsulated file to its native values (see DecodedPixels).
 * Synchronous: `ensureCodec(h.transferSyntaxUid)` must have resolved in this process.
 */
export function decodeFrame(f: DicomFile, h: SliceHeader): DecodedPixels {
  const uid = h.transferSyntaxUid;
  const entry = CODECS.get(uid);
  if (!entry) throw unsupported(uid, f.file);
  if (h.samplesPerPixel !== 1) {
    throw new LungDeskError('io.unsupported', `${f.file}: ${h.samplesPerPixel} samples per pixel (${h.photometricInterpretation}); only greyscale is read`, { file: f.file });
  }
  if (h.bitsAllocated !== 8 && h.bitsAllocated !== 16) {
    throw new LungDeskError('io.unsupported', `${f.file}: compressed data with BitsAllocated ${h.bitsAllocated} is not supported (8 or 16)`, { file: f.file });
  }
  const info: FrameInfo = {
    file: f.file,
    rows: h.rows,
    columns: h.columns,
    bitsAllocated: h.bitsAllocated,
    bitsStored: h.bitsStored,
    pixelRepresentation: h.pixelRepresentation,
  };
  const data = frameData(f, h);
  let out: DecodedPixels;
  try {
    out = entry.decoder.decode(data, info);
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    // Defence in depth: a codec slip (RangeError, TypeError, ...) still surfaces as typed data.
    throw new LungDeskError('io.bad-header', `${f.file}: ${entry.decoder.codec}: cannot decode (${e instanceof Error ? e.message : String(e)})`, {
      file: f.file,
      cause: e,
    });
  }
  if (out.length !== h.rows * h.columns) {
    throw new LungDeskError('io.bad-header', `${f.file}: ${entry.decoder.codec} decoded ${out.length} samples, ${h.columns}×${h.rows} need ${h.rows * h.columns}`, {
      file: f.file,
    });
  }
  return out;
}
