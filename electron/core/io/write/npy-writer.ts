import { endianness } from 'node:os';
import { LungDeskError } from '../../../common/errors';
import type { Volume } from '../../volume/volume';
import { writeChunksAtomic } from './atomic-write';

/**
 * NumPy `.npy` writer for HU volumes: dtype `<i2`, shape (nz, ny, nx), C order. Those are
 * exactly the bytes of our x-fastest Int16Array (index x + nx·(y + ny·z) = C order of
 * [z][y][x]), so `numpy.load` gives `a[z, y, x]`, the layout of the seed's arrays. The file
 * carries no geometry; callers that need it write a sidecar (see `lungdesk convert`).
 *
 * Header: format version 1.0 as numpy writes it: magic `\x93NUMPY`, bytes 1 0, a little-endian
 * uint16 header length, then the dict text `{'descr': '<i2', 'fortran_order': False, 'shape':
 * (nz, ny, nx), }` padded with spaces and ending in `\n` so the data starts at a multiple of
 * 64 bytes (numpy's ARRAY_ALIGN).
 *
 * Atomic: written through the shared atomic write (atomic-write.ts).
 */

/** The .npy 1.0 header for a C-order array of `descr` with `shape`. */
export function npyHeader(shape: readonly number[], descr = '<i2'): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1; // magic(6) + version(2) + length(2) + dict + '\n'
  const total = Math.ceil(unpadded / 64) * 64;
  const headerLen = total - 10;
  if (headerLen > 0xffff) throw new LungDeskError('contract.bad-input', `npy header of ${headerLen} bytes does not fit format 1.0`);
  const b = Buffer.alloc(total, 0x20);
  b.write('\x93NUMPY', 0, 'latin1');
  b[6] = 1;
  b[7] = 0;
  b.writeUInt16LE(headerLen, 8);
  b.write(dict, 10, 'latin1');
  b[total - 1] = 0x0a;
  return b;
}

// The shared atomic write and temp naming, re-exported where most writers first found them.
export { writeChunksAtomic } from './atomic-write';
export { tempPathFor } from './temp-file';

/** Writes the volume's voxels as an int16 (nz, ny, nx) .npy. */
export async function writeNpy(volume: Pick<Volume, 'dims' | 'voxels'>, npyPath: string): Promise<void> {
  const [nx, ny, nz] = volume.dims;
  if (volume.voxels.length !== nx * ny * nz) {
    throw new LungDeskError('contract.bad-input', `volume has ${volume.voxels.length} voxels, dims ${nx}x${ny}x${nz} need ${nx * ny * nz}`, { file: npyPath });
  }
  let data = new Uint8Array(volume.voxels.buffer, volume.voxels.byteOffset, volume.voxels.byteLength);
  if (endianness() === 'BE') data = Buffer.from(data).swap16();
  await writeChunksAtomic(npyPath, [npyHeader([nz, ny, nx]), data]);
}
