import { LungDeskError } from '../../../common/errors';
import type { DicomElement, DicomFile } from './parse';
import { IMPLICIT_VR, formatTag } from './tags';

/**
 * Decoding of top-level element values. Strings are read as Latin-1 with DICOM padding
 * (trailing spaces and NULs) removed; multi-valued strings split on backslash. Binary values
 * follow the dataset's byte order.
 */

function elementOf(f: DicomFile, t: number): { el: DicomElement; buf: Buffer; le: boolean } | undefined {
  const isMeta = t >>> 16 === 0x0002;
  const el = isMeta ? f.meta.get(t) : f.elements.get(t);
  if (!el || el.length === undefined) return undefined;
  return { el, buf: isMeta ? f.metaBuffer : f.buffer, le: isMeta || f.transferSyntax.littleEndian };
}

/** The string value (all values joined by backslash), trimmed; undefined when absent. */
export function getString(f: DicomFile, t: number): string | undefined {
  const e = elementOf(f, t);
  if (!e) return undefined;
  const { el, buf } = e;
  return buf.toString('latin1', el.offset, el.offset + el.length!).replace(/[\0 ]+$/, '').trim();
}

export function getStrings(f: DicomFile, t: number): string[] | undefined {
  const s = getString(f, t);
  if (s === undefined) return undefined;
  return s.split('\\').map((v) => v.trim());
}

const BINARY_SIZE: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };

/**
 * Numeric values of a DS/IS (decimal strings) or binary (US/SS/UL/SL/FL/FD) element.
 * Returns undefined when absent or empty; a value that is not a number throws io.bad-header.
 * `xs` resolves US-or-SS elements (Implicit VR, or the VR the file gave) to the sign wanted.
 */
export function getNumbers(f: DicomFile, t: number, opts: { signed16?: boolean } = {}): number[] | undefined {
  const e = elementOf(f, t);
  if (!e) return undefined;
  const { el, buf, le } = e;
  // A UN element (e.g. after a transcoding that lost the VR) is read as the dictionary says.
  let vr = el.vr === 'UN' ? (IMPLICIT_VR.get(t) ?? 'UN') : el.vr;
  if (vr === 'xs' || ((vr === 'US' || vr === 'SS' || vr === 'OW') && opts.signed16 !== undefined)) {
    vr = opts.signed16 ? 'SS' : 'US';
  }
  const size = BINARY_SIZE[vr];
  if (size !== undefined) {
    const n = Math.floor(el.length! / size);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = el.offset + i * size;
      switch (vr) {
        case 'US': out.push(le ? buf.readUInt16LE(o) : buf.readUInt16BE(o)); break;
        case 'SS': out.push(le ? buf.readInt16LE(o) : buf.readInt16BE(o)); break;
        case 'UL': out.push(le ? buf.readUInt32LE(o) : buf.readUInt32BE(o)); break;
        case 'SL': out.push(le ? buf.readInt32LE(o) : buf.readInt32BE(o)); break;
        case 'FL': out.push(le ? buf.readFloatLE(o) : buf.readFloatBE(o)); break;
        default: out.push(le ? buf.readDoubleLE(o) : buf.readDoubleBE(o)); break;
      }
    }
    return out.length ? out : undefined;
  }
  const s = getString(f, t);
  if (s === undefined || s === '') return undefined;
  return s.split('\\').map((v) => {
    const x = v.trim() === '' ? NaN : Number(v.trim());
    if (!Number.isFinite(x)) {
      throw new LungDeskError('io.bad-header', `${f.file}: ${formatTag(t)} holds "${s.slice(0, 80)}", not a list of finite numbers`, {
        file: f.file,
        detail: { tag: formatTag(t), value: s.slice(0, 200) },
      });
    }
    return x;
  });
}

export function getNumber(f: DicomFile, t: number, opts: { signed16?: boolean } = {}): number | undefined {
  return getNumbers(f, t, opts)?.[0];
}
