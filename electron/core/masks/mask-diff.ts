import { LungDeskError } from '../../common/errors';
import { emptyDelta, type LabelDelta } from './mask-runs';

/** What `b` changed against `a`: the differing voxels as runs with b's labels, and a's labels there. */
export interface MaskDiff {
  runs: Uint32Array;
  values: Uint8Array;
  before: Uint8Array;
  delta: LabelDelta;
}

/**
 * Compares two masks on the same grid voxel by voxel. Equal stretches are skipped four
 * bytes at a time when both grids are 4-byte aligned (masks differ in few places).
 */
export function diffMasks(a: Uint8Array, b: Uint8Array): MaskDiff {
  if (a.length !== b.length) throw new LungDeskError('contract.bad-input', `masks of ${a.length} and ${b.length} voxels are not on one grid`);
  const n = a.length;
  const runs: number[] = [];
  const values: number[] = [];
  const before: number[] = [];
  const delta = emptyDelta();
  const words = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 ? n >>> 2 : 0;
  const a32 = new Uint32Array(a.buffer, a.byteOffset, words);
  const b32 = new Uint32Array(b.buffer, b.byteOffset, words);
  let runStart = -1;
  let i = 0;
  while (i < n) {
    if (runStart < 0 && (i & 3) === 0 && i >>> 2 < words && a32[i >>> 2] === b32[i >>> 2]) {
      i += 4;
      continue;
    }
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) {
      if (runStart < 0) runStart = i;
      values.push(y);
      before.push(x);
      delta.removed[x]!++;
      delta.added[y]!++;
    } else if (runStart >= 0) {
      runs.push(runStart, i - runStart);
      runStart = -1;
    }
    i++;
  }
  if (runStart >= 0) runs.push(runStart, n - runStart);
  return { runs: Uint32Array.from(runs), values: Uint8Array.from(values), before: Uint8Array.from(before), delta };
}

/** Per label 1..255 that changed: voxels added and removed (label 0, background, is left out). */
export function deltaPerLabel(delta: LabelDelta): { label: number; added: number; removed: number }[] {
  const out: { label: number; added: number; removed: number }[] = [];
  for (let l = 1; l < 256; l++) {
    if (delta.added[l] || delta.removed[l]) out.push({ label: l, added: delta.added[l]!, removed: delta.removed[l]! });
  }
  return out;
}
