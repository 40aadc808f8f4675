import { promises as fsp } from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { LungDeskError } from '../../../common/errors';
import type { Mat3 } from '../../../common/geometry';
import type { Volume } from '../../volume/volume';
import { writeFileAtomic } from './atomic-write';

const deflateAsync = promisify(deflate);

/**
 * Writes a volume as MetaImage: a text `.mhd` header plus `.raw` (or zlib `.zraw` when
 * compressed) holding the HU voxels as little-endian int16, x fastest — the layout of the
 * LUNA16 files. Header keys in the order ITK's MetaImageIO writes them.
 *
 * TransformMatrix is written as ITK does (`transformMatrix[i*3+j] = GetDirection(i)[j]`): the
 * first three numbers are the world direction of voxel axis 0, i.e. the *columns* of our
 * row-major direction matrix one after the other. Offset is the origin (centre of voxel 0),
 * AnatomicalOrientation the ITK "from" letters of each axis (RAI for the identity in LPS).
 * The data file is written first and the header last, each atomically, so a present header
 * always has its data.
 */
export async function writeMetaImage(volume: Volume, mhdPath: string, opts: { compressed?: boolean } = {}): Promise<void> {
  const [nx, ny, nz] = volume.dims;
  if (volume.voxels.length !== nx * ny * nz) {
    throw new LungDeskError('contract.bad-input', `volume has ${volume.voxels.length} voxels, dims ${nx}x${ny}x${nz} need ${nx * ny * nz}`, { file: mhdPath });
  }
  const compressed = opts.compressed ?? false;
  const dir = path.dirname(mhdPath);
  const stem = path.basename(mhdPath).replace(/\.mhd$/i, '');
  const dataName = `${stem}.${compressed ? 'zraw' : 'raw'}`;
  let data: Buffer = Buffer.from(volume.voxels.buffer, volume.voxels.byteOffset, volume.voxels.byteLength);
  if (endianness() === 'BE') data = Buffer.from(data).swap16();
  if (compressed) data = await deflateAsync(data, { level: 6 });

  const lines = [
    'ObjectType = Image',
    'NDims = 3',
    'BinaryData = True',
    'BinaryDataByteOrderMSB = False',
    `CompressedData = ${compressed ? 'True' : 'False'}`,
    ...(compressed ? [`CompressedDataSize = ${data.length}`] : []),
    `TransformMatrix = ${itkTransformMatrix(volume.direction).map(num).join(' ')}`,
    `Offset = ${volume.origin.map(num).join(' ')}`,
    'CenterOfRotation = 0 0 0',
    `AnatomicalOrientation = ${anatomicalOrientation(volume.direction)}`,
    `ElementSpacing = ${volume.spacing.map(num).join(' ')}`,
    `DimSize = ${nx} ${ny} ${nz}`,
    'ElementType = MET_SHORT',
    `ElementDataFile = ${dataName}`,
  ];
  await fsp.mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw new LungDeskError('io.write-failed', `could not create folder ${dir}: ${(e as Error).message}`, { file: dir, cause: e });
  });
  await writeFileAtomic(path.join(dir, dataName), data);
  await writeFileAtomic(mhdPath, lines.join('\n') + '\n');
}

/** Direction columns one after the other (ITK's TransformMatrix order). */
export function itkTransformMatrix(d: Mat3): number[] {
  const out: number[] = [];
  for (let axis = 0; axis < 3; axis++) for (let c = 0; c < 3; c++) out.push(d[c * 3 + axis]!);
  return out;
}

/**
 * ITK's orientation code: for each voxel axis the letter of the side it runs *from*, judged by
 * the largest component of its direction (LPS world): +x → R, +y → A, +z → I.
 */
export function anatomicalOrientation(d: Mat3): string {
  const from = [['R', 'L'], ['A', 'P'], ['I', 'S']] as const;
  let code = '';
  for (let axis = 0; axis < 3; axis++) {
    let best = 0;
    for (let c = 1; c < 3; c++) if (Math.abs(d[c * 3 + axis]!) > Math.abs(d[best * 3 + axis]!)) best = c;
    code += from[best]![d[best * 3 + axis]! >= 0 ? 0 : 1];
  }
  return code;
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new LungDeskError('contract.bad-input', `cannot write ${n} in a MetaImage header`);
  return Object.is(n, -0) ? '0' : String(n);
}
