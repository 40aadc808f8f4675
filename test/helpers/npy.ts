// Reads and writes NumPy .npy files (format 1.0, little-endian, C order), the format
// of the conformance cases in ../shared/conformance.
import * as fs from 'node:fs';

export type NpyDtype = 'uint8' | 'int16' | 'uint16' | 'int32' | 'float32' | 'float64';

export type NpyData = Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/** An array read from or written to .npy; `shape` is C order (last axis fastest). */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const DESCR: Record<string, NpyDtype> = {
  '|u1': 'uint8',
  '<u1': 'uint8',
  '|b1': 'uint8', // bool, 0/1 bytes
  '<i2': 'int16',
  '<u2': 'uint16',
  '<i4': 'int32',
  '<f4': 'float32',
  '<f8': 'float64',
};

const DESCR_OF: Record<NpyDtype, string> = {
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  float32: '<f4',
  float64: '<f8',
};

const CTOR = {
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

/** The dtype name of a typed array, or throws for kinds .npy here does not carry. */
export function dtypeOf(data: NpyData): NpyDtype {
  for (const [name, ctor] of Object.entries(CTOR)) if (data instanceof ctor) return name as NpyDtype;
  throw new TypeError('unsupported typed array for .npy');
}

/** Parses .npy bytes. The returned data is a copy, aligned for its element type. */
export function parseNpy(bytes: Uint8Array, file = '<buffer>'): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) throw new Error(`${file}: not a .npy file (bad magic)`);
  const major = buf[6];
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLen = buf.readUInt32LE(8);
    headerStart = 12;
  } else {
    throw new Error(`${file}: unsupported .npy version ${major}`);
  }
  const header = buf.toString('latin1', headerStart, headerStart + headerLen);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`${file}: malformed .npy header ${JSON.stringify(header)}`);
  }
  const dtype = DESCR[descr];
  if (!dtype) throw new Error(`${file}: unsupported dtype ${descr}`);
  if (fortran === 'True') throw new Error(`${file}: Fortran-order arrays are not supported`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const ctor = CTOR[dtype];
  const dataStart = headerStart + headerLen;
  const byteLength = count * ctor.BYTES_PER_ELEMENT;
  if (buf.length < dataStart + byteLength) {
    throw new Error(`${file}: truncated, shape (${shape.join(', ')}) needs ${byteLength} data bytes, has ${buf.length - dataStart}`);
  }
  const copy = new ArrayBuffer(byteLength);
  new Uint8Array(copy).set(buf.subarray(dataStart, dataStart + byteLength));
  return { dtype, shape, data: new ctor(copy) };
}

export function readNpy(file: string): NpyArray {
  return parseNpy(fs.readFileSync(file), file);
}

/** Serialises to .npy 1.0; header padded so the data starts on a 64-byte boundary. */
export function formatNpy(array: { shape: readonly number[]; data: NpyData }): Buffer {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new RangeError(`shape (${array.shape.join(', ')}) holds ${count} elements, data has ${array.data.length}`);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${DESCR_OF[dtypeOf(array.data)]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  MAGIC.copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const data = Buffer.from(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}

export function writeNpy(file: string, array: { shape: readonly number[]; data: NpyData }): void {
  fs.writeFileSync(file, formatNpy(array));
}
