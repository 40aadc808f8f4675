import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError } from '../../../common/errors';
import type { Volume } from '../../volume/volume';
import { imageIo, itkFailure, quietItk, volumeToItk } from '../itk-image';
import { tempPathFor, trackTempFile, untrackTempFile } from './temp-file';

/**
 * NIfTI and NRRD writers, through itk-wasm so the files are what ITK/SimpleITK/Slicer write:
 * int16 voxels, x fastest. NIfTI gets ITK's header: our LPS geometry turned into RAS
 * (first two rows of the affine negated) in both qform and sform; NRRD gets
 * `space: left-posterior-superior` with `space directions` = direction columns × spacing and
 * `space origin` = origin.
 *
 * Writes are atomic: itk-wasm writes a temporary file beside the target (same extension, so
 * ITK picks gzip for `.nii.gz`), which is then renamed over it. The volume is not modified.
 */

function checkVolume(volume: Volume, file: string): void {
  const [nx, ny, nz] = volume.dims;
  if (volume.voxels.length !== nx * ny * nz) {
    throw new LungDeskError('contract.bad-input', `volume has ${volume.voxels.length} voxels, dims ${nx}x${ny}x${nz} need ${nx * ny * nz}`, { file });
  }
  if (![...volume.spacing, ...volume.origin, ...volume.direction].every(Number.isFinite) || !volume.spacing.every((s) => s > 0)) {
    throw new LungDeskError('contract.bad-input', 'volume geometry has a non-finite value or a non-positive spacing', { file });
  }
}

async function writeVia(
  volume: Volume,
  target: string,
  ext: string,
  what: string,
  write: (io: Awaited<ReturnType<typeof imageIo>>, image: ReturnType<typeof volumeToItk>, tmp: string) => Promise<{ couldWrite: unknown }>,
): Promise<void> {
  const abs = path.resolve(target);
  checkVolume(volume, abs);
  try {
    await fsp.mkdir(path.dirname(abs), { recursive: true });
  } catch (e) {
    throw new LungDeskError('io.write-failed', `could not create folder ${path.dirname(abs)}: ${(e as Error).message}`, { file: abs, cause: e });
  }
  // The extension stays last: ITK picks the format (and gzip) by it.
  const tmp = tempPathFor(abs, ext);
  const io = await imageIo();
  trackTempFile(tmp);
  try {
    let r: { couldWrite: unknown };
    try {
      r = await quietItk(() => write(io, volumeToItk(volume), tmp));
    } catch (e) {
      throw itkFailure(e, abs, `writing ${what}`, 'io.write-failed');
    }
    if (!r.couldWrite) throw new LungDeskError('io.write-failed', `${abs}: itk-wasm could not write ${what}`, { file: abs });
    await fsp.stat(tmp).catch((e: unknown) => {
      throw new LungDeskError('io.write-failed', `${abs}: itk-wasm reported success but wrote no file`, { file: abs, cause: e });
    });
    // Flushed before the rename, as every atomic write of ours (atomic-write.ts).
    const fh = await fsp.open(tmp, 'r+');
    await fh.sync().finally(() => fh.close());
    await fsp.rename(tmp, abs).catch((e: unknown) => {
      throw new LungDeskError('io.write-failed', `could not write ${abs}: ${(e as Error).message}`, { file: abs, cause: e });
    });
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => {});
    untrackTempFile(tmp);
  }
}

/** Writes `volume` as NIfTI-1: gzip-compressed when `niiPath` ends in .nii.gz, plain for .nii. */
export async function writeNifti(volume: Volume, niiPath: string): Promise<void> {
  const gz = /\.nii\.gz$/i.test(niiPath);
  if (!gz && !/\.nii$/i.test(niiPath)) throw new LungDeskError('contract.bad-input', `${niiPath}: a NIfTI file name ends in .nii or .nii.gz`, { file: niiPath });
  await writeVia(volume, niiPath, gz ? '.nii.gz' : '.nii', 'NIfTI', (io, image, tmp) => io.niftiWriteImageNode(image, tmp, { useCompression: gz }));
}

/** Writes `volume` as a single-file .nrrd (data attached), gzip-encoded when `compressed` (default true). */
export async function writeNrrd(volume: Volume, nrrdPath: string, opts: { compressed?: boolean } = {}): Promise<void> {
  if (!/\.nrrd$/i.test(nrrdPath)) throw new LungDeskError('contract.bad-input', `${nrrdPath}: an NRRD file name ends in .nrrd`, { file: nrrdPath });
  const compressed = opts.compressed ?? true;
  await writeVia(volume, nrrdPath, '.nrrd', 'NRRD', (io, image, tmp) => io.nrrdWriteImageNode(image, tmp, { useCompression: compressed }));
}
