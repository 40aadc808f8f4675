import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { constants as zc, gunzipSync } from 'node:zlib';
import { LungDeskError } from '../../common/errors';
import type { VolumeGeometry } from '../../common/geometry';
import type { JobContext } from '../../common/jobs';
import type { Volume } from '../volume/volume';
import { throwIfCancelled } from './cancel';
import { ioError } from './dicom/read-file';
import { imageIo, itkFailure, itkGeometry, itkToVolume, quietItk } from './itk-image';
import { checkFileSize, checkOrigin, checkSpacing, checkVolumeSize, confineDataFile, confineRealPath, rescaleInterceptProblem, rescaleSlopeProblem, type ReadLimits } from './limits';
import { conversionWarnings, toInt16, type NumericArray } from './to-int16';

/**
 * NIfTI-1/2 (.nii, .nii.gz) and NRRD (.nrrd, .nhdr + data file) readers.
 *
 * Who does what, and why:
 * - Geometry comes from itk-wasm (`informationOnly`, a header read), so our origin, spacing and
 *   direction are exactly what ITK, SimpleITK, 3D Slicer and the DICOM side of LungDesk use:
 *   LPS, origin = centre of voxel 0. ITK turns NIfTI's RAS affine into LPS by negating the
 *   first two rows, choosing between sform and qform as ITK does (sform when its code is set
 *   and qform's is not, or when sform is scanner-anatomical), and converts NRRD "space".
 * - Headers are parsed and checked here first (magic, dims, datatype, data offset and size),
 *   so a damaged file gets a precise error before it reaches wasm, and absurd sizes never
 *   allocate.
 * - Voxels are decoded here for NIfTI and for raw/gzip NRRD: itk-wasm silently returns a
 *   volume for a truncated or corrupted .nii.gz (measured with itk-wasm image-io 1.6.1), while
 *   Node's gunzip checks the stream (CRC and length) and is bounded by the size the header
 *   announces. Data layout in both formats is fastest-axis-first, which is our x-fastest order.
 *   NRRD in text, hex or bzip2 encoding is decoded by itk-wasm.
 * - NIfTI scl_slope/scl_inter are applied (slope 0 means "no scaling", as the standard says
 *   and as ITK does; a NaN or infinite slope, or a non-finite intercept with a slope, is
 *   io.bad-header, never silently "no scaling"). pixdim of every used axis must be a spacing
 *   (finite, 1 µm…1000 mm: see limits.ts) whatever the qform/sform: 0 or NaN is an error,
 *   never spacing 1.
 * - A declared size above the cap (limits.ts) is io.too-large before anything is allocated;
 *   gzip is inflated with an output cap of the declared size, so a bomb stops early.
 *
 * Values become int16 HU (clamped, rounded half-to-even, NaN → 0) with a warning saying how
 * many voxels changed. Little-endian host assumed (x86, arm64).
 */

export type NiftiNrrdFormat = 'nifti' | 'nrrd';

/** 'nifti' for .nii/.nii.gz, 'nrrd' for .nrrd/.nhdr, otherwise undefined. */
export function niftiNrrdFormat(file: string): NiftiNrrdFormat | undefined {
  if (/\.nii(\.gz)?$/i.test(file)) return 'nifti';
  if (/\.(nrrd|nhdr)$/i.test(file)) return 'nrrd';
  return undefined;
}

/** File name without its image extension (used as the series name, like LUNA16's .mhd stems). */
export function imageStem(file: string): string {
  return path.basename(file).replace(/\.(nii(\.gz)?|nrrd|nhdr)$/i, '');
}

type ElemType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';
const ELEM_SIZE: Record<ElemType, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float32: 4, float64: 8 };

const bad = (file: string, message: string, detail?: unknown): LungDeskError => new LungDeskError('io.bad-header', `${file}: ${message}`, { file, detail });
const unsupported = (file: string, message: string): LungDeskError => new LungDeskError('io.unsupported', `${file}: ${message}`, { file });

