import { promises as fsp } from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import type { JobContext } from '../../../common/jobs';
import type { Volume } from '../../volume/volume';
import { writeFileAtomic } from './atomic-write';
import { assertUid, childUid, uidFromKey } from './uid';

/**
 * Writes a volume as a CT series of DICOM Part 10 files, one file per z slice.
 *
 * Files: 128-byte zero preamble, "DICM", File Meta group (explicit VR little endian, with its
 * group length), then the dataset in ascending tag order in the chosen transfer syntax
 * (explicit or implicit VR little endian, uncompressed). Values follow PS3.5: text padded to
 * even length with a space, UIDs with NUL, DS at most 16 characters, IS at most 12.
 *
 * Stored values: stored = round((HU − intercept) / slope), clamped to the stored range.
 *   - pixelRepresentation 1 (signed): BitsStored 16, range −32768..32767, padding −2000
 *     (phantom.py's PADDING_RAW: −3024 HU if a reader ignores PixelPaddingValue).
 *   - pixelRepresentation 0 (unsigned): BitsStored 12, range 0..4095, i.e. HU −1024..3071
 *     with the default intercept. Padding is stored 0, which gives the intercept (−1024 HU,
 *     air) to a reader that ignores PixelPaddingValue, the harmless outcome; a value like
 *     4095 would paint a bright ring instead.
 *   - When `paddingMask` is given, PixelPaddingValue is written and reserved: a voxel outside
 *     the mask whose stored value would equal it is moved one step into the range (−1999
 *     signed, 1 unsigned, i.e. −1023 HU), so padding is never ambiguous. Without a mask no
 *     PixelPaddingValue is written and nothing is reserved.
 *
 * Geometry: ImagePositionPatient of slice k = origin + direction · (0, 0, k·spacing z);
 * ImageOrientationPatient = direction columns 0 and 1 (row and column directions);
 * SliceLocation = IPP · (col0 × col1); PixelSpacing = spacing y \ spacing x (row spacing
 * first); SliceThickness = spacing z.
 *
 * Returns the file paths in slice order (k = 0 first), whatever their names.
 */

export interface DicomSeriesWriteOptions {
  patientId: string;
  patientName?: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  seriesDescription?: string;
  pixelRepresentation: 0 | 1;
  /** Default −1024. */
  rescaleIntercept?: number;
  /** Default 1. */
  rescaleSlope?: number;
  /**
   * Voxels to store as padding (1 = padding): either nx·ny (the same for every slice, e.g. the
   * outside of the reconstruction circle) or nx·ny·nz, x-fastest.
   */
  paddingMask?: Uint8Array;
  /** Name files in a seeded random order so readers must sort by position. */
  shuffleFileNames?: boolean;
  /** Default 'explicit-le'. */
  transferSyntax?: 'explicit-le' | 'implicit-le';
  /** Seed of the file-name shuffle. */
  seed?: number;
  /** Default: derived from the series UID. */
  frameOfReferenceUid?: string;
  /** YYYYMMDD; default today. */
  studyDate?: string;
  /** Default 1. */
  seriesNumber?: number;
}

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
/** Implementation Class UID of LungDesk's writer (a fixed 2.25 UID derived from its name). */
export const IMPLEMENTATION_CLASS_UID = uidFromKey('LungDesk DICOM writer');
export const IMPLEMENTATION_VERSION = 'LUNGDESK_1';
export const SIGNED_PADDING = -2000;
export const UNSIGNED_PADDING = 0;

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

interface Element {
  tag: number; // group << 16 | element
  vr: string;
  value: Buffer;
}

function text(tag: number, vr: string, s: string): Element {
  let b = Buffer.from(s, 'latin1');
  if (b.length % 2 === 1) b = Buffer.concat([b, Buffer.from([vr === 'UI' ? 0x00 : 0x20])]);
  return { tag, vr, value: b };
}

function u16(tag: number, vr: 'US' | 'SS', v: number): Element {
  const b = Buffer.alloc(2);
  if (vr === 'US') b.writeUInt16LE(v);
  else b.writeInt16LE(v);
  return { tag, vr, value: b };
}

function u32(tag: number, v: number): Element {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return { tag, vr: 'UL', value: b };
}

/** A decimal string of at most 16 characters (PS3.5 DS). */
export function formatDS(n: number): string {
  if (!Number.isFinite(n)) throw new LungDeskError('contract.bad-input', `cannot write ${n} as a DICOM decimal string`);
  if (Object.is(n, -0)) n = 0;
  const plain = String(n);
  if (plain.length <= 16) return plain;
  for (let p = 15; p >= 1; p--) {
    const s = String(Number(n.toPrecision(p)));
    if (s.length <= 16) return s;
    const e = n.toExponential(Math.max(0, p - 1)).replace('e+', 'e');
    if (e.length <= 16) return e;
  }
  throw new LungDeskError('contract.bad-input', `cannot write ${n} as a DICOM decimal string`);
}

