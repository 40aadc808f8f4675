import { inflateRawSync } from 'node:zlib';
import { maxVolumeBytes } from '../limits';
import { LungDeskError } from '../../../common/errors';
import { IMPLICIT_VR, Tags, formatTag } from './tags';
import { EXPLICIT_LE, IMPLICIT_LE, transferSyntaxOf, type TransferSyntax } from './transfer-syntax';
import { LONG_LENGTH_VRS, isVrAt } from './vr';

/**
 * DICOM Part 10 parser for one file held in a Buffer.
 *
 * Reads: the 128-byte preamble + "DICM" (or no preamble when the file starts with a group
 * 0002/0008 element), the File Meta group (Explicit VR Little Endian), then the dataset in
 * its transfer syntax: Implicit VR LE, Explicit VR LE, Explicit VR BE, Deflated Explicit VR LE
 * (raw deflate), and any compressed syntax as Explicit VR LE with encapsulated pixel data.
 *
 * Only top-level elements are kept (tag → where its value is); sequences of any nesting,
 * defined or undefined length, are walked only to skip them, so a nested tag never shadows a
 * top-level one. Values are decoded on demand by `dataset.ts`.
 *
 * Every malformed input ends in a LungDeskError naming the file: `io.not-dicom` (no magic, no
 * parsable element), `io.truncated` (a length runs past the end of the file), `io.bad-header`
 * (a structure that cannot be DICOM). The parser always advances, so it cannot loop.
 */

export interface DicomElement {
  tag: number;
  vr: string;
  /** Byte offset of the value in `DicomFile.buffer` (or `metaBuffer` for group 0002). */
  offset: number;
  /** Value length in bytes; undefined for an undefined-length element (sequence, encapsulated). */
  length: number | undefined;
}

export interface PixelDataLocation {
  /** Offset of the value (native) or of the first item (encapsulated) in `DicomFile.buffer`. */
  offset: number;
  /** Bytes of native pixel data; undefined when encapsulated. */
  length: number | undefined;
  encapsulated: boolean;
  /** Encapsulated fragments (after the Basic Offset Table), filled by a full parse only. */
  fragments?: Array<{ offset: number; length: number }>;
}

export interface DicomFile {
  file: string;
  transferSyntax: TransferSyntax;
  /** Buffer holding the dataset: the input buffer, or its inflated tail for deflated files. */
  buffer: Buffer;
  /** The input buffer, holding the File Meta elements. */
  metaBuffer: Buffer;
  meta: Map<number, DicomElement>;
  elements: Map<number, DicomElement>;
  pixelData: PixelDataLocation | undefined;
  hasPreamble: boolean;
}

export interface ParseOptions {
  /** Path used in error messages. */
  file?: string;
  /** Stop at (7FE0,0010): its location is recorded but its bytes are never touched. */
  headerOnly?: boolean;
  /**
   * Size of the whole file when `buf` holds only its beginning (header-only reads). An element
   * that runs past `buf` but not past `fileSize` throws `NeedMoreBytes` instead of io.truncated.
   */
  fileSize?: number;
}

/** Thrown by a header-only parse of a partial buffer: read at least `needed` bytes and retry. */
export class NeedMoreBytes extends Error {
  constructor(readonly needed: number) {
    super(`need ${needed} bytes`);
    this.name = 'NeedMoreBytes';
  }
}

const UNDEFINED_LENGTH = 0xffffffff;
/** Nested sequences deeper than this are not real DICOM; stops stack exhaustion on junk. */
const MAX_DEPTH = 32;

class Reader {
  constructor(
    readonly buf: Buffer,
    readonly le: boolean,
    readonly explicit: boolean,
    readonly file: string,
    /** Total size of the data `buf` is the start of (> buf.length only for partial reads). */
    readonly totalSize: number,
  ) {}

  need(offset: number, bytes: number, what: string): void {
    const end = offset + bytes;
    if (end <= this.buf.length) return;
    if (end <= this.totalSize) throw new NeedMoreBytes(end);
    throw new LungDeskError('io.truncated', `${this.file}: file ends inside ${what} (needs ${end} bytes, has ${this.totalSize})`, {
      file: this.file,
      detail: { needed: end, size: this.totalSize },
    });
  }

