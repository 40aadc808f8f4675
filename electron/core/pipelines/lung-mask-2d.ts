import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { binaryClosing, binaryErosion, fillHoles } from '../../../native/morphology';
import { clearBorder, label2d, roberts } from '../../../native/slice2d-mesh';

export interface LungMask2dParams {
  /** Air-like below this HU (default −400; the tutorial's 604 was a raw value, ≈ −420 HU). */
  threshold?: number;
  /** Value written outside the mask in the returned image (tutorial: 0). */
  fillValue?: number;
}

/**
 * The DSB2017 tutorial's 2D lung segmentation (seed section 3.6, `get_segmented_lungs`),
 * every axial slice on its own: b = hu < threshold; clear_border (8-connected objects
 * touching the slice edge go); label (8-connectivity); when more than two regions, keep
 * those with area ≥ the second largest (as intended: sorted areas; ties may keep more);
 * erosion by disk(2), closing by disk(10) (skimage border conventions); Roberts edges;
 * fill holes (4-connected); the mask applied to the image.
 * Matches seed_pipeline.get_segmented_lungs (../shared/conformance/cases/get_segmented_lungs).
 */
export function segmentLungs2d(
  hu: Int16Array,
  dims: readonly [number, number, number],
  p: LungMask2dParams = {},
  ctx?: JobContext,
): { mask: Uint8Array; image: Int16Array } {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  if (hu.length !== plane * nz) throw new RangeError(`volume has ${hu.length} voxels, dims ${dims.join('×')} need ${plane * nz}`);
  const threshold = p.threshold ?? -400;
  const stop = () => {
    if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', '2D lung segmentation cancelled');
  };
  const b = new Uint8Array(hu.length);
  for (let i = 0; i < hu.length; i++) b[i] = hu[i]! < threshold ? 1 : 0;
  const cleared = clearBorder(b, dims, 0, true);
  stop();
  ctx?.progress('regions', 0.2);
  const { labels, counts } = label2d(cleared, dims, 2);
  const kept = new Uint8Array(hu.length);
  for (let z = 0; z < nz; z++) {
    const n = counts[z]!;
    const base = z * plane;
    if (n === 0) continue;
    const area = new Int32Array(n + 1);
    for (let i = 0; i < plane; i++) area[labels[base + i]!]!++;
    let keep: (l: number) => boolean = (l) => l > 0;
    if (n > 2) {
      const sorted = Array.from(area.subarray(1)).sort((a, c) => a - c);
      const second = sorted[sorted.length - 2]!;
      keep = (l) => l > 0 && area[l]! >= second;
    }
    for (let i = 0; i < plane; i++) if (keep(labels[base + i]!)) kept[base + i] = 1;
  }
  stop();
  ctx?.progress('erosion and closing', 0.4);
  const eroded = binaryErosion(kept, dims, 2, { footprint: 'disk' });
  const closed = binaryClosing(eroded, dims, 10, { footprint: 'disk' });
  stop();
  ctx?.progress('edges and holes', 0.8);
  const edges = roberts(closed, dims, true);
  const edgeMask = new Uint8Array(hu.length);
  for (let i = 0; i < hu.length; i++) edgeMask[i] = edges[i] !== 0 ? 1 : 0;
  const { mask } = fillHoles(edgeMask, dims, { dim: 2 });
  const fill = p.fillValue ?? 0;
  const image = new Int16Array(hu.length);
  for (let i = 0; i < hu.length; i++) image[i] = mask[i] ? hu[i]! : fill;
  return { mask, image };
}