/** Little-endian host: a typed view of `count` elements of `type` at the start of `bytes`, copying only when misaligned or byte-swapped. */
function typedView(bytes: Buffer, type: ElemType, little: boolean, count: number): NumericArray {
  const size = ELEM_SIZE[type];
  let b = bytes.subarray(0, count * size);
  if (b.byteOffset % size !== 0 || (!little && size > 1)) {
    b = Buffer.from(b);
    if (!little) {
      if (size === 2) b.swap16();
      else if (size === 4) b.swap32();
      else if (size === 8) b.swap64();
    }
  }
  const ab = b.buffer;
  const o = b.byteOffset;
  switch (type) {
    case 'int8': return new Int8Array(ab, o, count);
    case 'uint8': return new Uint8Array(ab, o, count);
    case 'int16': return new Int16Array(ab, o, count);
    case 'uint16': return new Uint16Array(ab, o, count);
    case 'int32': return new Int32Array(ab, o, count);
    case 'uint32': return new Uint32Array(ab, o, count);
    case 'int64': return new BigInt64Array(ab, o, count);
    case 'uint64': return new BigUint64Array(ab, o, count);
    case 'float32': return new Float32Array(ab, o, count);
    case 'float64': return new Float64Array(ab, o, count);
  }
}

/** A whole file, refused (io.too-large) before reading when it is larger than the cap allows. */
async function readAll(file: string, limits?: ReadLimits): Promise<Buffer> {
  try {
    checkFileSize(file, (await fsp.stat(file)).size, limits);
    return await fsp.readFile(file);
  } catch (e) {
    throw ioError(e, file);
  }
}

/** Reads up to `n` bytes from the start of `file`. */
async function readHead(file: string, n: number): Promise<{ head: Buffer; size: number }> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(file, 'r');
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(n, size));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), size };
  } catch (e) {
    throw ioError(e, file);
  } finally {
    await fh?.close().catch(() => {});
  }
}

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Inflates a gzip stream. `limit` caps the output (the header's data size plus slack) so a
 * corrupt or hostile stream cannot exhaust memory; `partial` accepts a stream cut short
 * (for reading just a header).
 */
function gunzip(data: Buffer, file: string, limit: number, partial = false): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: limit, ...(partial ? { finishFlush: zc.Z_SYNC_FLUSH } : {}) });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = e instanceof Error ? e.message : String(e);
    if (code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|larger than/i.test(msg)) {
      throw new LungDeskError('io.size-mismatch', `${file}: compressed data inflates to more than the header announces (over ${limit} bytes)`, { file });
    }
    if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(msg)) throw new LungDeskError('io.truncated', `${file}: compressed data ends early (${msg})`, { file });
    throw bad(file, `compressed data is corrupt (${msg})`);
  }
}

// ---------------------------------------------------------------------------------------------
// NIfTI

const NIFTI_TYPES: Record<number, ElemType> = { 2: 'uint8', 4: 'int16', 8: 'int32', 16: 'float32', 64: 'float64', 256: 'int8', 512: 'uint16', 768: 'uint32', 1024: 'int64', 1280: 'uint64' };
const NIFTI_TYPE_NAMES: Record<number, string> = { 32: 'complex64', 128: 'RGB24', 1536: 'float128', 1792: 'complex128', 2048: 'complex256', 2304: 'RGBA32' };

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[1..3] (1 for missing axes). */
  dims: [number, number, number];
  datatype: number;
  elemType: ElemType;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
}

/**
 * Parses and checks a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header at the start of `buf`
 * (the decompressed file). Throws io.bad-header for a malformed header, io.unsupported for
 * valid files we do not read (4D with several volumes, complex/RGB data, .hdr/.img pairs).
 */
