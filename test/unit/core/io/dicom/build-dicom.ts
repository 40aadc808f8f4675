import { deflateRawSync } from 'node:zlib';

/**
 * Test-side DICOM builder: encodes elements in any of the native transfer syntaxes so tests
 * can draw exactly the file they need (sequences, big endian, no preamble, ...).
 */

export interface Enc {
  explicit: boolean;
  le: boolean;
}
export const EXPLICIT_LE: Enc = { explicit: true, le: true };
export const IMPLICIT_LE: Enc = { explicit: false, le: true };
export const EXPLICIT_BE: Enc = { explicit: true, le: false };

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEF = 0xffffffff;

function u16(enc: Enc, v: number): Buffer {
  const b = Buffer.alloc(2);
  if (enc.le) b.writeUInt16LE(v);
  else b.writeUInt16BE(v);
  return b;
}
function u32(enc: Enc, v: number): Buffer {
  const b = Buffer.alloc(4);
  if (enc.le) b.writeUInt32LE(v >>> 0);
  else b.writeUInt32BE(v >>> 0);
  return b;
}

/** One element; `length` overrides the encoded length (e.g. UNDEF for sequences). */
export function element(enc: Enc, group: number, elem: number, vr: string, value: Buffer, length?: number): Buffer {
  const len = length ?? value.length;
  const head: Buffer[] = [u16(enc, group), u16(enc, elem)];
  if (enc.explicit && group !== 0xfffe) {
    head.push(Buffer.from(vr, 'latin1'));
    if (LONG.has(vr)) head.push(Buffer.alloc(2), u32(enc, len));
    else head.push(u16(enc, len));
  } else head.push(u32(enc, len));
  return Buffer.concat([...head, value]);
}

export function str(enc: Enc, group: number, elem: number, vr: string, s: string): Buffer {
  let v = Buffer.from(s, 'latin1');
  if (v.length % 2) v = Buffer.concat([v, Buffer.from(vr === 'UI' ? '\0' : ' ')]);
  return element(enc, group, elem, vr, v);
}

export function us(enc: Enc, group: number, elem: number, ...values: number[]): Buffer {
  return element(enc, group, elem, 'US', Buffer.concat(values.map((v) => u16(enc, v & 0xffff))));
}

export function ss(enc: Enc, group: number, elem: number, ...values: number[]): Buffer {
  return element(enc, group, elem, 'SS', Buffer.concat(values.map((v) => u16(enc, v & 0xffff))));
}

/** A sequence of items (each the bytes of its elements), with defined or undefined lengths. */
export function sequence(enc: Enc, group: number, elem: number, items: Buffer[], opts: { undefinedSeq?: boolean; undefinedItems?: boolean } = {}): Buffer {
  const encoded = items.map((content) => {
    if (opts.undefinedItems) {
      return Buffer.concat([u16(enc, 0xfffe), u16(enc, 0xe000), u32(enc, UNDEF), content, u16(enc, 0xfffe), u16(enc, 0xe00d), u32(enc, 0)]);
    }
    return Buffer.concat([u16(enc, 0xfffe), u16(enc, 0xe000), u32(enc, content.length), content]);
  });
  let body = Buffer.concat(encoded);
  if (opts.undefinedSeq) body = Buffer.concat([body, u16(enc, 0xfffe), u16(enc, 0xe0dd), u32(enc, 0)]);
  return element(enc, group, elem, 'SQ', body, opts.undefinedSeq ? UNDEF : body.length);
}

/** Encapsulated pixel data: empty Basic Offset Table, then one item per fragment. */
export function encapsulatedPixels(fragments: Buffer[]): Buffer {
  const enc = EXPLICIT_LE;
  const items = [Buffer.alloc(0), ...fragments].map((f) => Buffer.concat([u16(enc, 0xfffe), u16(enc, 0xe000), u32(enc, f.length), f]));
  return element(enc, 0x7fe0, 0x0010, 'OB', Buffer.concat([...items, u16(enc, 0xfffe), u16(enc, 0xe0dd), u32(enc, 0)]), UNDEF);
}

