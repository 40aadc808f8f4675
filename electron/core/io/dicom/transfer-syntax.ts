/** Transfer syntaxes: how the dataset after the File Meta group is encoded. */

export interface TransferSyntax {
  uid: string;
  name: string;
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  /** Pixel data is encapsulated (compressed fragments, PS3.5 §A.4). */
  encapsulated: boolean;
  /**
   * Pixel data can be turned into pixels: every native syntax, and the compressed ones that
   * `codecs/` decodes (lossless CT codecs and JPEG 2000 lossy). JPEG baseline/extended (8/12-bit
   * DCT, not used for diagnostic CT) and HTJ2K are recognised but not decoded.
   */
  decodable: boolean;
}

const NATIVE: Record<string, Omit<TransferSyntax, 'uid' | 'decodable'>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', explicitVr: false, littleEndian: true, deflated: false, encapsulated: false },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', explicitVr: true, littleEndian: true, deflated: false, encapsulated: false },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', explicitVr: true, littleEndian: true, deflated: true, encapsulated: false },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', explicitVr: true, littleEndian: false, deflated: false, encapsulated: false },
};

const COMPRESSED_NAMES: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** Compressed syntaxes with a decoder in `codecs/index.ts` (a test keeps the two in step). */
export const DECODABLE_COMPRESSED: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5',
]);

/**
 * Every transfer syntax other than the four native ones is encapsulated Explicit VR Little
 * Endian (DICOM PS3.5 §A.4), so unknown UIDs are read that way and named by their UID.
 */
export function transferSyntaxOf(uid: string): TransferSyntax {
  const native = NATIVE[uid];
  if (native) return { uid, ...native, decodable: true };
  const name = COMPRESSED_NAMES[uid] ?? `unknown transfer syntax ${uid}`;
  return { uid, name, explicitVr: true, littleEndian: true, deflated: false, encapsulated: true, decodable: DECODABLE_COMPRESSED.has(uid) };
}

export const IMPLICIT_LE = transferSyntaxOf('1.2.840.10008.1.2');
export const EXPLICIT_LE = transferSyntaxOf('1.2.840.10008.1.2.1');
