import { badFrame, truncatedFrame, type DecodedPixels, type FrameDecoder, type FrameInfo } from './frame';

/**
 * RLE Lossless (1.2.840.10008.1.2.5), DICOM PS3.5 Annex G.
 *
 * A frame is a 64-byte header (uint32 LE segment count, then 15 uint32 LE segment offsets from
 * the start of the frame) followed by the segments. Each segment is one byte plane, PackBits
 * coded (G.3.1: control byte n ≥ 0 → copy the next n+1 bytes; −127…−1 → repeat the next byte
 * 1−n times; −128 → nothing). Planes come most significant byte first: segment 0 holds the
 * high bytes of 16-bit samples, segment 1 the low bytes. Greyscale only, so the segment count
 * must equal BitsAllocated / 8.
 *
 * A segment that decodes to fewer than rows × columns bytes is io.truncated; one that holds
 * more than a couple of padding bytes beyond them codes a larger image (io.bad-header).
 */

const CODEC = 'RLE Lossless';
/** Bytes a segment may carry past its last sample (even-length padding, a stray no-op). */
const MAX_SEGMENT_PADDING = 2;

/**
 * Decodes PackBits `src[start, end)` into every `stride`-th byte of `dst` from `first`.
 * Returns the bytes written and the input bytes left unread once `count` were written.
 */
function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array, first: number, stride: number, count: number): { written: number; left: number } {
  let i = start;
  let k = 0;
  let o = first;
  while (i < end && k < count) {
    const n = src[i++]!;
    if (n < 128) {
      // Literal run of n + 1 bytes; clipped to the segment and to the frame.
      const len = Math.min(n + 1, end - i, count - k);
      for (let j = 0; j < len; j++, o += stride) dst[o] = src[i + j]!;
      i += n + 1;
      k += len;
    } else if (n > 128) {
      if (i >= end) break;
      const v = src[i++]!;
      const len = Math.min(257 - n, count - k);
      for (let j = 0; j < len; j++, o += stride) dst[o] = v;
      k += len;
    }
    // n === 128 is a no-op.
  }
  return { written: k, left: Math.max(0, end - i) };
}

export function decodeRle(data: Uint8Array, info: FrameInfo): DecodedPixels {
  const bytesPerSample = info.bitsAllocated / 8;
  if (bytesPerSample !== 1 && bytesPerSample !== 2) {
    throw badFrame(info, CODEC, `BitsAllocated ${info.bitsAllocated} is not supported (8 or 16)`);
  }
  if (data.length < 64) throw truncatedFrame(info, CODEC, `the frame holds ${data.length} bytes, less than its 64-byte header`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) {
    throw badFrame(info, CODEC, `${segments} segment(s), ${info.bitsAllocated}-bit greyscale needs ${bytesPerSample}`);
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(view.getUint32(4 + 4 * s, true));
  offsets.push(data.length);
  const count = info.rows * info.columns;
  const out = bytesPerSample === 2 ? (info.pixelRepresentation === 1 ? new Int16Array(count) : new Uint16Array(count)) : new Uint8Array(count);
  const bytes = new Uint8Array(out.buffer);
  for (let s = 0; s < segments; s++) {
    const start = offsets[s]!;
    const end = offsets[s + 1]!;
    if (start < 64 || start > end || end > data.length) {
      throw badFrame(info, CODEC, `segment ${s} spans bytes ${start}…${end} of a ${data.length}-byte frame`);
    }
    // Segment s is byte plane s counted from the most significant; samples are stored
    // little-endian (the platform order), so plane s lands at byte (bytesPerSample − 1 − s).
    const { written, left } = unpackBits(data, start, end, bytes, bytesPerSample - 1 - s, bytesPerSample, count);
    if (written < count) throw truncatedFrame(info, CODEC, `segment ${s} decodes to ${written} bytes, ${info.columns}×${info.rows} need ${count}`);
    // More than a padding byte or two left over: the segment codes a larger image than the header says.
    if (left > MAX_SEGMENT_PADDING) {
      throw badFrame(info, CODEC, `segment ${s} holds ${left} bytes beyond the ${count} samples of a ${info.columns}×${info.rows} image`);
    }
  }
  return out;
}

export const rleDecoder: FrameDecoder = { codec: CODEC, decode: decodeRle };
