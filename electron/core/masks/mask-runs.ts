import { LungDeskError } from '../../common/errors';

/**
 * Run-length changes on a mask grid (`MaskRuns` of the contract): flat indices x fastest
 * (i = x + nx·(y + ny·z)), runs as (start, length) pairs, ascending and disjoint, and one
 * label byte per covered voxel in run order.
 */

/** Voxels a label gained and lost in one change, indexed by label 0..255. */
export interface LabelDelta {
  added: Float64Array;
  removed: Float64Array;
}

export function emptyDelta(): LabelDelta {
  return { added: new Float64Array(256), removed: new Float64Array(256) };
}

/**
 * Checks a change against a grid of `voxelCount` voxels: pairs, non-empty runs, ascending
 * and disjoint, inside the grid, and exactly one value per covered voxel. Labels are bytes,
 * so 0..255 holds by type. Throws contract.bad-input saying what is wrong and where.
 */
export function checkMaskRuns(runs: Uint32Array, values: Uint8Array, voxelCount: number, what: string): void {
  const bad = (message: string): never => {
    throw new LungDeskError('contract.bad-input', `${what}: ${message}`);
  };
  if (runs.length % 2 !== 0) bad(`runs holds ${runs.length} numbers, not (start, length) pairs`);
  let covered = 0;
  let end = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    const length = runs[r + 1]!;
    if (length === 0) bad(`run ${r / 2} is empty`);
    if (r > 0 && start < end) bad(`run ${r / 2} starts at ${start}, before the end of the previous run (${end}): runs must be ascending and disjoint`);
    end = start + length;
    if (end > voxelCount) bad(`run ${r / 2} (${start} + ${length}) leaves the grid of ${voxelCount} voxels`);
    covered += length;
  }
  if (values.length !== covered) bad(`values holds ${values.length} labels, the runs cover ${covered} voxels`);
}

/**
 * Writes the change into `grid` (in place) and returns what each label gained and lost.
 * Call `checkMaskRuns` first: this trusts the runs.
 */
export function applyMaskRuns(grid: Uint8Array, runs: Uint32Array, values: Uint8Array): LabelDelta {
  const delta = emptyDelta();
  let v = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r]!;
    const end = start + runs[r + 1]!;
    for (let i = start; i < end; i++, v++) {
      const before = grid[i]!;
      const after = values[v]!;
      if (before === after) continue;
      delta.removed[before]!++;
      delta.added[after]!++;
      grid[i] = after;
    }
  }
  return delta;
}