export function parseNiftiHeader(buf: Buffer, file: string, limits?: ReadLimits): NiftiHeader {
  const le = buf.length >= 4 ? buf.readInt32LE(0) : -1;
  const be = buf.length >= 4 ? buf.readInt32BE(0) : -1;
  const littleEndian = le === 348 || le === 540;
  const sizeofHdr = littleEndian ? le : be;
  if (sizeofHdr !== 348 && sizeofHdr !== 540) throw bad(file, `not a NIfTI file (sizeof_hdr is ${le}, expected 348 or 540)`);
  if (buf.length < 348) throw new LungDeskError('io.truncated', `${file}: ${buf.length} bytes, shorter than a NIfTI header (348)`, { file });
  const version = sizeofHdr === 348 ? 1 : 2;
  if (version === 2 && buf.length < 540) throw new LungDeskError('io.truncated', `${file}: ${buf.length} bytes, shorter than a NIfTI-2 header (540)`, { file });
  const i16 = (o: number): number => (littleEndian ? buf.readInt16LE(o) : buf.readInt16BE(o));
  const i32 = (o: number): number => (littleEndian ? buf.readInt32LE(o) : buf.readInt32BE(o));
  const i64 = (o: number): number => Number(littleEndian ? buf.readBigInt64LE(o) : buf.readBigInt64BE(o));
  const f32 = (o: number): number => (littleEndian ? buf.readFloatLE(o) : buf.readFloatBE(o));
  const f64 = (o: number): number => (littleEndian ? buf.readDoubleLE(o) : buf.readDoubleBE(o));

  const magic = version === 1 ? buf.toString('latin1', 344, 348) : buf.toString('latin1', 4, 12);
  if (version === 1) {
    if (magic === 'ni1\0') throw unsupported(file, 'a NIfTI header for a separate .img file (magic "ni1"); only single-file .nii is read');
    if (magic !== 'n+1\0') throw bad(file, `NIfTI-1 magic is ${JSON.stringify(magic)}, expected "n+1" (Analyze 7.5 files are not read)`);
  } else {
    if (magic.startsWith('ni2')) throw unsupported(file, 'a NIfTI-2 header for a separate .img file (magic "ni2"); only single-file .nii is read');
    if (magic !== 'n+2\0\r\n\x1a\n') throw bad(file, `NIfTI-2 magic is ${JSON.stringify(magic)}, expected "n+2"`);
  }
  const dim = Array.from({ length: 8 }, (_, k) => (version === 1 ? i16(40 + 2 * k) : i64(16 + 8 * k)));
  const datatype = version === 1 ? i16(70) : i16(12);
  const voxOffset = version === 1 ? f32(108) : i64(168);
  const slope = version === 1 ? f32(112) : f64(176);
  const inter = version === 1 ? f32(116) : f64(184);
  const qformCode = version === 1 ? i16(252) : i32(344);
  const sformCode = version === 1 ? i16(254) : i32(348);

  const nd = dim[0]!;
  if (!(nd >= 1 && nd <= 7)) throw bad(file, `dim[0] = ${nd} must be 1…7`);
  const used = dim.slice(1, nd + 1);
  if (used.some((d) => !Number.isInteger(d) || d < 1)) throw bad(file, `dim = [${used.join(', ')}] must be positive`);
  const extra = used.slice(3).reduce((a, b) => a * b, 1);
  if (extra !== 1) throw unsupported(file, `${nd}D image (dim = [${used.join(', ')}]); only 3D volumes are read (the 4th and later sizes must be 1)`);
  const dims: [number, number, number] = [used[0] ?? 1, used[1] ?? 1, used[2] ?? 1];
  const elemType = NIFTI_TYPES[datatype];
  if (!elemType) {
    const name = NIFTI_TYPE_NAMES[datatype];
    if (name) throw unsupported(file, `datatype ${datatype} (${name}) is not read; a CT is one real value per voxel`);
    throw bad(file, `datatype ${datatype} is not a NIfTI datatype`);
  }
  checkVolumeSize(file, dims, ELEM_SIZE[elemType], limits);
  const pixdim = Array.from({ length: Math.min(nd, 3) }, (_, k) => (version === 1 ? f32(80 + 4 * k) : f64(112 + 8 * k)));
  checkSpacing(file, `pixdim[1..${pixdim.length}]`, pixdim);
  if (!Number.isFinite(slope)) throw bad(file, `scl_slope = ${slope} is not finite (0 means no scaling)`, { field: 'scl_slope', value: slope });
  const slopeProblem = slope === 0 ? null : rescaleSlopeProblem(slope);
  if (slopeProblem) throw bad(file, `scl_slope ${slopeProblem} (0 means no scaling)`, { field: 'scl_slope', value: slope });
  if (!Number.isInteger(voxOffset) || voxOffset < sizeofHdr || voxOffset > 2 ** 40) {
    throw bad(file, `vox_offset = ${voxOffset} must be a whole byte offset ≥ ${sizeofHdr}`);
  }
  const scaled = slope !== 0;
  const interProblem = scaled ? rescaleInterceptProblem(inter) : null;
  if (interProblem) throw bad(file, `scl_inter ${interProblem} (scl_slope is ${slope})`, { field: 'scl_inter', value: inter });
  return {
    version,
    littleEndian,
    dims,
    datatype,
    elemType,
    voxOffset,
    sclSlope: scaled ? slope : 1,
    sclInter: scaled ? inter : 0,
    qformCode,
    sformCode,
  };
}

