import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { LungDeskError } from '../../../common/errors';
import type { VolumeGeometry } from '../../../common/geometry';
import { writeDurably } from '../../masks/mask-file';
import { npyHeader } from './npy-writer';

const gzip = promisify(zlib.gzip);

/**
 * The NIfTI-1 header (348 bytes + the 4-byte empty extension flag) of a uint8 labelmap on
 * grid `g`. Our geometry is LPS; NIfTI's is RAS, so the first two rows of the affine are
 * negated (as ITK writes it). The affine goes in the sform (code 1, scanner), which nibabel,
 * ITK and Slicer read; the qform is left unset (code 0) rather than approximated.
 */
export function niftiMaskHeader(g: VolumeGeometry): Buffer {
  const h = Buffer.alloc(352);
  const [nx, ny, nz] = g.dims;
  const [sx, sy, sz] = g.spacing;
  const d = g.direction;
  h.writeInt32LE(348, 0); // sizeof_hdr
  h[39] = 0; // dim_info
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((v, i) => h.writeInt16LE(v, 40 + 2 * i));
  h.writeInt16LE(2, 70); // datatype: DT_UNSIGNED_CHAR
  h.writeInt16LE(8, 72); // bitpix
  [1, sx, sy, sz, 1, 1, 1, 1].forEach((v, i) => h.writeFloatLE(v, 76 + 4 * i)); // pixdim (qfac 1)
  h.writeFloatLE(352, 108); // vox_offset
  h.writeFloatLE(0, 112); // scl_slope 0: no scaling
  h[123] = 2; // xyzt_units: mm
  h.write('LungDesk mask', 148, 'latin1'); // descrip
  h.writeInt16LE(0, 252); // qform_code
  h.writeInt16LE(1, 254); // sform_code: scanner anatomical
  const row = (r: number, sign: number): number[] => [sign * d[3 * r]! * sx, sign * d[3 * r + 1]! * sy, sign * d[3 * r + 2]! * sz, sign * g.origin[r]!];
  [row(0, -1), row(1, -1), row(2, 1)].forEach((r, i) => r.forEach((v, j) => h.writeFloatLE(v, 280 + 16 * i + 4 * j)));
  h.write('n+1\0', 344, 'latin1');
  return h; // bytes 348..351: extension flag 0 (none)
}

/** Writes a uint8 mask on its scan grid as .nii.gz / .nii (with the scan's affine) or .npy ((nz, ny, nx) uint8), durably. */
export async function writeMaskExport(voxels: Uint8Array, g: VolumeGeometry, file: string): Promise<void> {
  const [nx, ny, nz] = g.dims;
  if (voxels.length !== nx * ny * nz) throw new LungDeskError('contract.bad-input', `mask of ${voxels.length} voxels is not on a ${nx}×${ny}×${nz} grid`, { file });
  if (/\.npy$/i.test(file)) {
    await writeDurably(file, [npyHeader([nz, ny, nx], '|u1'), voxels]);
  } else if (/\.nii\.gz$/i.test(file)) {
    await writeDurably(file, [await gzip(Buffer.concat([niftiMaskHeader(g), voxels]), { level: 6 })]);
  } else if (/\.nii$/i.test(file)) {
    await writeDurably(file, [niftiMaskHeader(g), voxels]);
  } else {
    throw new LungDeskError('contract.bad-input', `${file}: a mask exports as .npy, .nii.gz or .nii`, { file });
  }
}