  /** Skips `bytes` without reading them: only the end of the file matters, not of `buf`. */
  skip(offset: number, bytes: number, what: string): number {
    const end = offset + bytes;
    if (end > this.totalSize) {
      throw new LungDeskError('io.truncated', `${this.file}: file ends inside ${what} (needs ${end} bytes, has ${this.totalSize})`, {
        file: this.file,
        detail: { needed: end, size: this.totalSize },
      });
    }
    return end;
  }

  u16(o: number): number {
    return this.le ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o);
  }

  u32(o: number): number {
    return this.le ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o);
  }

  tagAt(o: number): number {
    return ((this.u16(o) << 16) | this.u16(o + 2)) >>> 0;
  }
}

interface RawHeader {
  tag: number;
  vr: string;
  length: number;
  /** Offset of the value. */
  valueOffset: number;
}

function badHeader(file: string, message: string, detail?: unknown): LungDeskError {
  return new LungDeskError('io.bad-header', `${file}: ${message}`, { file, detail });
}

/** Reads one element header at `o` (the value is not touched). */
function readElementHeader(r: Reader, o: number, explicit: boolean): RawHeader {
  r.need(o, 8, 'an element header');
  const t = r.tagAt(o);
  // Item and delimitation tags never carry a VR, in any transfer syntax.
  if (!explicit || (t >>> 16) === 0xfffe) {
    const length = r.u32(o + 4);
    const vr = (t >>> 16) === 0xfffe ? 'NONE' : (IMPLICIT_VR.get(t) ?? 'UN');
    return { tag: t, vr, length, valueOffset: o + 8 };
  }
  const vr = String.fromCharCode(r.buf[o + 4]!, r.buf[o + 5]!);
  if (LONG_LENGTH_VRS.has(vr)) {
    r.need(o, 12, 'an element header');
    return { tag: t, vr, length: r.u32(o + 8), valueOffset: o + 12 };
  }
  if (!/^[A-Z]{2}$/.test(vr)) {
    throw badHeader(r.file, `invalid VR bytes at offset ${o + 4} in element ${formatTag(t)}`, { offset: o });
  }
  return { tag: t, vr, length: r.u16(o + 6), valueOffset: o + 8 };
}

/**
 * Skips the items of an undefined-length sequence starting at `o` (just after its header);
 * returns the offset after the Sequence Delimitation Item. Items of undefined length are
 * walked element by element, recursively.
 */
function skipUndefinedSequence(r: Reader, o: number, explicit: boolean, depth: number): number {
  if (depth > MAX_DEPTH) throw badHeader(r.file, `sequences nested deeper than ${MAX_DEPTH} levels`);
  for (;;) {
    r.need(o, 8, 'a sequence item');
    const t = r.tagAt(o);
    const length = r.u32(o + 4);
    o += 8;
    if (t === Tags.SequenceDelimitation) return o;
    if (t !== Tags.Item) throw badHeader(r.file, `unexpected tag ${formatTag(t)} inside a sequence at offset ${o - 8}`);
    if (length !== UNDEFINED_LENGTH) {
      o = r.skip(o, length, 'a sequence item');
      continue;
    }
    o = skipUndefinedItem(r, o, explicit, depth + 1);
  }
}

/** Walks the elements of an undefined-length item up to and past its Item Delimitation. */
function skipUndefinedItem(r: Reader, o: number, explicit: boolean, depth: number): number {
  if (depth > MAX_DEPTH) throw badHeader(r.file, `sequences nested deeper than ${MAX_DEPTH} levels`);
  for (;;) {
    const h = readElementHeader(r, o, explicit);
    if (h.tag === Tags.ItemDelimitation) return h.valueOffset;
    if (h.tag === Tags.SequenceDelimitation || h.tag === Tags.Item) {
      throw badHeader(r.file, `unexpected ${formatTag(h.tag)} inside an item at offset ${o}`);
    }
    o = skipValue(r, h, explicit, depth);
  }
}