/** Bytes from the start of the (decompressed) file to the end of the voxel data. */
export const niftiDataEnd = (h: NiftiHeader): number => h.voxOffset + h.dims[0] * h.dims[1] * h.dims[2] * ELEM_SIZE[h.elemType];

/** The header of a .nii or .nii.gz, reading (and inflating) only the first few KB. */
export async function readNiftiHeader(file: string, limits?: ReadLimits): Promise<{ header: NiftiHeader; fileSize: number; gzipped: boolean }> {
  const { head, size } = await readHead(file, 16 * 1024);
  const gzipped = isGzip(head);
  const plain = gzipped ? gunzip(head, file, 4 << 20, true) : head;
  const header = parseNiftiHeader(plain, file, limits);
  checkFileSize(file, size, limits);
  if (!gzipped && size < niftiDataEnd(header)) {
    throw new LungDeskError('io.truncated', `${file}: ${size} bytes, the header announces ${niftiDataEnd(header)} (vox_offset + dims × ${ELEM_SIZE[header.elemType]} bytes)`, {
      file,
      detail: { expected: niftiDataEnd(header), actual: size },
    });
  }
  return { header, fileSize: size, gzipped };
}

/** Decodes a whole NIfTI file already in memory (gzip or not): header checks, then voxels as int16 in file order. */
export function decodeNiftiVoxels(content: Buffer, file: string, limits?: ReadLimits): { header: NiftiHeader; voxels: Int16Array; warnings: string[] } {
  let plain = content;
  if (isGzip(content)) {
    // The header says how much to expect (within the cap): inflate the first KB for it, then the whole stream bounded by it.
    const header0 = parseNiftiHeader(gunzip(content.subarray(0, 16 * 1024), file, 4 << 20, true), file, limits);
    plain = gunzip(content, file, niftiDataEnd(header0) + (1 << 20));
  }
  const header = parseNiftiHeader(plain, file, limits);
  const end = niftiDataEnd(header);
  if (plain.length < end) {
    throw new LungDeskError('io.truncated', `${file}: voxel data ends at byte ${plain.length}${plain === content ? '' : ' (inflated)'}, the header announces ${end}`, {
      file,
      detail: { expected: end, actual: plain.length },
    });
  }
  const count = header.dims[0] * header.dims[1] * header.dims[2];
  const view = typedView(plain.subarray(header.voxOffset), header.elemType, header.littleEndian, count);
  const c = toInt16(view, header.sclSlope, header.sclInter);
  // An int16 view straight into the inflated file: copy so the volume does not pin the header bytes in odd places.
  const voxels = c.voxels === view && c.voxels.byteOffset !== 0 ? c.voxels.slice() : c.voxels;
  const warnings = conversionWarnings(c, `${header.elemType} data`);
  if (header.sclSlope !== 1 || header.sclInter !== 0) warnings.unshift(`scl_slope ${header.sclSlope} and scl_inter ${header.sclInter} applied`);
  return { header, voxels, warnings };
}

