import { promises as fsp } from 'node:fs';
import { LungDeskError } from '../../common/errors';
import { ioError } from './dicom/read-file';

/**
 * Reads a uint8 mask .npy on a scan's grid: format 1.x or 2.x, dtype `|u1` (or `|b1`,
 * numpy's bool, the same bytes), C order, shape (nz, ny, nx), which are the bytes of an
 * x-fastest Uint8Array on grid `dims` = [nx, ny, nz] (what our writers produce, and what
 * `numpy.save(mask.astype(np.uint8))` gives). Anything else is refused with a typed error
 * naming the file: io.not-found / io.read-failed, io.bad-header (not .npy, another dtype,
 * Fortran order), io.size-mismatch (another shape, or data shorter than the shape).
 */
export async function readNpyMask(file: string, dims: readonly [number, number, number]): Promise<Uint8Array> {
  let buf: Buffer;
  const n0 = dims[0] * dims[1] * dims[2];
  try {
    // A mask is one byte per voxel of the scan's grid plus a header (at most 64 KiB): a larger file is not this grid's mask, and is not read whole.
    const size = (await fsp.stat(file)).size;
    if (size > n0 + 65536 + 4096) {
      throw new LungDeskError('io.size-mismatch', `${file}: ${size} bytes, more than a uint8 mask of ${dims.join('×')} voxels (${n0} bytes + header)`, { file, detail: { expected: n0, actual: size } });
    }
    buf = await fsp.readFile(file);
  } catch (e) {
    throw ioError(e, file);
  }
  const bad = (message: string): never => {
    throw new LungDeskError('io.bad-header', `${file}: ${message}`, { file });
  };
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== '\x93NUMPY') bad('not a .npy file (no \\x93NUMPY magic)');
  const major = buf[6]!;
  const lenBytes = major === 1 ? 2 : major === 2 || major === 3 ? 4 : bad(`unknown .npy format version ${major}`);
  const headerLen = lenBytes === 2 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = 8 + lenBytes + headerLen;
  if (start > buf.length) bad('header runs past the end of the file');
  const header = buf.toString('latin1', 8 + lenBytes, start);
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr !== '|u1' && descr !== '|b1' && descr !== '<u1') bad(`dtype ${descr ?? '(none)'} is not uint8`);
  if (/'fortran_order':\s*True/.test(header)) bad('Fortran order is not supported (save with C order)');
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const want = [dims[2], dims[1], dims[0]];
  if (shape.length !== 3 || shape.some((v, i) => v !== want[i])) {
    throw new LungDeskError('io.size-mismatch', `${file}: shape (${shape.join(', ')}) is not the scan's (${want.join(', ')})`, { file });
  }
  const n = dims[0] * dims[1] * dims[2];
  if (buf.length - start < n) throw new LungDeskError('io.size-mismatch', `${file}: ${buf.length - start} data bytes, the shape needs ${n}`, { file });
  return new Uint8Array(buf.buffer, buf.byteOffset + start, n);
}