/** Offset after the value of element `h`, walking undefined-length sequences. */
function skipValue(r: Reader, h: RawHeader, explicit: boolean, depth: number): number {
  if (h.length === UNDEFINED_LENGTH) {
    // Undefined length is only legal for SQ, and for UN holding an Implicit VR LE sequence.
    if (h.vr === 'SQ' || !explicit) return skipUndefinedSequence(r, h.valueOffset, explicit, depth + 1);
    if (h.vr === 'UN') {
      const implicit = new Reader(r.buf, true, false, r.file, r.totalSize);
      return skipUndefinedSequence(implicit, h.valueOffset, false, depth + 1);
    }
    throw badHeader(r.file, `element ${formatTag(h.tag)} (${h.vr}) has undefined length`);
  }
  return r.skip(h.valueOffset, h.length, `element ${formatTag(h.tag)}`);
}

/** Encapsulated pixel data: items (Basic Offset Table first, then fragments) up to the delimiter. */
function readFragments(r: Reader, o: number): { end: number; fragments: Array<{ offset: number; length: number }> } {
  const fragments: Array<{ offset: number; length: number }> = [];
  let first = true;
  for (;;) {
    r.need(o, 8, 'an encapsulated pixel data item');
    const t = r.tagAt(o);
    const length = r.u32(o + 4);
    o += 8;
    if (t === Tags.SequenceDelimitation) return { end: o, fragments };
    if (t !== Tags.Item || length === UNDEFINED_LENGTH) {
      throw badHeader(r.file, `malformed encapsulated pixel data item ${formatTag(t)} at offset ${o - 8}`);
    }
    r.need(o, length, 'an encapsulated pixel data fragment');
    if (!first) fragments.push({ offset: o, length });
    first = false;
    o += length;
  }
}

function looksLikeElementStart(buf: Buffer): boolean {
  if (buf.length < 8) return false;
  const group = buf.readUInt16LE(0);
  return group === 0x0002 || group === 0x0008;
}

/**
 * Parses a DICOM file held (wholly, or its beginning when `fileSize` says so) in `buf`.
 * Never throws anything but LungDeskError or NeedMoreBytes.
 */