// ---------------------------------------------------------------------------------------------
// NRRD

const NRRD_TYPES: Record<string, ElemType> = {};
for (const [names, t] of [
  [['signed char', 'int8', 'int8_t'], 'int8'],
  [['uchar', 'unsigned char', 'uint8', 'uint8_t'], 'uint8'],
  [['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t'], 'int16'],
  [['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t'], 'uint16'],
  [['int', 'signed int', 'int32', 'int32_t'], 'int32'],
  [['uint', 'unsigned int', 'uint32', 'uint32_t'], 'uint32'],
  [['longlong', 'long long', 'long long int', 'signed long long', 'signed long long int', 'int64', 'int64_t'], 'int64'],
  [['ulonglong', 'unsigned long long', 'unsigned long long int', 'uint64', 'uint64_t'], 'uint64'],
  [['float'], 'float32'],
  [['double'], 'float64'],
] as const) {
  for (const n of names) NRRD_TYPES[n] = t;
}

export interface NrrdHeader {
  dims: [number, number, number];
  elemType: ElemType;
  encoding: 'raw' | 'gzip' | 'text' | 'hex' | 'bzip2';
  littleEndian: boolean;
  /** Absolute path of the file holding the data (the .nrrd itself when attached). */
  dataFile: string;
  /** Byte offset of the data in `dataFile` (after the header and any line skip), before byte skip. */
  dataStart: number;
  lineSkip: number;
  byteSkip: number;
  fields: Record<string, string>;
}

/**
 * Parses and checks an NRRD header at the start of `buf` (a .nrrd or a .nhdr). Supports one
 * data file (attached, or `data file: NAME` relative to the header), 2 or 3 axes.
 */
