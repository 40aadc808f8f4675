import { promises as fsp } from 'node:fs';
import { gunzipSync, inflateSync } from 'node:zlib';
import { LungDeskError } from '../../common/errors';
import type { Mat3, VolumeGeometry } from '../../common/geometry';
import type { JobContext } from '../../common/jobs';
import type { Volume } from '../volume/volume';
import { throwIfCancelled } from './cancel';
import { ioError } from './dicom/read-file';
import { checkDirection, checkFileSize, checkOrigin, checkSpacing, checkVolumeSize, confineDataFile, confineRealPath, type ReadLimits } from './limits';

/**
 * MetaImage (ITK MetaIO) reader: `.mhd` + data file (`.raw`, or `.zraw` with
 * CompressedData = True, zlib or gzip stream), `.mha` (ElementDataFile = LOCAL), and
 * ElementDataFile = LIST (one data file per slice, names on the following lines).
 *
 * Header keys are matched case-insensitively (as the seed does). Supported: NDims 2 or 3,
 * DimSize, ElementSpacing (or ElementSize), Offset (or Origin / Position), TransformMatrix
 * (or Rotation / Orientation), ElementType MET_CHAR … MET_DOUBLE, BinaryDataByteOrderMSB /
 * ElementByteOrderMSB, HeaderSize (−1 = data at the end of the file), ElementNumberOfChannels 1.
 *
 * Direction: ITK's MetaImageIO reads TransformMatrix value [i·N + j] as component j of the
 * direction of voxel axis i (`SetDirection(i, axis)`, itkMetaImageIO.cxx
 * ReadImageInformation), i.e. each written row of TransformMatrix is one axis. Our
 * `direction` is row-major with column j = axis j, so direction[r·3 + c] = TM[c·3 + r]
 * (the transpose of the text as written). Identity and symmetric matrices read the same
 * either way.
 *
 * Checked before anything is allocated (limits.ts): DimSize × ElementType within the size
 * cap (io.too-large), ElementSpacing present and physical, Offset finite and bounded,
 * TransformMatrix finite and not singular (io.bad-header naming the field), data files inside
 * the header's folder, after symlinks (io.outside-folder). CompressedData is inflated with an
 * output cap of the declared size, so a zlib bomb stops at that size.
 *
 * Values become int16 HU: integers clamped to −32768…32767, floats rounded half-to-even
 * (numpy rint, as the seed) then clamped, NaN → 0.
 */

export type MetaElementType =
  | 'MET_CHAR' | 'MET_UCHAR' | 'MET_SHORT' | 'MET_USHORT' | 'MET_INT' | 'MET_UINT' | 'MET_LONG'
  | 'MET_ULONG' | 'MET_LONG_LONG' | 'MET_ULONG_LONG' | 'MET_FLOAT' | 'MET_DOUBLE';

const ELEMENT_SIZE: Record<MetaElementType, number> = {
  MET_CHAR: 1, MET_UCHAR: 1, MET_SHORT: 2, MET_USHORT: 2, MET_INT: 4, MET_UINT: 4, MET_LONG: 4,
  MET_ULONG: 4, MET_LONG_LONG: 8, MET_ULONG_LONG: 8, MET_FLOAT: 4, MET_DOUBLE: 8,
};

export interface MetaImageHeader {
  file: string;
  ndims: 2 | 3;
  geometry: VolumeGeometry;
  elementType: MetaElementType;
  msb: boolean;
  compressed: boolean;
  compressedDataSize: number | undefined;
  headerSize: number;
  /** 'LOCAL' (data follows the header in `file`), or data file paths (absolute), one per chunk. */
  dataFiles: 'LOCAL' | string[];
  /** For LOCAL: byte offset just after the ElementDataFile line. */
  dataStart: number;
  modality: string;
  /** All header fields as written (keys as in the file). */
  fields: Record<string, string>;
}

const bad = (file: string, message: string, detail?: unknown): LungDeskError =>
  new LungDeskError('io.bad-header', `${file}: ${message}`, { file, detail });

function numbers(file: string, key: string, value: string, count: number): number[] {
  const parts = value.trim().split(/\s+/).filter((s) => s !== '');
  const nums = parts.map(Number);
  if (nums.length < count || nums.some((v) => !Number.isFinite(v))) {
    throw bad(file, `${key} = "${value.slice(0, 80)}" is not ${count} finite numbers`);
  }
  return nums.slice(0, count);
}

const truthy = (v: string | undefined): boolean => v !== undefined && ['true', '1', 'yes'].includes(v.trim().toLowerCase());

