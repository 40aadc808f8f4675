import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { label3d, largestComponent } from '../../../native';

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
 * The DSB2017 tutorial's 3D lung mask (seed section 3.7) on an HU volume:
 *   b = (hu > threshold) + 1 (1 air-like, 2 tissue); label b with full connectivity, every
 *   voxel labelled, equal values joining; the outside air becomes 2; if fill, per axial slice
 *   every pixel outside the largest tissue blob (8-connected) becomes 1; lungs = the largest
 *   26-connected component of the 1s. Returns a 0/1 Uint8Array.
 * Matches seed_pipeline.segment_lung_mask (../shared/conformance/cases/segment_lung_mask)
 * with outsideAir 'corner'. Departs only by option: 'sides' also removes outside air that a
 * table splits from the corner's region (the `table_splits_air` failure of the seed).
 */
export function segmentLungMask3d(hu: Int16Array, dims: readonly [number, number, number], p: LungMask3dParams = {}, ctx?: JobContext): Uint8Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (hu.length !== n) throw new RangeError(`volume has ${hu.length} voxels, dims ${dims.join('×')} need ${n}`);
  const threshold = p.threshold ?? -320;
  const cancelled = () => {
    if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'lung mask cancelled');
  };
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = hu[i]! > threshold ? 2 : 1;
  ctx?.progress('label', 0.05);
  const { labels } = label3d(b, dims, 3);
  cancelled();
  const outside = new Set<number>();
  if ((p.outsideAir ?? 'corner') === 'corner') outside.add(labels[0]!);
  else {
    for (let z = 0; z < nz; z++) {
      const base = z * nx * ny;
      for (let x = 0; x < nx; x++) {
        for (const y of [0, ny - 1]) if (b[base + y * nx + x] === 1) outside.add(labels[base + y * nx + x]!);
      }
      for (let y = 0; y < ny; y++) {
        for (const x of [0, nx - 1]) if (b[base + y * nx + x] === 1) outside.add(labels[base + y * nx + x]!);
      }
    }
  }
  for (let i = 0; i < n; i++) if (outside.has(labels[i]!)) b[i] = 2;
  ctx?.progress('fill', 0.4);
  if (p.fill) fillSlices(b, nx, ny, nz, ctx);
  cancelled();
  // 1 - (b - 1): lungs (1) → 1, tissue (2) → 0; then the largest 26-connected component.
  const lungs = new Uint8Array(n);
  for (let i = 0; i < n; i++) lungs[i] = b[i] === 1 ? 1 : 0;
  ctx?.progress('largest component', 0.8);
  return largestComponent(lungs, dims, 3).mask;
}

/** Per slice: pixels not in the most frequent tissue label (ties: smallest) become air/lung. */
function fillSlices(b: Uint8Array, nx: number, ny: number, nz: number, ctx?: JobContext): void {
  const plane = nx * ny;
  const tissue = new Uint8Array(plane);
  for (let z = 0; z < nz; z++) {
    if (z % 16 === 0) {
      if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'lung mask cancelled');
      ctx?.progress('fill', 0.4 + (0.4 * z) / nz);
    }
    const s = b.subarray(z * plane, (z + 1) * plane);
    let any = false;
    for (let i = 0; i < plane; i++) {
      tissue[i] = s[i] === 2 ? 1 : 0;
      any ||= tissue[i] === 1;
    }
    if (!any) continue;
    const { labels, count } = label3d(tissue, [nx, ny, 1], 2);
    const sizes = new Int32Array(count + 1);
    for (let i = 0; i < plane; i++) sizes[labels[i]!]!++;
    let best = 1;
    for (let l = 2; l <= count; l++) if (sizes[l]! > sizes[best]!) best = l;
    for (let i = 0; i < plane; i++) if (labels[i] !== best) s[i] = 1;
  }
}
