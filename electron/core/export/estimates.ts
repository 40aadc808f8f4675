import type { ExportFormat, ExportOptions } from '../../common/contract/export';
import type { VolumeGeometry } from '../../common/geometry';

/**
 * Rough sizes for planning: what a case will write (the preview's bytes) and how much memory
 * its worker needs (admission within the export's memory budget). Both err high; neither is a
 * promise. Compressed CT (gzip of int16 HU) is taken as half its raw size, a gzip'd labelmap as
 * 2 % of a byte per voxel.
 */

/** A worker's own footprint before it loads anything (Node, the readers). */
export const WORKER_BASE_BYTES = 160 * 1024 ** 2;

const voxelsOf = (g: Pick<VolumeGeometry, 'dims'>): number => g.dims[0] * g.dims[1] * g.dims[2];

/** Voxels of the grid resampled to 1 mm (the seed arrays' spacing). */
const resampledVoxels = (g: Pick<VolumeGeometry, 'dims' | 'spacing'>): number =>
  g.dims.reduce((p, d, a) => p * Math.max(1, Math.ceil((d * g.spacing[a]!) / 1)), 1);

const cubeVoxels = (o: Pick<ExportOptions, 'cubeMm' | 'cubeSpacingMm'>): number => Math.ceil(o.cubeMm / o.cubeSpacingMm) ** 3;

/**
 * Peak memory of one case's worker: the int16 volume, the labelmap, a mask being read (and its
 * compressed file), plus per format its own buffers: a gzip'd copy for NIfTI/NRRD images, the
 * 1 mm resampled arrays (float and masks) for the seed's arrays, bit-packed frames for SEG.
 */
export function caseMemoryBytes(g: Pick<VolumeGeometry, 'dims' | 'spacing'>, o: Pick<ExportOptions, 'formats' | 'cubeMm' | 'cubeSpacingMm'>): number {
  const n = voxelsOf(g);
  let bytes = WORKER_BASE_BYTES + n * 2 + n + 2 * n;
  const has = (f: ExportFormat) => o.formats.includes(f);
  if (has('nnunet') || has('nifti') || has('nrrd') || has('monai')) bytes += 2 * n;
  if (has('seg')) bytes += n;
  if (has('npy')) bytes += 9 * resampledVoxels(g);
  if (has('cubes')) bytes += 8 * cubeVoxels(o);
  return Math.ceil(bytes);
}

/** Bytes a case will write, from its grid, lesion counts and the formats asked for. */
export function caseOutputBytes(
  g: Pick<VolumeGeometry, 'dims' | 'spacing'>,
  lesions: { positives: number; negatives: number },
  o: Pick<ExportOptions, 'formats' | 'cubeMm' | 'cubeSpacingMm'>,
): number {
  const n = voxelsOf(g);
  const image = n * 2 * 0.5;
  const label = n * 0.02;
  let bytes = 0;
  const has = (f: ExportFormat) => o.formats.includes(f);
  if (has('nnunet')) bytes += image + label;
  if (has('nifti')) bytes += image + label;
  if (has('nrrd')) bytes += image + label;
  if (has('monai') && !has('nnunet') && !has('nifti')) bytes += image + label;
  if (has('seg')) bytes += (n / 8) * 2 + 4096;
  if (has('npy')) bytes += resampledVoxels(g) * 4 + lesions.positives * 2 * 1024 ** 2;
  if (has('cubes')) bytes += (lesions.positives + lesions.negatives) * cubeVoxels(o) * 3;
  return Math.ceil(bytes);
}