export function parseNrrdHeader(buf: Buffer, file: string, limits?: ReadLimits): NrrdHeader {
  const first = buf.toString('latin1', 0, Math.min(buf.length, 8));
  if (!/^NRRD000[1-5]$/.test(first)) throw bad(file, `not an NRRD file (starts with ${JSON.stringify(first)}, expected "NRRD0001"…"NRRD0005")`);
  const fields: Record<string, string> = {};
  let o = buf.indexOf(0x0a);
  if (o < 0) throw new LungDeskError('io.truncated', `${file}: NRRD header ends after its magic line`, { file });
  o += 1;
  let dataStart = -1;
  while (o < buf.length) {
    let nl = buf.indexOf(0x0a, o);
    const last = nl < 0;
    if (last) nl = buf.length;
    const line = buf.toString('latin1', o, nl).replace(/\r$/, '');
    o = nl + 1;
    if (line === '') {
      dataStart = Math.min(o, buf.length);
      break;
    }
    if (line.startsWith('#') || line.includes(':=')) continue;
    const c = line.indexOf(': ');
    if (c < 0) throw bad(file, `NRRD header line ${JSON.stringify(line.slice(0, 60))} is not "field: value"`);
    fields[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 2).trim();
  }
  const get = (k: string): string | undefined => fields[k];
  const need = (k: string): string => {
    const v = get(k);
    if (v === undefined) throw bad(file, `NRRD field "${k}" is missing`);
    return v;
  };
  const typeName = need('type').toLowerCase();
  if (typeName === 'block') throw unsupported(file, 'NRRD type "block" is not read');
  const elemType = NRRD_TYPES[typeName];
  if (!elemType) throw bad(file, `NRRD type "${typeName}" is not a known type`);
  const dimension = Number(need('dimension'));
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16) throw bad(file, `NRRD dimension "${get('dimension')}" must be 1…16`);
  if (dimension !== 2 && dimension !== 3) throw unsupported(file, `${dimension}-dimensional NRRD; only 2D and 3D images are read`);
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (sizes.length !== dimension || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw bad(file, `NRRD sizes "${get('sizes')}" must be ${dimension} positive integers`);
  const dims: [number, number, number] = [sizes[0]!, sizes[1]!, sizes[2] ?? 1];
  checkVolumeSize(file, dims, ELEM_SIZE[elemType], limits);
  checkNrrdGeometryFields(file, fields);
  const enc = need('encoding').toLowerCase();
  const encoding = enc === 'raw' ? 'raw' : enc === 'gz' || enc === 'gzip' ? 'gzip' : enc === 'txt' || enc === 'text' || enc === 'ascii' ? 'text' : enc === 'hex' ? 'hex' : enc === 'bz2' || enc === 'bzip2' ? 'bzip2' : undefined;
  if (!encoding) throw bad(file, `NRRD encoding "${enc}" is not known`);
  const endian = (get('endian') ?? '').toLowerCase();
  if (ELEM_SIZE[elemType] > 1 && (encoding === 'raw' || encoding === 'gzip') && endian !== 'little' && endian !== 'big') {
    throw bad(file, `NRRD endian "${endian}" must be little or big for ${typeName} data`);
  }
  const lineSkip = Number(get('line skip') ?? get('lineskip') ?? '0');
  const byteSkip = Number(get('byte skip') ?? get('byteskip') ?? '0');
  if (!Number.isInteger(lineSkip) || lineSkip < 0) throw bad(file, `NRRD line skip "${lineSkip}" must be ≥ 0`);
  if (!Number.isInteger(byteSkip) || byteSkip < -1) throw bad(file, `NRRD byte skip "${byteSkip}" must be ≥ -1`);
  if (byteSkip === -1 && encoding !== 'raw') throw bad(file, 'NRRD byte skip -1 is only allowed with raw encoding');
  const df = get('data file') ?? get('datafile');
  let dataFile = path.resolve(file);
  if (df !== undefined) {
    if (/^LIST\b/.test(df) || /%/.test(df)) throw unsupported(file, `NRRD "data file: ${df}" (several data files) is not read`);
    // Confined to the header's folder: a dataset must not read outside itself (and itk-wasm mounts only that folder).
    dataFile = confineDataFile(file, 'NRRD "data file"', df);
    dataStart = 0;
  } else if (dataStart < 0) {
    throw new LungDeskError('io.truncated', `${file}: NRRD header has no blank line before its data (and no "data file" field)`, { file });
  }
  return { dims, elemType, encoding, littleEndian: endian !== 'big', dataFile, dataStart, lineSkip, byteSkip, fields };
}

/**
 * NRRD geometry fields as written: every spacing, space direction and origin component finite
 * and within the physical bounds (ITK would read "nan" as a default or pass it on).
 */
function checkNrrdGeometryFields(file: string, fields: Record<string, string>): void {
  const nums = (v: string): number[] => (v.match(/[^\s(),]+/g) ?? []).map((t) => (/^[-+]?(\d|\.\d)/.test(t) ? Number(t) : NaN));
  const spacings = fields['spacings'];
  if (spacings !== undefined) checkSpacing(file, 'NRRD spacings', nums(spacings));
  const dirs = fields['space directions'];
  if (dirs !== undefined) {
    for (const vec of dirs.match(/none|\([^)]*\)?/gi) ?? []) {
      if (vec.toLowerCase() === 'none') continue;
      const v = nums(vec);
      if (v.some((x) => !Number.isFinite(x))) throw bad(file, `NRRD space directions "${dirs.slice(0, 120)}" are not finite`, { field: 'space directions' });
      checkSpacing(file, 'NRRD space directions (vector length)', [Math.hypot(...v)]);
    }
  }
  const origin = fields['space origin'];
  if (origin !== undefined) checkOrigin(file, 'NRRD space origin', nums(origin));
}

