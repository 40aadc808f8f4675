import type { VolumeGeometry } from '../../../common/geometry';
import { gzipDeterministic } from './deterministic-gzip';
import { checkGeometry, checkVoxels, gzipLevelFor, littleEndianBytes, type NiftiDtype } from './nifti-encoder';

/**
 * NRRD (format 4, one attached file) encoding of an int16 HU volume or a uint8 labelmap, with
 * gzip-encoded data: the same bytes for the same voxels and grid. The header is written here
 * (not by itk-wasm) so it never changes under us:
 *
 *     NRRD0004
 *     type: short            (uchar for a labelmap)
 *     dimension: 3
 *     space: left-posterior-superior
 *     sizes: nx ny nz
 *     space directions: (…) (…) (…)   column j of direction × spacing j, LPS mm
 *     kinds: domain domain domain
 *     endian: little          (int16 only)
 *     encoding: gzip
 *     space origin: (x,y,z)   centre of voxel 0, LPS mm
 *
 * which is how ITK, 3D Slicer and pynrrd write and read a scan's grid. Numbers are printed
 * in JavaScript's shortest round-trip form, so the reader gets our doubles back exactly.
 */

const NRRD_TYPE: Record<NiftiDtype, string> = { int16: 'short', uint8: 'uchar' };

const num = (v: number): string => String(v === 0 ? 0 : v); // no "-0"
const vec = (v: readonly number[]): string => `(${v.map(num).join(',')})`;

/** The text header (ending in the blank line) of an attached-data NRRD of `dtype` on grid `g`. */
export function nrrdHeader(g: VolumeGeometry, dtype: NiftiDtype): Buffer {
  checkGeometry(g, 2 ** 31 - 1);
  const d = g.direction;
  const column = (j: number): number[] => [d[j]! * g.spacing[j]!, d[3 + j]! * g.spacing[j]!, d[6 + j]! * g.spacing[j]!];
  const lines = [
    'NRRD0004',
    '# Complete NRRD file format specification at:',
    '# http://teem.sourceforge.net/nrrd/format.html',
    `type: ${NRRD_TYPE[dtype]}`,
    'dimension: 3',
    'space: left-posterior-superior',
    `sizes: ${g.dims.join(' ')}`,
    `space directions: ${[0, 1, 2].map((j) => vec(column(j))).join(' ')}`,
    'kinds: domain domain domain',
    ...(dtype === 'int16' ? ['endian: little'] : []),
    'encoding: gzip',
    `space origin: ${vec(g.origin)}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n\n`, 'latin1');
}

/** A whole `.nrrd` file: the header, then the voxels as one gzip stream. */
export async function encodeNrrdGz(voxels: Int16Array | Uint8Array, g: VolumeGeometry, dtype: NiftiDtype): Promise<Buffer[]> {
  checkVoxels(voxels, g, dtype);
  const header = nrrdHeader(g, dtype);
  const data = await gzipDeterministic([littleEndianBytes(voxels)], gzipLevelFor(dtype));
  return [header, ...data];
}