/** A Part 10 file: preamble + DICM (unless `noPreamble`), File Meta, the dataset (deflated for .1.99). */
export function part10(transferSyntax: string, dataset: Buffer, opts: { noPreamble?: boolean; noMeta?: boolean } = {}): Buffer {
  const m = EXPLICIT_LE;
  const metaBody = Buffer.concat([
    element(m, 0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    str(m, 0x0002, 0x0002, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    str(m, 0x0002, 0x0010, 'UI', transferSyntax),
  ]);
  const meta = opts.noMeta ? Buffer.alloc(0) : Buffer.concat([element(m, 0x0002, 0x0000, 'UL', u32(m, metaBody.length)), metaBody]);
  const data = transferSyntax === '1.2.840.10008.1.2.1.99' ? deflateRawSync(dataset) : dataset;
  const pre = opts.noPreamble ? Buffer.alloc(0) : Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
  return Buffer.concat([pre, meta, data]);
}

export const TS = {
  implicitLE: '1.2.840.10008.1.2',
  explicitLE: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBE: '1.2.840.10008.1.2.2',
  jpeg2000: '1.2.840.10008.1.2.4.90',
};

export interface SliceSpec {
  ts?: string;
  rows?: number;
  cols?: number;
  seriesUid?: string;
  sopUid?: string;
  modality?: string;
  imageType?: string;
  ipp?: [number, number, number];
  iop?: number[];
  spacing?: string;
  thickness?: string;
  instance?: number;
  bitsAllocated?: number;
  bitsStored?: number;
  highBit?: number;
  pixelRepresentation?: number;
  slope?: string;
  intercept?: string;
  padding?: number;
  /** Raw stored values, one per pixel, written with BitsAllocated bits. */
  pixels?: number[];
  /** Extra dataset bytes inserted after (0028,0120) (must keep tag order). */
  extra?: Buffer;
  noPreamble?: boolean;
  /** NumberOfFrames (0028,0008) as written; absent when undefined. */
  frames?: string;
}

/** A small CT slice as a complete Part 10 file. */
export function ctSlice(s: SliceSpec = {}): Buffer {
  const ts = s.ts ?? TS.explicitLE;
  const enc: Enc = ts === TS.implicitLE ? IMPLICIT_LE : ts === TS.explicitBE ? EXPLICIT_BE : EXPLICIT_LE;
  const rows = s.rows ?? 2;
  const cols = s.cols ?? 2;
  const ba = s.bitsAllocated ?? 16;
  const pr = s.pixelRepresentation ?? 1;
  const pixels = s.pixels ?? Array.from({ length: rows * cols }, (_, i) => i);
  const pix = Buffer.alloc((pixels.length * ba) / 8);
  pixels.forEach((v, i) => {
    if (ba === 8) pix.writeUInt8(v & 0xff, i);
    else if (ba === 16) (enc.le ? pix.writeUInt16LE(v & 0xffff, 2 * i) : pix.writeUInt16BE(v & 0xffff, 2 * i));
    else (enc.le ? pix.writeUInt32LE(v >>> 0, 4 * i) : pix.writeUInt32BE(v >>> 0, 4 * i));
  });
  const ipp = s.ipp ?? [0, 0, 0];
  const parts: Buffer[] = [
    str(enc, 0x0008, 0x0008, 'CS', s.imageType ?? 'ORIGINAL\\PRIMARY\\AXIAL'),
    str(enc, 0x0008, 0x0018, 'UI', s.sopUid ?? `1.2.3.4.${ipp[2]}`),
    str(enc, 0x0008, 0x0060, 'CS', s.modality ?? 'CT'),
    str(enc, 0x0010, 0x0020, 'LO', 'PAT-1'),
    str(enc, 0x0018, 0x0050, 'DS', s.thickness ?? '2.5'),
    str(enc, 0x0020, 0x000d, 'UI', '1.2.3'),
    str(enc, 0x0020, 0x000e, 'UI', s.seriesUid ?? '1.2.3.1'),
    str(enc, 0x0020, 0x0013, 'IS', String(s.instance ?? 1)),
    str(enc, 0x0020, 0x0032, 'DS', ipp.join('\\')),
    str(enc, 0x0020, 0x0037, 'DS', (s.iop ?? [1, 0, 0, 0, 1, 0]).join('\\')),
    us(enc, 0x0028, 0x0002, 1),
    str(enc, 0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    ...(s.frames === undefined ? [] : [str(enc, 0x0028, 0x0008, 'IS', s.frames)]),
    us(enc, 0x0028, 0x0010, rows),
    us(enc, 0x0028, 0x0011, cols),
    str(enc, 0x0028, 0x0030, 'DS', s.spacing ?? '0.5\\0.75'),
    us(enc, 0x0028, 0x0100, ba),
    us(enc, 0x0028, 0x0101, s.bitsStored ?? ba),
    us(enc, 0x0028, 0x0102, s.highBit ?? (s.bitsStored ?? ba) - 1),
    us(enc, 0x0028, 0x0103, pr),
  ];
  if (s.padding !== undefined) parts.push(pr ? ss(enc, 0x0028, 0x0120, s.padding) : us(enc, 0x0028, 0x0120, s.padding));
  if (s.extra) parts.push(s.extra);
  parts.push(str(enc, 0x0028, 0x1052, 'DS', s.intercept ?? '-1024'), str(enc, 0x0028, 0x1053, 'DS', s.slope ?? '1'));
  parts.push(element(enc, 0x7fe0, 0x0010, ba === 8 ? 'OB' : 'OW', pix));
  return part10(ts, Buffer.concat(parts), { noPreamble: s.noPreamble });
}