/** Byte offset just after `lines` newline characters from `start`. */
function skipLines(buf: Buffer, start: number, lines: number, file: string): number {
  let o = start;
  for (let k = 0; k < lines; k++) {
    const nl = buf.indexOf(0x0a, o);
    if (nl < 0) throw new LungDeskError('io.truncated', `${file}: NRRD line skip ${lines} runs past the end of the file`, { file });
    o = nl + 1;
  }
  return o;
}

/** Raw/gzip NRRD voxels from `content` (the data file's bytes). */
function decodeNrrdVoxels(h: NrrdHeader, content: Buffer): { voxels: Int16Array; warnings: string[] } {
  const file = h.dataFile;
  const count = h.dims[0] * h.dims[1] * h.dims[2];
  const need = count * ELEM_SIZE[h.elemType];
  const start = skipLines(content, h.dataStart, h.lineSkip, file);
  let data = content.subarray(start);
  if (h.encoding === 'gzip') data = gunzip(data, file, need + Math.max(h.byteSkip, 0) + (1 << 20));
  if (h.byteSkip === -1) data = data.subarray(Math.max(0, data.length - need));
  else data = data.subarray(Math.min(h.byteSkip, data.length));
  if (data.length < need) {
    throw new LungDeskError(h.encoding === 'gzip' ? 'io.truncated' : 'io.truncated', `${file}: ${data.length} bytes of voxel data${h.encoding === 'gzip' ? ' (inflated)' : ''}, sizes × type need ${need}`, {
      file,
      detail: { expected: need, actual: data.length },
    });
  }
  const view = typedView(data, h.elemType, h.littleEndian, count);
  const c = toInt16(view);
  const voxels = c.voxels === view ? c.voxels.slice() : c.voxels;
  return { voxels, warnings: conversionWarnings(c, `${h.elemType} data`) };
}

