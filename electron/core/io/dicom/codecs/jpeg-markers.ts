/**
 * Reads the frame header (SOFn) of a JPEG or JPEG-LS codestream without decoding it, so that
 * a codestream announcing a size other than the DICOM header's is refused before a decoder
 * allocates memory for it (a garbage SOF could ask for 65535 × 65535 samples).
 *
 * Walks marker segments from SOI (ITU-T T.81 §B.1.1.2): every marker except SOI, EOI, RSTn and
 * TEM carries a 2-byte big-endian length that includes itself. Fill bytes (0xFF runs) are
 * skipped. Always advances, so it cannot loop; returns undefined on any malformation.
 */

export interface JpegFrameHeader {
  /** The SOF marker's low byte: 0xC3 lossless Huffman, 0xF7 JPEG-LS, 0xC0 baseline, ... */
  sof: number;
  precision: number;
  height: number;
  width: number;
  components: number;
}

const isSof = (m: number): boolean => (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;

export function readJpegFrameHeader(data: Uint8Array): JpegFrameHeader | undefined {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let o = 2;
  while (o + 1 < data.length) {
    if (data[o] !== 0xff) return undefined;
    let m = data[o + 1]!;
    o += 2;
    while (m === 0xff && o < data.length) m = data[o++]!;
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) continue;
    if (m === 0xd9 || m === 0xda) return undefined; // EOI or SOS before any frame header
    if (o + 2 > data.length) return undefined;
    const len = (data[o]! << 8) | data[o + 1]!;
    if (len < 2 || o + len > data.length) return undefined;
    if (isSof(m)) {
      if (len < 8) return undefined;
      return {
        sof: m,
        precision: data[o + 2]!,
        height: (data[o + 3]! << 8) | data[o + 4]!,
        width: (data[o + 5]! << 8) | data[o + 6]!,
        components: data[o + 7]!,
      };
    }
    o += len;
  }
  return undefined;
}

/**
 * True when the end-of-image marker FF D9 (JPEG EOI, JPEG 2000 EOC) sits in the last bytes of
 * `data` (after it, only fragment padding may follow). Neither marker can occur inside
 * entropy-coded data (JPEG byte stuffing, JPEG-LS bit stuffing and JPEG 2000's ban on FF ≥ 90
 * in packets all rule it out), so its absence means the codestream was cut. Checked before
 * decoding: CharLS spends seconds on a stream without EOI, and OpenJPEG silently decodes a
 * truncated stream to degraded pixels, which a lossless syntax must not pass off as exact.
 */
export function endsWithEndMarker(data: Uint8Array): boolean {
  for (let i = data.length - 2; i >= Math.max(0, data.length - 16); i--) {
    if (data[i] === 0xff && data[i + 1] === 0xd9) return true;
  }
  return false;
}
