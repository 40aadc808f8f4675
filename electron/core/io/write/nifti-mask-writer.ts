import { LungDeskError } from '../../../common/errors';
import type { VolumeGeometry } from '../../../common/geometry';
import { writeDurably } from '../../masks/mask-file';
import { encodeNiftiGz, niftiHeader, type NiftiHeaderOptions } from './nifti-encoder';
import { npyHeader } from './npy-writer';

const MASK_HEADER: NiftiHeaderOptions = { intent: 'label', descrip: 'LungDesk mask' };

/** Writes a uint8 mask on its scan grid as .nii.gz / .nii (with the scan's affine, see nifti-encoder) or .npy ((nz, ny, nx) uint8), durably. */
export async function writeMaskExport(voxels: Uint8Array, g: VolumeGeometry, file: string): Promise<void> {
  const [nx, ny, nz] = g.dims;
  if (voxels.length !== nx * ny * nz) throw new LungDeskError('contract.bad-input', `mask of ${voxels.length} voxels is not on a ${nx}×${ny}×${nz} grid`, { file });
  if (/\.npy$/i.test(file)) {
    await writeDurably(file, [npyHeader([nz, ny, nx], '|u1'), voxels]);
  } else if (/\.nii\.gz$/i.test(file)) {
    await writeDurably(file, await encodeNiftiGz(voxels, g, 'uint8', MASK_HEADER));
  } else if (/\.nii$/i.test(file)) {
    await writeDurably(file, [niftiHeader(g, 'uint8', MASK_HEADER), voxels]);
  } else {
    throw new LungDeskError('contract.bad-input', `${file}: a mask exports as .npy, .nii.gz or .nii`, { file });
  }
}