function ds(tag: number, values: number[]): Element {
  return text(tag, 'DS', values.map(formatDS).join('\\'));
}

function encode(elements: Element[], explicit: boolean): Buffer {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const parts: Buffer[] = [];
  for (const el of sorted) {
    const long = LONG_VRS.has(el.vr);
    const head = Buffer.alloc(explicit ? (long ? 12 : 8) : 8);
    head.writeUInt16LE(el.tag >>> 16, 0);
    head.writeUInt16LE(el.tag & 0xffff, 2);
    if (!explicit) {
      head.writeUInt32LE(el.value.length, 4);
    } else if (long) {
      head.write(el.vr, 4, 'latin1');
      head.writeUInt32LE(el.value.length, 8); // bytes 6..7 stay reserved zero
    } else {
      if (el.value.length > 0xffff) throw new LungDeskError('internal', `DICOM value of tag ${el.tag.toString(16)} too long for VR ${el.vr}`);
      head.write(el.vr, 4, 'latin1');
      head.writeUInt16LE(el.value.length, 6);
    }
    parts.push(head, el.value);
  }
  return Buffer.concat(parts);
}

function fileMeta(sopInstanceUid: string, transferSyntax: string): Buffer {
  const body = encode(
    [
      { tag: 0x00020001, vr: 'OB', value: Buffer.from([0x00, 0x01]) },
      text(0x00020002, 'UI', CT_IMAGE_STORAGE),
      text(0x00020003, 'UI', sopInstanceUid),
      text(0x00020010, 'UI', transferSyntax),
      text(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID),
      text(0x00020013, 'SH', IMPLEMENTATION_VERSION),
    ],
    true,
  );
  return Buffer.concat([encode([u32(0x00020000, body.length)], true), body]);
}

/** A small seeded shuffle (mulberry32 + Fisher–Yates), kept here so io does not import the phantom. */
function shuffledIndices(n: number, seed: number): number[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
}

function badInput(message: string, file?: string): LungDeskError {
  return new LungDeskError('contract.bad-input', message, file === undefined ? {} : { file });
}

