import { endianness } from 'node:os';
import { LungDeskError } from '../../../common/errors';
import type { VolumeGeometry } from '../../../common/geometry';
import { gzipDeterministic } from './deterministic-gzip';
import { niftiQform } from './nifti-qform';

/**
 * NIfTI-1 single-file (`n+1`) encoding of an int16 HU volume or a uint8 labelmap, byte for
 * byte the same for the same voxels and grid (no time, no random field, gzip through
 * `gzipDeterministic`). Written here rather than through itk-wasm so the bytes are ours to
 * keep stable.
 *
 * Geometry: our grid is LPS; NIfTI's world is RAS, so the first two rows of the affine are
 * negated (as ITK writes it). The affine goes in the sform (code 1, scanner anatomical),
 * which nibabel, ITK and Slicer read first; the qform (also code 1) carries the same map when
 * the direction is a rotation it can hold exactly (see `niftiQform`), else its code stays 0
 * rather than holding an approximation. Voxel order is x fastest, which is NIfTI's.
 */

export type NiftiDtype = 'int16' | 'uint8';

const DATATYPE: Record<NiftiDtype, { code: number; bitpix: number }> = {
  uint8: { code: 2, bitpix: 8 }, // DT_UNSIGNED_CHAR
  int16: { code: 4, bitpix: 16 }, // DT_SIGNED_SHORT
};

/** NIFTI_INTENT_LABEL: voxel values are indices into a list of labels. */
const INTENT_LABEL = 1002;
const XFORM_SCANNER_ANAT = 1;
/** Header (348 bytes) + the 4-byte extension flag (all zero: no extensions); voxels follow. */
export const NIFTI1_VOX_OFFSET = 352;

export interface NiftiHeaderOptions {
  /** Marks a labelmap (intent code NIFTI_INTENT_LABEL) so viewers treat values as labels. */
  intent?: 'label';
  /** Up to 79 latin1 characters for the header's descrip field. */
  descrip?: string;
}

/** Throws unless `g` has 1..`maxDim` voxels per axis, positive spacings and finite numbers (NIfTI-1 dims are int16). */
export function checkGeometry(g: VolumeGeometry, maxDim = 32767): void {
  const finite = [...g.spacing, ...g.origin, ...g.direction].every(Number.isFinite);
  if (!finite || !g.spacing.every((s) => s > 0) || !g.dims.every((n) => Number.isInteger(n) && n >= 1 && n <= maxDim)) {
    throw new LungDeskError('contract.bad-input', `a grid to write needs 1–${maxDim} voxels per axis, positive spacing and finite geometry (dims ${g.dims.join('×')}, spacing ${g.spacing.join(', ')})`);
  }
}

/** The 352 bytes before the voxels of a NIfTI-1 file of `dtype` on grid `g`. */
export function niftiHeader(g: VolumeGeometry, dtype: NiftiDtype, opts: NiftiHeaderOptions = {}): Buffer {
  checkGeometry(g);
  const h = Buffer.alloc(NIFTI1_VOX_OFFSET);
  const [nx, ny, nz] = g.dims;
  const [sx, sy, sz] = g.spacing;
  const d = g.direction;
  const q = niftiQform(g);
  h.writeInt32LE(348, 0); // sizeof_hdr
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((v, i) => h.writeInt16LE(v, 40 + 2 * i));
  h.writeInt16LE(opts.intent === 'label' ? INTENT_LABEL : 0, 68);
  h.writeInt16LE(DATATYPE[dtype].code, 70);
  h.writeInt16LE(DATATYPE[dtype].bitpix, 72);
  [q?.qfac ?? 1, sx, sy, sz, 1, 1, 1, 1].forEach((v, i) => h.writeFloatLE(v, 76 + 4 * i)); // pixdim[0] = qfac
  h.writeFloatLE(NIFTI1_VOX_OFFSET, 108);
  h.writeFloatLE(0, 112); // scl_slope 0: values are stored unscaled
  h[123] = 2; // xyzt_units: mm
  h.write((opts.descrip ?? '').slice(0, 79), 148, 'latin1');
  h.writeInt16LE(q ? XFORM_SCANNER_ANAT : 0, 252);
  h.writeInt16LE(XFORM_SCANNER_ANAT, 254);
  if (q) {
    [q.b, q.c, q.d, -g.origin[0], -g.origin[1], g.origin[2]].forEach((v, i) => h.writeFloatLE(v + 0, 256 + 4 * i));
  }
  // `+ 0` turns −0 into 0, so a zero is always stored as zero bits.
  const row = (r: number, sign: number): number[] => [sign * d[3 * r]! * sx + 0, sign * d[3 * r + 1]! * sy + 0, sign * d[3 * r + 2]! * sz + 0, sign * g.origin[r]! + 0];
  [row(0, -1), row(1, -1), row(2, 1)].forEach((r, i) => r.forEach((v, j) => h.writeFloatLE(v, 280 + 16 * i + 4 * j)));
  h.write('n+1\0', 344, 'latin1');
  return h;
}

/** The voxels as little-endian bytes (a view, copied only on a big-endian host). */
export function littleEndianBytes(voxels: Int16Array | Uint8Array): Uint8Array {
  const bytes = new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength);
  return voxels instanceof Int16Array && endianness() === 'BE' ? Buffer.from(bytes).swap16() : bytes;
}

/** Checks that `voxels` fill grid `g` and have the dtype's element type. */
export function checkVoxels(voxels: Int16Array | Uint8Array, g: VolumeGeometry, dtype: NiftiDtype): void {
  const want = g.dims[0] * g.dims[1] * g.dims[2];
  const typeOk = dtype === 'int16' ? voxels instanceof Int16Array : voxels instanceof Uint8Array;
  if (!typeOk || voxels.length !== want) {
    throw new LungDeskError('contract.bad-input', `${voxels.length} ${voxels.constructor.name} voxels do not make a ${dtype} ${g.dims.join('×')} grid`);
  }
}

/** The gzip level by dtype: noisy int16 HU barely compresses better at 6 than at 1 (−4 %) but takes 1.5× longer; labelmaps shrink 2.5× more at 6 and are quick. */
const GZIP_LEVEL: Record<NiftiDtype, number> = { int16: 1, uint8: 6 };

/** A whole `.nii.gz` file as gzip output buffers. */
export async function encodeNiftiGz(voxels: Int16Array | Uint8Array, g: VolumeGeometry, dtype: NiftiDtype, opts: NiftiHeaderOptions = {}): Promise<Buffer[]> {
  checkVoxels(voxels, g, dtype);
  return gzipDeterministic([niftiHeader(g, dtype, opts), littleEndianBytes(voxels)], GZIP_LEVEL[dtype]);
}

/** The gzip level used for `dtype` (shared with the NRRD encoder so both trade size for speed alike). */
export function gzipLevelFor(dtype: NiftiDtype): number {
  return GZIP_LEVEL[dtype];
}
