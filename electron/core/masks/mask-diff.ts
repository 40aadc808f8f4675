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
 * bytes at a time when both grids are 4-byte aligned (masks differ in few places). Two
 * passes: the first counts runs and voxels, so the result is exact-size typed arrays even
 * when millions of voxels differ (a lung mask against its dilation).
 */
export function diffMasks(a: Uint8Array, b: Uint8Array): MaskDiff {
  if (a.length !== b.length) throw new LungDeskError('contract.bad-input', `masks of ${a.length} and ${b.length} voxels are not on one grid`);
  let runCount = 0;
  let voxelCount = 0;
  scanDiff(a, b, (_start, length) => {
    runCount++;
    voxelCount += length;
  });
  const runs = new Uint32Array(2 * runCount);
  const values = new Uint8Array(voxelCount);
  const before = new Uint8Array(voxelCount);
  const delta = emptyDelta();
  let r = 0;
  let v = 0;
  scanDiff(a, b, (start, length) => {
    runs[r++] = start;
    runs[r++] = length;
    for (let i = start; i < start + length; i++, v++) {
      const x = a[i]!;
      const y = b[i]!;
      values[v] = y;
      before[v] = x;
      delta.removed[x]!++;
      delta.added[y]!++;
    }
  });
  return { runs, values, before, delta };
}

/** Calls `onRun(start, length)` for each maximal run of voxels where a and b differ, in order. */
function scanDiff(a: Uint8Array, b: Uint8Array, onRun: (start: number, length: number) => void): void {
  const n = a.length;
  const aligned = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0;
  const words = aligned ? n >>> 2 : 0;
  const a32 = aligned ? new Uint32Array(a.buffer, a.byteOffset, words) : new Uint32Array(0);
  const b32 = aligned ? new Uint32Array(b.buffer, b.byteOffset, words) : new Uint32Array(0);
  let i = 0;
  while (i < n) {
    if ((i & 3) === 0) {
      let w = i >>> 2;
      while (w < words && a32[w] === b32[w]) w++;
      i = Math.max(i, w << 2);
      if (i >= n) break;
    }
    if (a[i] === b[i]) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && a[i] !== b[i]) i++;
    onRun(start, i - start);
  }
}

/** Per label 1..255 that changed: voxels added and removed (label 0, background, is left out). */
export function deltaPerLabel(delta: LabelDelta): { label: number; added: number; removed: number }[] {
  const out: { label: number; added: number; removed: number }[] = [];
  for (let l = 1; l < 256; l++) {
    if (delta.added[l] || delta.removed[l]) out.push({ label: l, added: delta.added[l]!, removed: delta.removed[l]! });
  }
  return out;
}
