import type { MaskRuns } from '../../../../electron/common/contract';

/** Diff labelmap values: a voxel version b has and a had not (or had another label), and one b lost. */
export const DIFF_ADDED = 1;
export const DIFF_REMOVED = 2;

/**
 * The voxels version b changed against version a as a labelmap of `n` voxels: DIFF_ADDED
 * where b holds a label a did not (a label changed counts as added), DIFF_REMOVED where b
 * cleared a label. `change` carries b's labels, `before` a's, in the same order.
 */
export function diffLabelmap(n: number, change: MaskRuns, before: Uint8Array): { map: Uint8Array; added: number; removed: number } {
  const map = new Uint8Array(n);
  let v = 0;
  let added = 0;
  let removed = 0;
  for (let k = 0; k < change.runs.length; k += 2) {
    const start = change.runs[k]!;
    const end = Math.min(n, start + change.runs[k + 1]!);
    for (let i = start; i < end; i++, v++) {
      if (change.values[v]! !== 0) {
        map[i] = DIFF_ADDED;
        added++;
      } else if (before[v]! !== 0) {
        map[i] = DIFF_REMOVED;
        removed++;
      }
    }
  }
  return { map, added, removed };
}
