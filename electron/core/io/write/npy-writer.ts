import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import type { Volume } from '../../volume/volume';

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
 * Atomic: written to a temp file beside the target, fsync'd, then renamed over it.
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

/** The temp file a write of `target` goes through: hidden, beside it (same folder, so rename is atomic). */
export function tempPathFor(target: string): string {
  const abs = path.resolve(target);
  return path.join(path.dirname(abs), `.${path.basename(abs).slice(0, 40)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes `chunks` to `target` atomically (temp file, fsync, rename). `chunks` may be a lazy
 * (async) iterable, so a large output can be produced slab by slab and never held whole.
 * `syncFolder` also fsyncs the folder after the rename, so the rename itself survives a power
 * loss (the user's edits need that; outputs that can be made again do not).
 */
export async function writeChunksAtomic(target: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, opts: { syncFolder?: boolean } = {}): Promise<void> {
  const abs = path.resolve(target);
  const tmp = tempPathFor(abs);
  let fh: fsp.FileHandle | undefined;
  try {
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    fh = await fsp.open(tmp, 'w');
    for await (const c of chunks) {
      // Large writes in slices: one write() call is capped near 2 GB on Linux.
      for (let o = 0; o < c.byteLength; o += 1 << 30) await fh.write(c, o, Math.min(1 << 30, c.byteLength - o));
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fsp.rename(tmp, abs);
  } catch (e) {
    await fh?.close().catch(() => {});
    await fsp.rm(tmp, { force: true }).catch(() => {});
    throw new LungDeskError('io.write-failed', `could not write ${abs}: ${(e as Error).message}`, { file: abs, cause: e });
  }
  if (!opts.syncFolder) return;
  // Best effort: some filesystems (and Windows) cannot open a folder to fsync it.
  const d = await fsp.open(path.dirname(abs), 'r').catch(() => undefined);
  await d?.sync().catch(() => {});
  await d?.close().catch(() => {});
}

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
