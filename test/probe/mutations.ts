import { parseDicom } from '../../electron/core/io/dicom/parse';
import type { Seed, SeedKind } from './seeds';

/**
 * One mutated input: the files of its folder, what was done to the seed, and what a correct
 * reader must do with it beyond "read it or throw a typed error" (refuse bad geometry, refuse
 * a data file outside the folder).
 */
export interface MutatedCase {
  kind: SeedKind;
  /** Seed label + mutation, e.g. `LIDC slice: PixelSpacing=NaN\NaN`. */
  label: string;
  name: string;
  files: Record<string, Buffer>;
  /** Set when the input is invalid in a way a reader must refuse (an `ok` read is a finding). */
  mustFail?: string;
  /** When set, the refusal must carry one of these codes. */
  mustCode?: readonly string[];
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

// ---- byte-level mutations, any format ----

function bitFlips(b: Buffer, rnd: Rnd): { bytes: Buffer; what: string } {
  const out = Buffer.from(b);
  const n = 1 + Math.floor(rnd() * 8);
  // Half the flips land in the first 2 KB, where every header lives.
  for (let k = 0; k < n; k++) {
    const at = rnd() < 0.5 ? Math.floor(rnd() * Math.min(2048, out.length)) : Math.floor(rnd() * out.length);
    out[at] = out[at]! ^ (1 << Math.floor(rnd() * 8));
  }
  return { bytes: out, what: `${n} bit flips` };
}

function truncate(b: Buffer, rnd: Rnd): { bytes: Buffer; what: string } {
  const at = rnd() < 0.4 ? Math.floor(rnd() * Math.min(1024, b.length)) : Math.floor(rnd() * b.length);
  return { bytes: b.subarray(0, at), what: `truncated at ${at} of ${b.length}` };
}

function byteNoise(b: Buffer, rnd: Rnd): { bytes: Buffer; what: string } {
  const out = Buffer.from(b);
  const at = Math.floor(rnd() * out.length);
  const len = Math.min(out.length - at, 1 + Math.floor(rnd() * 64));
  for (let i = 0; i < len; i++) out[at + i] = rnd() < 0.5 ? 0xff : Math.floor(rnd() * 256);
  return { bytes: out, what: `${len} noise bytes at ${at}` };
}

function byteMutation(b: Buffer, rnd: Rnd): { bytes: Buffer; what: string } {
  const r = rnd();
  return r < 0.5 ? bitFlips(b, rnd) : r < 0.8 ? truncate(b, rnd) : byteNoise(b, rnd);
}

// ---- DICOM element edits (explicit or implicit VR little endian) ----

const DICOM_EDITS: { tag: [number, number]; vr: string; name: string; values: string[]; invalid: (v: string) => boolean }[] = [
  { tag: [0x0028, 0x0030], vr: 'DS', name: 'PixelSpacing', values: ['0\\0', 'NaN\\NaN', '1e308\\1e308', '-1\\-1', 'inf\\1', '0.7\\', 'abc'], invalid: () => true },
  { tag: [0x0028, 0x1053], vr: 'DS', name: 'RescaleSlope', values: ['NaN', 'inf', '1e308', '-1e308', 'x'], invalid: () => true },
  { tag: [0x0028, 0x1052], vr: 'DS', name: 'RescaleIntercept', values: ['NaN', '-inf', '1e308'], invalid: () => true },
  { tag: [0x0020, 0x0032], vr: 'DS', name: 'ImagePositionPatient', values: ['NaN\\NaN\\NaN', '1e308\\0\\0', '0\\0'], invalid: () => true },
  { tag: [0x0020, 0x0037], vr: 'DS', name: 'ImageOrientationPatient', values: ['0\\0\\0\\0\\0\\0', 'NaN\\0\\0\\0\\1\\0', '1\\0\\0\\1\\0\\0'], invalid: () => true },
  { tag: [0x0028, 0x0010], vr: 'US', name: 'Rows', values: ['0', '65535', '1'], invalid: (v) => v !== '1' },
  { tag: [0x0028, 0x0011], vr: 'US', name: 'Columns', values: ['0', '65535', '3'], invalid: () => true },
  { tag: [0x0028, 0x0100], vr: 'US', name: 'BitsAllocated', values: ['0', '7', '64', '1'], invalid: () => true },
  { tag: [0x0028, 0x0002], vr: 'US', name: 'SamplesPerPixel', values: ['3', '0'], invalid: () => false },
];

/**
 * Where an element's header and value are, found by our own parser on the unmutated seed (a
 * byte search for the tag could hit pixel data). Header: 8 bytes (implicit, short explicit VR)
 * or 12 (long explicit VR).
 */
function findElement(b: Buffer, group: number, elem: number): { at: number; explicit: boolean; valueAt: number; len: number } | undefined {
  let f: ReturnType<typeof parseDicom>;
  try {
    f = parseDicom(b);
  } catch {
    return undefined;
  }
  if (f.buffer !== b) return undefined; // deflated: offsets are in another buffer
  const explicit = f.transferSyntax.explicitVr;
  const e = f.elements.get(((group << 16) | elem) >>> 0);
  if (!e || e.length === undefined) return undefined;
  const long = explicit && ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV'].includes(e.vr);
  return { at: e.offset - (long ? 12 : 8), explicit, valueAt: e.offset, len: e.length };
}

export function encodeValue(vr: string, v: string): Buffer {
  if (vr === 'US') {
    const out = Buffer.alloc(2);
    out.writeUInt16LE(Number(v) & 0xffff);
    return out;
  }
  return Buffer.from(v.length % 2 ? `${v} ` : v, 'latin1');
}

/** Replaces an element's value (changing its length), or inserts it before the next tag when absent. */
export function setElement(b: Buffer, group: number, elem: number, vr: string, value: Buffer): Buffer | undefined {
  const e = findElement(b, group, elem);
  if (e) {
    const head = Buffer.from(b.subarray(e.at, e.valueAt));
    if (e.explicit && e.valueAt - e.at === 8) head.writeUInt16LE(value.length, 6);
    else head.writeUInt32LE(value.length, head.length - 4);
    return Buffer.concat([b.subarray(0, e.at), head, value, b.subarray(e.valueAt + e.len)]);
  }
  // Absent (NumberOfFrames in a single-frame slice): insert it before Rows, keeping tag order.
  const rows = findElement(b, 0x0028, 0x0010);
  if (!rows) return undefined;
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elem, 2);
  if (rows.explicit) {
    head.write(vr, 4, 'latin1');
    head.writeUInt16LE(value.length, 6);
  } else head.writeUInt32LE(value.length, 4);
  return Buffer.concat([b.subarray(0, rows.at), head, value, b.subarray(rows.at)]);
}