export function parseDicom(buf: Buffer, opts: ParseOptions = {}): DicomFile {
  const file = opts.file ?? '<buffer>';
  try {
    return parseUnsafe(buf, opts, file);
  } catch (e) {
    if (e instanceof LungDeskError || e instanceof NeedMoreBytes) throw e;
    // Defence in depth: any slip in bounds checking still surfaces as typed data.
    throw badHeader(file, `malformed DICOM: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseUnsafe(buf: Buffer, opts: ParseOptions, file: string): DicomFile {
  const totalSize = Math.max(opts.fileSize ?? buf.length, buf.length);
  let start: number;
  let hasPreamble = false;
  if (buf.length >= 132 && buf.toString('latin1', 128, 132) === 'DICM') {
    start = 132;
    hasPreamble = true;
  } else if (looksLikeElementStart(buf)) {
    start = 0;
  } else if (buf.length < 132 && totalSize > buf.length) {
    throw new NeedMoreBytes(Math.min(totalSize, 132));
  } else {
    throw new LungDeskError('io.not-dicom', `${file}: not a DICOM file (no "DICM" magic at offset 128 and no DICOM element at the start)`, { file });
  }

  // File Meta group: always Explicit VR Little Endian.
  const metaReader = new Reader(buf, true, true, file, totalSize);
  const meta = new Map<number, DicomElement>();
  let o = start;
  while (o + 2 <= buf.length && buf.readUInt16LE(o) === 0x0002) {
    const h = readElementHeader(metaReader, o, true);
    if (h.length === UNDEFINED_LENGTH) throw badHeader(file, `File Meta element ${formatTag(h.tag)} has undefined length`);
    metaReader.need(h.valueOffset, h.length, `File Meta element ${formatTag(h.tag)}`);
    meta.set(h.tag, { tag: h.tag, vr: h.vr, offset: h.valueOffset, length: h.length });
    o = h.valueOffset + h.length;
  }
  if (o + 2 > buf.length && totalSize > buf.length) throw new NeedMoreBytes(o + 64);

  let ts: TransferSyntax;
  const tsEl = meta.get(Tags.TransferSyntaxUID);
  if (tsEl && tsEl.length !== undefined) {
    const uid = buf.toString('latin1', tsEl.offset, tsEl.offset + tsEl.length).replace(/[\0 ]+$/, '').trim();
    if (!/^[0-9.]+$/.test(uid)) throw badHeader(file, `malformed Transfer Syntax UID "${uid.slice(0, 64)}"`);
    ts = transferSyntaxOf(uid);
  } else {
    // No File Meta: guess from the first dataset element (Little Endian assumed).
    ts = isVrAt(buf, o + 4) ? EXPLICIT_LE : IMPLICIT_LE;
    if (!hasPreamble && meta.size === 0 && o + 8 > buf.length) {
      throw new LungDeskError('io.not-dicom', `${file}: not a DICOM file (too short)`, { file });
    }
  }

  let dataBuf = buf;
  let dataStart = o;
  let dataTotal = totalSize;
  if (ts.deflated) {
    if (totalSize > buf.length) throw new NeedMoreBytes(totalSize);
    // Inflated within the size cap: a small file must not inflate into gigabytes.
    const cap = maxVolumeBytes();
    try {
      dataBuf = inflateRawSync(buf.subarray(o), { maxOutputLength: cap });
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new LungDeskError('io.too-large', `${file}: the deflated dataset inflates to more than the ${cap} byte cap (set LUNGDESK_MAX_VOLUME_MB to raise it)`, { file, detail: { cap } });
      }
      throw badHeader(file, `deflated dataset cannot be inflated (${e instanceof Error ? e.message : String(e)})`);
    }
    dataStart = 0;
    dataTotal = dataBuf.length;
  }

  const r = new Reader(dataBuf, ts.littleEndian, ts.explicitVr, file, dataTotal);
  const elements = new Map<number, DicomElement>();
  let pixelData: PixelDataLocation | undefined;
  o = dataStart;
  while (o < dataTotal) {
    // Trailing padding shorter than an element header is tolerated (some writers pad files).
    if (dataTotal - o < 8) break;
    const h = readElementHeader(r, o, ts.explicitVr);
    if (h.tag === Tags.ItemDelimitation || h.tag === Tags.SequenceDelimitation || h.tag === Tags.Item) {
      throw badHeader(file, `stray ${formatTag(h.tag)} at top level (offset ${o})`);
    }
    if (h.tag === Tags.PixelData) {
      if (h.length === UNDEFINED_LENGTH) {
        pixelData = { offset: h.valueOffset, length: undefined, encapsulated: true };
        if (opts.headerOnly) break;
        const { end, fragments } = readFragments(r, h.valueOffset);
        pixelData.fragments = fragments;
        o = end;
        continue;
      }
      if (h.valueOffset + h.length > dataTotal) {
        throw new LungDeskError('io.truncated', `${file}: pixel data needs ${h.length} bytes but the file ends after ${dataTotal - h.valueOffset}`, {
          file,
          detail: { needed: h.valueOffset + h.length, size: dataTotal },
        });
      }
      pixelData = { offset: h.valueOffset, length: h.length, encapsulated: false };
      if (opts.headerOnly) break;
      o = h.valueOffset + h.length;
      continue;
    }
    const next = skipValue(r, h, ts.explicitVr, 0);
    // Values we decode must be in memory; the rest (private blobs, ...) are only skipped.
    if (h.length !== UNDEFINED_LENGTH && IMPLICIT_VR.has(h.tag)) r.need(h.valueOffset, h.length, `element ${formatTag(h.tag)}`);
    // The first occurrence wins: a duplicated tag is a writer bug, not a new value.
    if (!elements.has(h.tag)) {
      elements.set(h.tag, { tag: h.tag, vr: h.vr, offset: h.valueOffset, length: h.length === UNDEFINED_LENGTH ? undefined : h.length });
    }
    o = next;
  }
  if (elements.size === 0 && meta.size === 0) {
    throw new LungDeskError('io.not-dicom', `${file}: not a DICOM file (no elements)`, { file });
  }
  return { file, transferSyntax: ts, buffer: dataBuf, metaBuffer: buf, meta, elements, pixelData, hasPreamble };
}
