import { LungDeskError } from '../../common/errors';
import type { SparseMask } from '../annotations/lidc/sparse-mask';

/**
 * A SparseMask as run lengths, for storing and sending small annotation masks as plain
 * numbers (JSON, a TEXT column) instead of bytes.
 *
 * The box's voxels are read in the mask's own order (x fastest, then y, then z) and written
 * as alternating run lengths starting with a run of 0s (which may be 0 long):
 * [0s, 1s, 0s, 1s, …]. The runs add up to the box's voxel count.
 *
 * >>> encodeMaskRle({ bbox: {x0:0,y0:0,z0:0,x1:3,y1:0,z1:0}, mask: [0,1,1,0] }).runs
 * [1, 2, 1]
 */
export interface RleMask {
  bbox: SparseMask['bbox'];
  runs: number[];
}

const boxVoxels = (b: SparseMask['bbox']): number => (b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1) * (b.z1 - b.z0 + 1);

export function encodeMaskRle(m: SparseMask): RleMask {
  const runs: number[] = [];
  let value = 0;
  let run = 0;
  for (let i = 0; i < m.mask.length; i++) {
    const v = m.mask[i] ? 1 : 0;
    if (v === value) run++;
    else {
      runs.push(run);
      value = v;
      run = 1;
    }
  }
  runs.push(run);
  return { bbox: { ...m.bbox }, runs };
}

/** The mask back; io.bad-header when the runs do not fill the box exactly (a corrupt row). */
export function decodeMaskRle(r: RleMask, what = 'mask'): SparseMask {
  const n = boxVoxels(r.bbox);
  if (!(n > 0) || !Number.isFinite(n)) throw new LungDeskError('io.bad-header', `${what}: bad box ${JSON.stringify(r.bbox)}`);
  const mask = new Uint8Array(n);
  let at = 0;
  let value = 0;
  for (const run of r.runs) {
    if (!Number.isInteger(run) || run < 0 || at + run > n) throw new LungDeskError('io.bad-header', `${what}: run lengths overflow the ${n}-voxel box`);
    if (value) mask.fill(1, at, at + run);
    at += run;
    value ^= 1;
  }
  if (at !== n) throw new LungDeskError('io.bad-header', `${what}: run lengths cover ${at} of the box's ${n} voxels`);
  return { bbox: { ...r.bbox }, mask };
}