function dicomEdit(seed: Seed, rnd: Rnd): Omit<MutatedCase, 'kind' | 'name'> | undefined {
  if (rnd() < 0.2) {
    const frames = pick(rnd, ['0', '5', '-1', '999999', 'NaN']);
    const bytes = setElement(seed.main, 0x0028, 0x0008, 'IS', encodeValue('IS', frames));
    if (!bytes) return undefined;
    return { label: `${seed.label}: NumberOfFrames=${frames}`, files: { [seed.name]: bytes }, mustFail: 'NumberOfFrames disagrees with the one frame of data' };
  }
  const edit = pick(rnd, DICOM_EDITS);
  const v = pick(rnd, edit.values);
  const bytes = setElement(seed.main, edit.tag[0], edit.tag[1], edit.vr, encodeValue(edit.vr, v));
  if (!bytes) return undefined;
  return { label: `${seed.label}: ${edit.name}=${v}`, files: { [seed.name]: bytes }, mustFail: edit.invalid(v) ? `${edit.name} ${v} is not a usable value` : undefined };
}

// ---- text headers: MetaImage and NRRD ----

const MHD_EDITS: Record<string, { values: string[]; invalid: boolean }> = {
  DimSize: { values: ['0 0 0', '512 512 -1', '100000 100000 100000', 'NaN 1 1', '1 1', '2147483648 2 2', '48 40'], invalid: true },
  ElementSpacing: { values: ['0 0 0', 'NaN NaN NaN', '1e308 1 1', '-1 1 1', 'inf 1 1', '0.7 0.7 0'], invalid: true },
  Offset: { values: ['NaN 0 0', '1e308 0 0', 'inf inf inf'], invalid: true },
  TransformMatrix: { values: ['0 0 0 0 0 0 0 0 0', 'NaN 0 0 0 1 0 0 0 1', '1 0 0 1 0 0 0 0 1'], invalid: true },
  ElementType: { values: ['MET_FLOAT', 'MET_DOUBLE', 'MET_UCHAR', 'MET_FOO', 'MET_LONG_LONG'], invalid: false },
  CompressedDataSize: { values: ['0', '-5', '99999999999'], invalid: false },
  NDims: { values: ['2', '4', '0', 'abc'], invalid: true },
  BinaryDataByteOrderMSB: { values: ['True'], invalid: false },
  HeaderSize: { values: ['-1', '999999999'], invalid: false },
  CompressedData: { values: ['True', 'False'], invalid: false },
};