export async function readNrrdHeader(file: string, limits?: ReadLimits): Promise<NrrdHeader> {
  const { head } = await readHead(file, 64 * 1024);
  const h = parseNrrdHeader(head, file, limits);
  if (h.dataFile !== path.resolve(file)) await confineRealPath(file, 'NRRD "data file"', h.dataFile);
  if (h.encoding === 'raw' && h.lineSkip === 0 && h.byteSkip >= 0) {
    let size: number;
    try {
      size = (await fsp.stat(h.dataFile)).size;
      checkFileSize(h.dataFile, size, limits);
    } catch (e) {
      const err = ioError(e, h.dataFile);
      if (err.code === 'io.not-found') throw new LungDeskError('io.not-found', `${file}: NRRD data file ${h.dataFile} does not exist`, { file: h.dataFile });
      throw err;
    }
    const need = h.dims[0] * h.dims[1] * h.dims[2] * ELEM_SIZE[h.elemType];
    const have = size - h.dataStart - h.byteSkip;
    if (have < need) {
      throw new LungDeskError('io.truncated', `${h.dataFile}: ${Math.max(have, 0)} bytes of voxel data, sizes × type need ${need}`, { file: h.dataFile, detail: { expected: need, actual: have } });
    }
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// Both

/** Geometry as ITK reads it (header only), checked against the dims we parsed ourselves. */
async function itkHeaderGeometry(file: string, format: NiftiNrrdFormat, dims: readonly number[]): Promise<VolumeGeometry> {
  const io = await imageIo();
  let image;
  try {
    const read = format === 'nifti' ? io.niftiReadImageNode : io.nrrdReadImageNode;
    const r = await quietItk(() => read(file, { informationOnly: true }));
    if (!r.couldRead) throw new Error('the reader could not read the file');
    image = r.image;
  } catch (e) {
    throw itkFailure(e, file, `reading the ${format === 'nifti' ? 'NIfTI' : 'NRRD'} header`);
  }
  const g = itkGeometry(image, file);
  if (g.dims[0] !== dims[0] || g.dims[1] !== dims[1] || g.dims[2] !== dims[2]) {
    throw bad(file, `ITK reads size ${g.dims.join('×')} where the header says ${dims.join('×')}`);
  }
  return g;
}

/** Header facts of a .nii/.nii.gz/.nrrd/.nhdr without reading voxels: geometry (LPS) and warnings. */
export async function readNiftiNrrdInfo(target: string, limits?: ReadLimits): Promise<{ format: NiftiNrrdFormat; geometry: VolumeGeometry; warnings: string[]; dataFiles: string[] }> {
  const file = path.resolve(target);
  const format = niftiNrrdFormat(file);
  if (!format) throw unsupported(file, 'not a .nii, .nii.gz, .nrrd or .nhdr file');
  const warnings: string[] = [];
  if (format === 'nifti') {
    const { header } = await readNiftiHeader(file, limits);
    if (header.qformCode === 0 && header.sformCode === 0) warnings.push('NIfTI qform_code and sform_code are both 0: orientation unknown, read as ITK does (pixdim scaling, LPS axes)');
    return { format, geometry: await itkHeaderGeometry(file, format, header.dims), warnings, dataFiles: [] };
  }
  const h = await readNrrdHeader(file, limits);
  const geometry = await itkHeaderGeometry(file, format, h.dims);
  return { format, geometry, warnings, dataFiles: h.dataFile === file ? [] : [h.dataFile] };
}

/** Reads a .nii/.nii.gz/.nrrd/.nhdr as an int16 HU volume in LPS. */
export async function readNiftiNrrd(target: string, ctx?: JobContext, limits?: ReadLimits): Promise<{ volume: Volume; warnings: string[] }> {
  const file = path.resolve(target);
  const format = niftiNrrdFormat(file);
  if (!format) throw unsupported(file, 'not a .nii, .nii.gz, .nrrd or .nhdr file');
  throwIfCancelled(ctx);
  ctx?.progress(`read ${format === 'nifti' ? 'NIfTI' : 'NRRD'}`, 0);
  let out: { volume: Volume; warnings: string[] };
  if (format === 'nifti') {
    await readNiftiHeader(file, limits); // size checks before reading a possibly huge file
    const content = await readAll(file);
    throwIfCancelled(ctx);
    const d = decodeNiftiVoxels(content, file, limits);
    const geometry = await itkHeaderGeometry(file, format, d.header.dims);
    out = { volume: { ...geometry, voxels: d.voxels }, warnings: d.warnings };
  } else {
    const h = await readNrrdHeader(file, limits);
    if (h.encoding === 'raw' || h.encoding === 'gzip') {
      const content = await readAll(h.dataFile, limits);
      throwIfCancelled(ctx);
      const d = decodeNrrdVoxels(h, content);
      const geometry = await itkHeaderGeometry(file, format, h.dims);
      out = { volume: { ...geometry, voxels: d.voxels }, warnings: d.warnings };
    } else {
      const io = await imageIo();
      let image;
      try {
        const r = await quietItk(() => io.nrrdReadImageNode(file));
        if (!r.couldRead) throw new Error('the reader could not read the file');
        image = r.image;
      } catch (e) {
        throw itkFailure(e, file, `reading ${h.encoding} NRRD data`);
      }
      out = itkToVolume(image, file);
    }
  }
  ctx?.progress(`read ${format === 'nifti' ? 'NIfTI' : 'NRRD'}`, 1);
  return out;
}