/** Parses a MetaImage header from the start of `buf` (a whole .mhd, or the beginning of a .mha). */
export function parseMetaImageHeader(buf: Buffer, file: string, limits?: ReadLimits): MetaImageHeader {
  try {
    return parseHeaderUnsafe(buf, file, limits);
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    throw bad(file, `malformed MetaImage header: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseHeaderUnsafe(buf: Buffer, file: string, limits: ReadLimits | undefined): MetaImageHeader {
  const fields: Record<string, string> = {};
  const low = new Map<string, string>();
  let o = 0;
  let dataStart = -1;
  while (o < buf.length) {
    let nl = buf.indexOf(0x0a, o);
    if (nl < 0) nl = buf.length;
    const line = buf.toString('latin1', o, nl).replace(/\r$/, '');
    o = nl + 1;
    const eq = line.indexOf('=');
    if (eq < 0) {
      if (line.trim() !== '' && Object.keys(fields).length === 0) throw bad(file, 'not a MetaImage header (first line has no "key = value")');
      continue;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    fields[key] = value;
    low.set(key.toLowerCase(), value);
    if (key.toLowerCase() === 'elementdatafile') {
      dataStart = Math.min(o, buf.length);
      break;
    }
  }
  const get = (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = low.get(n.toLowerCase());
      if (v !== undefined) return v;
    }
    return undefined;
  };
  if (dataStart < 0) throw bad(file, 'no ElementDataFile line: not a MetaImage header, or a truncated one');

  const ndimsText = get('NDims') ?? '3';
  const ndims = Number(ndimsText);
  if (ndims !== 2 && ndims !== 3) {
    if (Number.isInteger(ndims) && ndims > 3) throw new LungDeskError('io.unsupported', `${file}: NDims = ${ndimsText}, only 2D and 3D images are read`, { file });
    throw bad(file, `NDims = "${ndimsText}" must be 2 or 3`);
  }
  const dimText = get('DimSize');
  if (dimText === undefined) throw bad(file, 'DimSize is missing');
  const dims = numbers(file, 'DimSize', dimText, ndims);
  if (dims.some((d) => !Number.isInteger(d) || d < 1 || d > 1 << 20)) throw bad(file, `DimSize = "${dimText}" must be positive integers`);
  const spacingText = get('ElementSpacing', 'ElementSize');
  // No spacing is no geometry: ITK would read 1 mm, which puts every measurement off.
  if (spacingText === undefined) throw bad(file, 'ElementSpacing is missing: the voxel size is unknown', { field: 'ElementSpacing' });
  const spacing = numbers(file, 'ElementSpacing', spacingText, ndims);
  checkSpacing(file, 'ElementSpacing', spacing);
  const originText = get('Offset', 'Origin', 'Position');
  const origin = originText === undefined ? Array<number>(ndims).fill(0) : numbers(file, 'Offset', originText, ndims);
  checkOrigin(file, 'Offset', origin);
  const tmText = get('TransformMatrix', 'Rotation', 'Orientation');
  const tm = tmText === undefined ? undefined : numbers(file, 'TransformMatrix', tmText, ndims * ndims);

  // direction[r*3 + c] = component r of axis c = TM[c*N + r] (see the module comment).
  const direction: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (tm) {
    for (let r = 0; r < ndims; r++) for (let c = 0; c < ndims; c++) direction[r * 3 + c] = tm[c * ndims + r]!;
    const [a, b, c, d, e, f, g, h, i] = direction as [number, number, number, number, number, number, number, number, number];
    const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (!(Math.abs(det) > 1e-6)) throw bad(file, `TransformMatrix = "${tmText}" is singular`);
    checkDirection(file, 'TransformMatrix', direction);
  }

  const et = (get('ElementType') ?? '').toUpperCase();
  if (!(et in ELEMENT_SIZE)) {
    throw new LungDeskError('io.unsupported', `${file}: ElementType "${get('ElementType') ?? ''}" is not supported (MET_CHAR … MET_DOUBLE)`, { file });
  }
  checkVolumeSize(file, dims, ELEMENT_SIZE[et as MetaElementType], limits);
  const channels = get('ElementNumberOfChannels');
  if (channels !== undefined && Number(channels) !== 1) {
    throw new LungDeskError('io.unsupported', `${file}: ElementNumberOfChannels = ${channels}, only single-channel images are read`, { file });
  }
  const binary = get('BinaryData');
  if (binary !== undefined && !truthy(binary)) throw new LungDeskError('io.unsupported', `${file}: ASCII MetaImage data (BinaryData = False) is not supported`, { file });
  const headerSizeText = get('HeaderSize') ?? '0';
  const headerSize = Number(headerSizeText);
  if (!Number.isInteger(headerSize) || headerSize < -1) throw bad(file, `HeaderSize = "${headerSizeText}" must be an integer ≥ -1`);
  const cdsText = get('CompressedDataSize');
  const compressedDataSize = cdsText === undefined ? undefined : Number(cdsText);
  if (compressedDataSize !== undefined && !(Number.isInteger(compressedDataSize) && compressedDataSize >= 0)) {
    throw bad(file, `CompressedDataSize = "${cdsText}" is not a byte count`);
  }

  const dataFile = get('ElementDataFile') ?? '';
  let dataFiles: 'LOCAL' | string[];
  if (dataFile === 'LOCAL') dataFiles = 'LOCAL';
  else if (/^LIST(\s|$)/.test(dataFile)) {
    const names = buf
      .toString('latin1', dataStart)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (names.length === 0) throw bad(file, 'ElementDataFile = LIST but no file names follow');
    if (names.length > dims[ndims - 1]!) throw bad(file, `ElementDataFile = LIST names ${names.length} files for ${dims[ndims - 1]} slices`);
    dataFiles = names.map((n) => confineDataFile(file, 'ElementDataFile LIST entry', n));
  } else if (dataFile === '') throw bad(file, 'ElementDataFile is empty');
  else if (/%/.test(dataFile) && /\s/.test(dataFile)) {
    throw new LungDeskError('io.unsupported', `${file}: pattern ElementDataFile "${dataFile}" is not supported`, { file });
  } else dataFiles = [confineDataFile(file, 'ElementDataFile', dataFile)];

  const mod = get('Modality') ?? '';
  const modality = mod.replace(/^MET_MOD_/i, '').toUpperCase().replace('UNKNOWN', '');

  const geometry: VolumeGeometry = {
    dims: [dims[0]!, dims[1]!, ndims === 3 ? dims[2]! : 1],
    spacing: [spacing[0]!, spacing[1]!, ndims === 3 ? spacing[2]! : 1],
    origin: [origin[0]!, origin[1]!, ndims === 3 ? origin[2]! : 0],
    direction,
  };
  return {
    file,
    ndims,
    geometry,
    elementType: et as MetaElementType,
    msb: truthy(get('BinaryDataByteOrderMSB', 'ElementByteOrderMSB')),
    compressed: truthy(get('CompressedData')),
    compressedDataSize,
    headerSize,
    dataFiles,
    dataStart,
    modality,
    fields,
  };
}

/** Bytes of uncompressed voxel data the header announces. */
export function metaImageDataBytes(h: MetaImageHeader): number {
  const [nx, ny, nz] = h.geometry.dims;
  return nx * ny * nz * ELEMENT_SIZE[h.elementType];
}

function sizeMismatch(file: string, what: string, expected: number, actual: number): LungDeskError {
  return new LungDeskError('io.size-mismatch', `${file}: ${what}: expected ${expected} bytes, found ${actual}`, {
    file,
    detail: { expected, actual },
  });
}

/**
 * The voxel bytes of one data chunk: `content` is the whole data file (or the whole .mha),
 * `skip` the bytes before the data. Inflates compressed data (zlib or gzip), refusing more
 * output than expected so a corrupt stream cannot exhaust memory.
 */
function chunkBytes(h: MetaImageHeader, chunkFile: string, content: Buffer, skip: number, expected: number): Buffer {
  if (skip > content.length) throw sizeMismatch(chunkFile, 'file is shorter than its header', skip, content.length);
  let data = content.subarray(skip);
  if (h.compressed) {
    const gzip = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
    try {
      data = gzip ? gunzipSync(data, { maxOutputLength: expected + 1 }) : inflateSync(data, { maxOutputLength: expected + 1 });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/maxOutputLength|larger than/i.test(msg) || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw sizeMismatch(chunkFile, 'compressed data inflates to more than DimSize × ElementType', expected, expected + 1);
      }
      throw new LungDeskError(
        (e as { code?: string }).code === 'Z_BUF_ERROR' ? 'io.truncated' : 'io.bad-header',
        `${chunkFile}: compressed data cannot be inflated (${msg})`,
        { file: chunkFile },
      );
    }
    if (data.length !== expected) throw sizeMismatch(chunkFile, 'inflated data size disagrees with DimSize × ElementType', expected, data.length);
    return data;
  }
  if (h.headerSize === -1) {
    if (data.length < expected) throw sizeMismatch(chunkFile, 'data size disagrees with DimSize × ElementType', expected, data.length);
    return data.subarray(data.length - expected);
  }
  if (data.length !== expected) throw sizeMismatch(chunkFile, 'data size disagrees with DimSize × ElementType', expected, data.length);
  return data;
}

/** Round half to even, as numpy rint. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Converts raw voxel bytes of `type` into int16 at `out[offset…]`. */
function convert(type: MetaElementType, msb: boolean, data: Buffer, out: Int16Array, offset: number): void {
  const n = data.length / ELEMENT_SIZE[type];
  const le = !msb;
  const c16 = (v: number): number => (v > 32767 ? 32767 : v < -32768 ? -32768 : v);
  switch (type) {
    case 'MET_CHAR':
      for (let i = 0; i < n; i++) out[offset + i] = data.readInt8(i);
      return;
    case 'MET_UCHAR':
      for (let i = 0; i < n; i++) out[offset + i] = data[i]!;
      return;
    case 'MET_SHORT':
      if (le && data.byteOffset % 2 === 0) {
        out.set(new Int16Array(data.buffer, data.byteOffset, n), offset);
        return;
      }
      for (let i = 0; i < n; i++) out[offset + i] = le ? data.readInt16LE(2 * i) : data.readInt16BE(2 * i);
      return;
    case 'MET_USHORT':
      for (let i = 0; i < n; i++) out[offset + i] = c16(le ? data.readUInt16LE(2 * i) : data.readUInt16BE(2 * i));
      return;
    case 'MET_INT':
    case 'MET_LONG':
      for (let i = 0; i < n; i++) out[offset + i] = c16(le ? data.readInt32LE(4 * i) : data.readInt32BE(4 * i));
      return;
    case 'MET_UINT':
    case 'MET_ULONG':
      for (let i = 0; i < n; i++) out[offset + i] = c16(le ? data.readUInt32LE(4 * i) : data.readUInt32BE(4 * i));
      return;
    case 'MET_LONG_LONG':
      for (let i = 0; i < n; i++) out[offset + i] = c16(Number(le ? data.readBigInt64LE(8 * i) : data.readBigInt64BE(8 * i)));
      return;
    case 'MET_ULONG_LONG':
      for (let i = 0; i < n; i++) out[offset + i] = c16(Number(le ? data.readBigUInt64LE(8 * i) : data.readBigUInt64BE(8 * i)));
      return;
    case 'MET_FLOAT':
      for (let i = 0; i < n; i++) {
        const v = le ? data.readFloatLE(4 * i) : data.readFloatBE(4 * i);
        out[offset + i] = Number.isNaN(v) ? 0 : c16(rint(v));
      }
      return;
    case 'MET_DOUBLE':
      for (let i = 0; i < n; i++) {
        const v = le ? data.readDoubleLE(8 * i) : data.readDoubleBE(8 * i);
        out[offset + i] = Number.isNaN(v) ? 0 : c16(rint(v));
      }
      return;
  }
}

/**
 * Decodes a MetaImage from buffers already in memory: `header` is the .mhd/.mha content,
 * `loadData` returns a data file's content by absolute path (for LOCAL it is not called;
 * the data follows the header in `header`).
 */
export function decodeMetaImage(header: Buffer, file: string, loadData: (dataFile: string) => Buffer, limits?: ReadLimits): Volume {
  const h = parseMetaImageHeader(header, file, limits);
  const expected = metaImageDataBytes(h);
  const count = expected / ELEMENT_SIZE[h.elementType];
  let voxels: Int16Array | undefined;
  try {
    if (h.dataFiles === 'LOCAL' || h.dataFiles.length === 1) {
      const data =
        h.dataFiles === 'LOCAL'
          ? chunkBytes(h, file, header, h.headerSize === -1 ? h.dataStart : h.dataStart + h.headerSize, expected)
          : chunkBytes(h, h.dataFiles[0]!, loadData(h.dataFiles[0]!), Math.max(h.headerSize, 0), expected);
      // Little-endian shorts that own their whole ArrayBuffer (an inflated .zraw) are the
      // volume already: adopt them instead of copying, keeping peak memory near 1× the volume.
      if (h.elementType === 'MET_SHORT' && !h.msb && data.byteOffset === 0 && data.buffer.byteLength === expected) {
        voxels = new Int16Array(data.buffer, 0, count);
      } else {
        voxels = new Int16Array(count);
        convert(h.elementType, h.msb, data, voxels, 0);
      }
    } else {
      const out = new Int16Array(count);
      voxels = out;
      const chunks = h.dataFiles;
      if (expected % chunks.length !== 0) throw bad(file, `${chunks.length} LIST files cannot split ${expected} bytes evenly`);
      const per = expected / chunks.length;
      chunks.forEach((df, k) => {
        const data = chunkBytes(h, df, loadData(df), Math.max(h.headerSize, 0), per);
        convert(h.elementType, h.msb, data, out, (k * per) / ELEMENT_SIZE[h.elementType]);
      });
    }
  } catch (e) {
    if (e instanceof LungDeskError) throw e;
    throw bad(file, `malformed MetaImage data: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { ...h.geometry, voxels: voxels! };
}

/** A whole file, refused (io.too-large) before reading when it is larger than the cap allows. */
async function readAll(file: string, what: string, limits?: ReadLimits): Promise<Buffer> {
  try {
    checkFileSize(file, (await fsp.stat(file)).size, limits);
    return await fsp.readFile(file);
  } catch (e) {
    const err = ioError(e, file);
    if (err.code === 'io.not-found') throw new LungDeskError('io.not-found', `${what} ${file} does not exist`, { file });
    throw err;
  }
}

/** The header of a .mhd/.mha file (reads at most the first 64 KB of a .mha). */
export async function readMetaImageHeader(file: string, limits?: ReadLimits): Promise<MetaImageHeader> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(file, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return parseMetaImageHeader(buf.subarray(0, bytesRead), file, limits);
  } catch (e) {
    throw ioError(e, file);
  } finally {
    await fh?.close().catch(() => {});
  }
}

/**
 * Checks what can be checked without reading voxels: the data files exist and, when not
 * compressed, have the size the header announces. Returns warnings (e.g. CompressedDataSize off).
 */
export async function checkMetaImageData(h: MetaImageHeader): Promise<string[]> {
  const warnings: string[] = [];
  const expected = metaImageDataBytes(h);
  const files = h.dataFiles === 'LOCAL' ? [h.file] : h.dataFiles;
  const per = expected / files.length;
  let total = 0;
  for (const df of files) {
    if (df !== h.file) await confineRealPath(h.file, 'ElementDataFile', df);
    let size: number;
    try {
      size = (await fsp.stat(df)).size;
    } catch (e) {
      const err = ioError(e, df);
      if (err.code === 'io.not-found') throw new LungDeskError('io.not-found', `${h.file}: data file ${df} does not exist`, { file: df });
      throw err;
    }
    total += size;
    if (h.compressed || h.headerSize === -1) continue;
    const actual = h.dataFiles === 'LOCAL' ? size - h.dataStart - h.headerSize : size - h.headerSize;
    if (actual !== per) throw sizeMismatch(df, 'data size disagrees with DimSize × ElementType', per, actual);
  }
  if (h.compressed && h.compressedDataSize !== undefined && h.dataFiles !== 'LOCAL' && total !== h.compressedDataSize) {
    warnings.push(`CompressedDataSize says ${h.compressedDataSize} bytes, the data file holds ${total}`);
  }
  return warnings;
}

/** Reads a .mhd/.mha volume from disk as HU int16. */
export async function readMetaImage(file: string, ctx?: JobContext, limits?: ReadLimits): Promise<{ volume: Volume; warnings: string[] }> {
  throwIfCancelled(ctx);
  // The header first (64 KB at most): the size cap and the data files' folder are checked before anything is read whole.
  await readMetaImageHeader(file, limits);
  const header = await readAll(file, 'MetaImage header', limits);
  const h = parseMetaImageHeader(header, file, limits);
  const warnings = await checkMetaImageData(h);
  ctx?.progress('read MetaImage', 0);
  const loaded = new Map<string, Buffer>();
  if (h.dataFiles !== 'LOCAL') {
    for (const df of h.dataFiles) {
      throwIfCancelled(ctx);
      loaded.set(df, await readAll(df, `${file}: data file`, limits));
    }
  }
  const volume = decodeMetaImage(
    header,
    file,
    (df) => {
      const b = loaded.get(df);
      loaded.delete(df); // drop each chunk once decoded
      if (!b) throw new LungDeskError('io.not-found', `${file}: data file ${df} does not exist`, { file: df });
      return b;
    },
    limits,
  );
  ctx?.progress('read MetaImage', 1);
  return { volume, warnings };
}