const NRRD_EDITS: Record<string, { values: string[]; invalid: boolean }> = {
  sizes: { values: ['0 0 0', '48 40 -1', '100000 100000 100000', 'NaN 1 1', '48 40'], invalid: true },
  spacings: { values: ['0 0 0', 'nan nan nan', '1e308 1 1', 'inf 1 1'], invalid: true },
  'space directions': { values: ['(0,0,0) (0,0,0) (0,0,0)', '(nan,0,0) (0,1,0) (0,0,1)', '(1,0,0) (1,0,0) (0,0,1)', 'none none none'], invalid: true },
  'space origin': { values: ['(nan,nan,nan)', '(1e308,0,0)', '(0,0)'], invalid: true },
  type: { values: ['double', 'block', 'int64', 'foo'], invalid: false },
  encoding: { values: ['bzip2', 'hex', 'gzip', 'raw', 'ascii'], invalid: false },
  dimension: { values: ['2', '4', '0'], invalid: true },
  endian: { values: ['big'], invalid: false },
};

/** The data-file escapes both text formats are tried with; `outside.raw` exists one folder up. */
export function dataFileEscapes(outsideAbs: string): string[] {
  return ['../outside.raw', outsideAbs, '../../../../../../../../etc/hostname', '/etc/hostname', 'sub/../../outside.raw'];
}

function setTextField(text: string, key: string, value: string, sep: string): string {
  const re = new RegExp(`^${key.replace(/ /g, ' ')}\\s*${sep}.*$`, 'm');
  return re.test(text) ? text.replace(re, `${key}${sep === '=' ? ' = ' : ': '}${value}`) : text.replace(/\n/, `\n${key}${sep === '=' ? ' = ' : ': '}${value}\n`);
}

function textHeaderEdit(seed: Seed, rnd: Rnd, outsideAbs: string): Omit<MutatedCase, 'kind' | 'name'> {
  const mhd = seed.kind === 'metaimage';
  const sep = mhd ? '=' : ':';
  // NRRD: header and data share the file unless `data file` is set; split at the blank line.
  const bytes = seed.main;
  const split = mhd ? bytes.length : bytes.indexOf('\n\n') + 2;
  const text = bytes.toString('latin1', 0, split);
  const rest = bytes.subarray(split);
  const files = (t: string, extra: Buffer = rest) => ({ ...seed.sidecars, [seed.name]: Buffer.concat([Buffer.from(t, 'latin1'), extra]) });
  if (rnd() < 0.25) {
    const target = pick(rnd, dataFileEscapes(outsideAbs));
    const key = mhd ? 'ElementDataFile' : 'data file';
    // An NRRD with `data file` has no inline data: drop it, so the escape is the only data there is.
    return {
      label: `${seed.label}: ${key}=${target}`,
      files: files(setTextField(text, key, target, sep), mhd ? rest : Buffer.alloc(0)),
      mustFail: 'the data file is outside the header folder',
      mustCode: ['io.outside-folder'],
    };
  }
  const table = mhd ? MHD_EDITS : NRRD_EDITS;
  const key = pick(rnd, Object.keys(table));
  const edit = table[key]!;
  const v = pick(rnd, edit.values);
  return { label: `${seed.label}: ${key}=${v}`, files: files(setTextField(text, key, v, sep)), mustFail: edit.invalid ? `${key} ${v} is not a usable value` : undefined };
}

// ---- NIfTI-1 header fields (plain .nii) ----

