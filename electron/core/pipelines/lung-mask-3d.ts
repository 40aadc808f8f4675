import { foregroundBox } from '../volume/foreground-box';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { lungMasks3d } from '../../../native/lung-mask';
import { binaryDilation, voxelRadiiForMm } from '../../../native/morphology';

export interface LungMask3dParams {
  /** Air-like below or at this HU (the tutorial's −320). */
  threshold?: number;
  /** Per-slice largest-solid fill (the tutorial's fill_lung_structures). */
  fill?: boolean;
  /**
   * How the air around the body is removed: 'corner' (the tutorial: the region of voxel
   * [0,0,0]) or 'sides' (its suggested improvement: every air region touching the four
   * in-plane sides of the volume on any slice; never the first or last slice, which the
   * lungs themselves often touch). Default 'corner', as the seed.
   */
  outsideAir?: 'corner' | 'sides';
}

/**
 * The DSB2017 tutorial's 3D lung mask (seed section 3.7), computed by the native kernel
 * native/src/lung-mask.cc on an HU volume:
 *   b = (hu > threshold) + 1 (1 air-like, 2 tissue); label b with full connectivity, every
 *   voxel labelled, equal values joining; the outside air becomes 2; if fill, per axial slice
 *   every pixel outside the largest tissue blob (8-connected) becomes 1; lungs = the largest
 *   26-connected component of the 1s. Returns a 0/1 Uint8Array.
 * Matches seed_pipeline.segment_lung_mask (../shared/conformance/cases/segment_lung_mask)
 * with outsideAir 'corner'. Departs only by option: 'sides' also removes outside air that a
 * table splits from the corner's region (the `table_splits_air` failure of the seed).
 */
export function segmentLungMask3d(hu: Int16Array, dims: readonly [number, number, number], p: LungMask3dParams = {}, ctx?: JobContext): Uint8Array {
  cancelled(ctx);
  const r = lungMasks3d(hu, dims, { threshold: p.threshold, sides: p.outsideAir === 'sides', nofill: !p.fill, fill: !!p.fill });
  return (p.fill ? r.fill : r.nofill)!;
}

/**
 * Both of the seed's masks, without and with the per-slice fill, sharing the threshold,
 * labelling and outside-air steps (the seed computes those twice).
 */
export function segmentLungMasks3d(
  hu: Int16Array,
  dims: readonly [number, number, number],
  p: Omit<LungMask3dParams, 'fill'> = {},
  ctx?: JobContext,
): { nofill: Uint8Array; fill: Uint8Array } {
  cancelled(ctx);
  ctx?.progress('lung mask', 0.05);
  const r = lungMasks3d(hu, dims, { threshold: p.threshold, sides: p.outsideAir === 'sides' });
  return { nofill: r.nofill!, fill: r.fill! };
}

function cancelled(ctx?: JobContext): void {
  if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'lung mask cancelled');
}

/**
 * The lung mask of a scan on its own grid, dilated by a ball of `dilateMm` millimetres (an
 * ellipsoid in voxels on anisotropic grids): what the viewer overlays and a reader corrects.
 */
export function lungMaskOnGrid(
  volume: { voxels: Int16Array; dims: readonly [number, number, number]; spacing: readonly [number, number, number] },
  p: LungMask3dParams & { dilateMm?: number },
  ctx?: JobContext,
): Uint8Array {
  const mask = segmentLungMask3d(volume.voxels, volume.dims, p, ctx);
  if (!p.dilateMm) return mask;
  return dilateLungMask(mask, volume, p.dilateMm, ctx);
}

/** A lung mask dilated by a ball of `mm` millimetres (an ellipsoid in voxels on anisotropic grids). */
export function dilateLungMask(
  mask: Uint8Array,
  grid: { dims: readonly [number, number, number]; spacing: readonly [number, number, number] },
  mm: number,
  ctx?: JobContext,
): Uint8Array {
  ctx?.progress('dilate', 0.8);
  cancelled(ctx);
  return dilateWithinBox(mask, grid.dims, voxelRadiiForMm(mm, grid.spacing));
}

/**
 * Dilation restricted to the mask's bounding box grown by the radius (clipped to the
 * volume). Equal to dilating the whole volume, because dilation counts outside as 0 and
 * nothing beyond box + radius can be reached (the seed's `dilate_mask(crop=True)`); it keeps
 * the distance transform's scratch to the box, which is what holds a job under 3× its input.
 */
export function dilateWithinBox(mask: Uint8Array, dims: readonly [number, number, number], radii: readonly [number, number, number]): Uint8Array {
  const [nx, ny] = dims;
  const out = new Uint8Array(mask.length);
  const fg = foregroundBox(mask, dims, radii);
  if (!fg) return out;
  const { x0, y0, z0, x1, y1, z1 } = fg;
  const bx = x1 - x0 + 1, by = y1 - y0 + 1, bz = z1 - z0 + 1;
  const box = new Uint8Array(bx * by * bz);
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) {
    const src = x0 + nx * (y + y0 + ny * (z + z0));
    box.set(mask.subarray(src, src + bx), bx * (y + by * z));
  }
  const grown = binaryDilation(box, [bx, by, bz], radii);
  for (let z = 0; z < bz; z++) for (let y = 0; y < by; y++) {
    const dst = x0 + nx * (y + y0 + ny * (z + z0));
    out.set(grown.subarray(bx * (y + by * z), bx * (y + 1 + by * z)), dst);
  }
  return out;
}
