import { binaryDilation, voxelRadiiForMm } from '../../native/morphology';
import { boxDims, boxMaskOverlap, type BoxMask } from '../../electron/core/volume/box-mask';

/** The truth mask dilated by a ball of `mm` (an ellipsoid in voxels), on a box grown to hold it. */
export function dilateTruth(truth: BoxMask, spacing: readonly [number, number, number], dims: readonly [number, number, number], mm: number): BoxMask {
  const r = voxelRadiiForMm(mm, spacing);
  const t = truth.box;
  const box = {
    x0: Math.max(0, t.x0 - r[0]), y0: Math.max(0, t.y0 - r[1]), z0: Math.max(0, t.z0 - r[2]),
    x1: Math.min(dims[0] - 1, t.x1 + r[0]), y1: Math.min(dims[1] - 1, t.y1 + r[1]), z1: Math.min(dims[2] - 1, t.z1 + r[2]),
  };
  const [bx, by, bz] = boxDims(box);
  const [tx, ty] = boxDims(t);
  const m = new Uint8Array(bx * by * bz);
  for (let z = t.z0; z <= t.z1; z++) {
    for (let y = t.y0; y <= t.y1; y++) {
      for (let x = t.x0; x <= t.x1; x++) {
        if (truth.mask[x - t.x0 + tx * (y - t.y0 + ty * (z - t.z0))]) m[x - box.x0 + bx * (y - box.y0 + by * (z - box.z0))] = 1;
      }
    }
  }
  return { box, mask: binaryDilation(m, [bx, by, bz], r) };
}

/** Dice against the truth, and how many segmented voxels lie outside the truth dilated by `leakMm` (vessel or wall taken in). */
export function scoreAgainstTruth(seg: BoxMask, truth: BoxMask, spacing: readonly [number, number, number], dims: readonly [number, number, number], leakMm = 2) {
  const o = boxMaskOverlap(seg, truth);
  const near = boxMaskOverlap(seg, dilateTruth(truth, spacing, dims, leakMm));
  return { dice: o.dice, voxels: o.a, truthVoxels: o.b, leak: o.a - near.both };
}