const NIFTI_INT16: { at: number; name: string; values: number[]; invalid: (v: number) => boolean }[] = [
  { at: 42, name: 'dim[1]', values: [0, -1, 32767], invalid: (v) => v <= 0 },
  { at: 44, name: 'dim[2]', values: [0, -5, 32767], invalid: (v) => v <= 0 },
  { at: 46, name: 'dim[3]', values: [0, 32767, -32768], invalid: (v) => v <= 0 },
  { at: 40, name: 'dim[0]', values: [0, 8, -1, 9], invalid: () => true },
  { at: 70, name: 'datatype', values: [0, 1, 2048, 128, 32767], invalid: () => false },
  { at: 72, name: 'bitpix', values: [0, 7, 64], invalid: () => false },
  { at: 252, name: 'qform_code', values: [0, 5, -1], invalid: () => false },
  { at: 254, name: 'sform_code', values: [0, 5, -1], invalid: () => false },
];
const NIFTI_FLOAT: { at: number; name: string; values: number[]; invalid: (v: number) => boolean }[] = [
  { at: 80, name: 'pixdim[1]', values: [0, NaN, Infinity, -1, 1e30], invalid: (v) => !Number.isFinite(v) || v > 1e6 },
  { at: 84, name: 'pixdim[2]', values: [0, NaN, -Infinity], invalid: (v) => !Number.isFinite(v) },
  { at: 88, name: 'pixdim[3]', values: [0, NaN, 1e30], invalid: (v) => !Number.isFinite(v) || v > 1e6 },
  { at: 108, name: 'vox_offset', values: [0, -1, 1e9, NaN, 351.5], invalid: () => false },
  { at: 112, name: 'scl_slope', values: [NaN, Infinity, 1e38, -0], invalid: (v) => !Number.isFinite(v) },
  { at: 116, name: 'scl_inter', values: [NaN, -Infinity, 1e38], invalid: (v) => !Number.isFinite(v) },
  { at: 268, name: 'qoffset_x', values: [NaN, 1e38], invalid: (v) => !Number.isFinite(v) },
  { at: 280, name: 'srow_x[0]', values: [NaN, 0, 1e38], invalid: (v) => !Number.isFinite(v) },
];

function niftiEdit(seed: Seed, rnd: Rnd): Omit<MutatedCase, 'kind' | 'name'> {
  const out = Buffer.from(seed.main);
  if (rnd() < 0.4) {
    const f = pick(rnd, NIFTI_INT16);
    const v = pick(rnd, f.values);
    out.writeInt16LE(v, f.at);
    return { label: `${seed.label}: ${f.name}=${v}`, files: { [seed.name]: out }, mustFail: f.invalid(v) ? `${f.name} ${v} is not a usable value` : undefined };
  }
  const f = pick(rnd, NIFTI_FLOAT);
  const v = pick(rnd, f.values);
  out.writeFloatLE(v, f.at);
  const sformSet = out.readInt16LE(254) > 0;
  const qformSet = out.readInt16LE(252) > 0;
  // Only a field the reader certainly uses makes a certain finding: with both forms set a
  // reader may take either, so a bad value in one of them is not counted as accepted.
  const used = f.name.startsWith('pixdim') ? !sformSet : f.name.startsWith('srow') ? sformSet && !qformSet : f.name.startsWith('qoffset') ? qformSet && !sformSet : true;
  const invalid = f.invalid(v) && used;
  return { label: `${seed.label}: ${f.name}=${v}`, files: { [seed.name]: out }, mustFail: invalid ? `${f.name} ${v} is not a usable value` : undefined };
}

// ---- .npy header ----

function npyEdit(seed: Seed, rnd: Rnd): Omit<MutatedCase, 'kind' | 'name'> {
  const edits: [RegExp, string][] = [
    [/'shape': \([^)]*\)/, `'shape': (0, 0, 0)`],
    [/'shape': \([^)]*\)/, `'shape': (-1, 40, 48)`],
    [/'shape': \([^)]*\)/, `'shape': (99999, 99999, 99999)`],
    [/'descr': '[^']*'/, `'descr': '<f8'`],
    [/'descr': '[^']*'/, `'descr': '|b1'`],
    [/'fortran_order': False/, `'fortran_order': True`],
  ];
  const [re, v] = pick(rnd, edits);
  const headerEnd = 10 + seed.main.readUInt16LE(8);
  let header = seed.main.toString('latin1', 10, headerEnd).replace(re, v);
  header = header.trimEnd().padEnd(headerEnd - 10 - 1, ' ') + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  return { label: `${seed.label}: ${v}`, files: { [seed.name]: Buffer.concat([seed.main.subarray(0, 8), len, Buffer.from(header, 'latin1'), seed.main.subarray(headerEnd)]) } };
}

// ---- CSV and XML text ----