export async function writeDicomSeries(volume: Volume, dir: string, opts: DicomSeriesWriteOptions, ctx?: JobContext): Promise<string[]> {
  const [nx, ny, nz] = volume.dims;
  const plane = nx * ny;
  if (volume.voxels.length !== plane * nz) {
    throw badInput(`volume has ${volume.voxels.length} voxels, dims ${nx}x${ny}x${nz} need ${plane * nz}`);
  }
  if (nx > 0xffff || ny > 0xffff) throw badInput(`DICOM Rows/Columns are 16-bit; got ${nx}x${ny}`);
  assertUid(opts.studyInstanceUid, 'studyInstanceUid');
  assertUid(opts.seriesInstanceUid, 'seriesInstanceUid');
  const frameUid = opts.frameOfReferenceUid ?? uidFromKey(`${opts.seriesInstanceUid}/frame-of-reference`);
  assertUid(frameUid, 'frameOfReferenceUid');
  const mask = opts.paddingMask;
  if (mask && mask.length !== plane && mask.length !== plane * nz) {
    throw badInput(`paddingMask has ${mask.length} entries, expected ${plane} (one slice) or ${plane * nz} (volume)`);
  }
  const intercept = opts.rescaleIntercept ?? -1024;
  const slope = opts.rescaleSlope ?? 1;
  if (!Number.isFinite(intercept) || !Number.isFinite(slope) || slope === 0) {
    throw badInput(`rescale intercept/slope must be finite and slope non-zero, got ${intercept}/${slope}`);
  }
  const signed = opts.pixelRepresentation === 1;
  const bitsStored = signed ? 16 : 12;
  const padding = signed ? SIGNED_PADDING : UNSIGNED_PADDING;
  const lo = signed ? -32768 : 0;
  const hi = signed ? 32767 : 4095;
  const explicit = (opts.transferSyntax ?? 'explicit-le') === 'explicit-le';
  const tsUid = explicit ? EXPLICIT_VR_LE : IMPLICIT_VR_LE;
  const studyDate = opts.studyDate ?? today();
  if (!/^\d{8}$/.test(studyDate)) throw badInput(`studyDate must be YYYYMMDD, got "${studyDate}"`);

  const d = volume.direction;
  const col0 = [d[0]!, d[3]!, d[6]!];
  const col1 = [d[1]!, d[4]!, d[7]!];
  const col2 = [d[2]!, d[5]!, d[8]!];
  const normal = [
    col0[1]! * col1[2]! - col0[2]! * col1[1]!,
    col0[2]! * col1[0]! - col0[0]! * col1[2]!,
    col0[0]! * col1[1]! - col0[1]! * col1[0]!,
  ];
  const [sx, sy, sz] = volume.spacing;

  await fsp.mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw new LungDeskError('io.write-failed', `could not create folder ${dir}: ${(e as Error).message}`, { file: dir, cause: e });
  });
  const names = opts.shuffleFileNames ? shuffledIndices(nz, opts.seed ?? 0) : Array.from({ length: nz }, (_, k) => k);
  const swap = endianness() === 'BE';
  const files: string[] = [];
  const stored = signed ? new Int16Array(plane) : new Uint16Array(plane);
  const preamble = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1')]);

  for (let k = 0; k < nz; k++) {
    if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', `writing DICOM series to ${dir} was cancelled`, { file: dir });
    ctx?.progress('write dicom', k / nz);
    const sopUid = childUid(opts.seriesInstanceUid, k + 1);
    const zk = k * sz;
    const ipp = [volume.origin[0] + col2[0]! * zk, volume.origin[1] + col2[1]! * zk, volume.origin[2] + col2[2]! * zk];
    const sliceLocation = ipp[0]! * normal[0]! + ipp[1]! * normal[1]! + ipp[2]! * normal[2]!;

    const base = k * plane;
    const mbase = mask && mask.length !== plane ? base : 0;
    for (let p = 0; p < plane; p++) {
      if (mask && mask[mbase + p]) {
        stored[p] = padding;
        continue;
      }
      let v = Math.round((volume.voxels[base + p]! - intercept) / slope);
      v = v < lo ? lo : v > hi ? hi : v;
      if (mask && v === padding) v = padding + 1;
      stored[p] = v;
    }
    const pixels = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    const pixelData = Buffer.from(pixels); // copy: `stored` is reused for the next slice
    if (swap) pixelData.swap16();

    const elements: Element[] = [
      text(0x00080008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'),
      text(0x00080016, 'UI', CT_IMAGE_STORAGE),
      text(0x00080018, 'UI', sopUid),
      text(0x00080020, 'DA', studyDate),
      text(0x00080030, 'TM', '120000'),
      text(0x00080060, 'CS', 'CT'),
      text(0x00080070, 'LO', 'LungDesk phantom'),
      text(0x0008103e, 'LO', opts.seriesDescription ?? 'LungDesk chest phantom'),
      text(0x00100010, 'PN', opts.patientName ?? 'Phantom^Chest'),
      text(0x00100020, 'LO', opts.patientId),
      ds(0x00180050, [sz]),
      text(0x00185100, 'CS', 'HFS'),
      text(0x0020000d, 'UI', opts.studyInstanceUid),
      text(0x0020000e, 'UI', opts.seriesInstanceUid),
      text(0x00200011, 'IS', String(opts.seriesNumber ?? 1)),
      text(0x00200013, 'IS', String(k + 1)),
      ds(0x00200032, ipp),
      ds(0x00200037, [...col0, ...col1]),
      text(0x00200052, 'UI', frameUid),
      ds(0x00201041, [sliceLocation]),
      u16(0x00280002, 'US', 1),
      text(0x00280004, 'CS', 'MONOCHROME2'),
      u16(0x00280010, 'US', ny),
      u16(0x00280011, 'US', nx),
      ds(0x00280030, [sy, sx]),
      u16(0x00280100, 'US', 16),
      u16(0x00280101, 'US', bitsStored),
      u16(0x00280102, 'US', bitsStored - 1),
      u16(0x00280103, 'US', opts.pixelRepresentation),
      ds(0x00281050, [-600]),
      ds(0x00281051, [1500]),
      ds(0x00281052, [intercept]),
      ds(0x00281053, [slope]),
      text(0x00281054, 'LO', 'HU'),
      { tag: 0x7fe00010, vr: 'OW', value: pixelData },
    ];
    if (mask) elements.push(u16(0x00280120, signed ? 'SS' : 'US', padding));

    const file = path.join(dir, `IM${String(names[k]!).padStart(5, '0')}.dcm`);
    await writeFileAtomic(file, Buffer.concat([preamble, fileMeta(sopUid, tsUid), encode(elements, explicit)]));
    files.push(file);
  }
  ctx?.progress('write dicom', 1);
  return files;
}