function csvEdit(seed: Seed, rnd: Rnd): Omit<MutatedCase, 'kind' | 'name'> {
  const lines = seed.main.toString('utf8').split('\n');
  const r = rnd();
  let what: string;
  if (r < 0.5) {
    const i = 1 + Math.floor(rnd() * (lines.length - 2));
    const cells = lines[i]!.split(',');
    const c = Math.floor(rnd() * cells.length);
    const v = pick(rnd, ['NaN', '1e400', '-inf', '', '"', '"unterminated', 'x'.repeat(100_000), '1e308', '-1', '0x10']);
    cells[c] = v;
    lines[i] = cells.join(',');
    what = `row ${i} cell ${c}=${v.slice(0, 16)}`;
  } else if (r < 0.6) {
    lines.shift();
    what = 'no header row';
  } else if (r < 0.7) {
    lines[0] = pick(rnd, ['seriesuid,coordX', 'a,b,c,d,e,f,g', '\uFEFFseriesuid,coordX,coordY,coordZ,diameter_mm', '']);
    what = `header=${lines[0]}`;
  } else if (r < 0.8) {
    const i = 1 + Math.floor(rnd() * (lines.length - 2));
    lines.splice(i, 0, ...Array<string>(2000).fill(lines[i]!));
    what = `row ${i} repeated 2000 times`;
  } else {
    const m = byteMutation(seed.main, rnd);
    return { label: `${seed.label}: ${m.what}`, files: { [seed.name]: m.bytes } };
  }
  return { label: `${seed.label}: ${what}`, files: { [seed.name]: Buffer.from(lines.join(rnd() < 0.2 ? '\r\n' : '\n'), 'utf8') } };
}

function xmlEdit(seed: Seed, rnd: Rnd): Omit<MutatedCase, 'kind' | 'name'> {
  let text = seed.main.toString('utf8');
  const r = rnd();
  let what: string;
  if (r < 0.3) {
    const nums = [...text.matchAll(/>(-?\d+(?:\.\d+)?)</g)];
    const m = nums[Math.floor(rnd() * nums.length)]!;
    const v = pick(rnd, ['NaN', '1e308', '-1e308', 'inf', '', '99999999999999999999']);
    text = text.slice(0, m.index! + 1) + v + text.slice(m.index! + 1 + m[1]!.length);
    what = `number ${m[1]} at ${m.index}=${v}`;
  } else if (r < 0.45) {
    const closes = [...text.matchAll(/<\/[A-Za-z]+>/g)];
    const m = closes[Math.floor(rnd() * closes.length)]!;
    text = text.slice(0, m.index!) + text.slice(m.index! + m[0].length);
    what = `closing ${m[0]} removed`;
  } else if (r < 0.55) {
    const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]>';
    text = text.replace(/(<\?xml[^>]*\?>)?/, `$1${lol}`).replace(/<SeriesInstanceUid>/, '<SeriesInstanceUid>&lol6;');
    what = 'entity expansion (billion laughs)';
  } else if (r < 0.65) {
    const at = text.indexOf('<readingSession');
    text = text.slice(0, at) + '<a>'.repeat(100_000) + text.slice(at);
    what = '100000 nested elements';
  } else {
    const m = byteMutation(seed.main, rnd);
    return { label: `${seed.label}: ${m.what}`, files: { [seed.name]: m.bytes } };
  }
  return { label: `${seed.label}: ${what}`, files: { [seed.name]: Buffer.from(text, 'utf8') } };
}

/** One mutated case of a seed: a byte-level mutation or a format-aware field edit. */
export function mutate(seed: Seed, rnd: Rnd, outsideAbs: string): MutatedCase {
  const base = { kind: seed.kind, name: seed.name };
  const fieldEdit = rnd() < 0.55;
  if (fieldEdit) {
    let c: Omit<MutatedCase, 'kind' | 'name'> | undefined;
    if (seed.kind === 'dicom') c = dicomEdit(seed, rnd);
    else if (seed.kind === 'metaimage' || seed.kind === 'nrrd') c = textHeaderEdit(seed, rnd, outsideAbs);
    else if (seed.kind === 'nifti' && !seed.name.endsWith('.gz')) c = niftiEdit(seed, rnd);
    else if (seed.kind === 'npy') c = npyEdit(seed, rnd);
    else if (seed.kind === 'luna-csv') c = csvEdit(seed, rnd);
    else if (seed.kind === 'lidc-xml') c = xmlEdit(seed, rnd);
    if (c) return { ...base, ...c };
  }
  // Byte mutation of the main file, or (MetaImage) of its data file.
  const side = Object.keys(seed.sidecars)[0];
  if (side && rnd() < 0.4) {
    const m = byteMutation(seed.sidecars[side]!, rnd);
    return { ...base, label: `${seed.label}: data file ${m.what}`, files: { [seed.name]: seed.main, ...seed.sidecars, [side]: m.bytes } };
  }
  const m = byteMutation(seed.main, rnd);
  return { ...base, label: `${seed.label}: ${m.what}`, files: { ...seed.sidecars, [seed.name]: m.bytes } };
}
