import { describe, expect, it } from 'vitest';
import { keepIslandAt, keepLargestIsland, listIslands, removeSmallIslands } from '../../../../renderer/features/mask-editor/model/islands';
import type { LabelGrid } from '../../../../renderer/features/mask-editor/model/voxel-edit';
import { type Grid, toGrid, volume } from '../../../helpers/grid';
import { applyEdit, expectWellFormed } from '../../../helpers/label-grids';

function gridOf(drawn: Grid, spacing: [number, number, number] = [1, 1, 1]): LabelGrid {
  const { data, dims } = volume(drawn);
  return { dims, spacing, labels: data };
}

// A corner chain through three slices, a 2-voxel bar, and label 3 beside it (not ours).
const CHAIN: Grid = [
  [
    [1, 0, 0, 0],
    [0, 0, 0, 3],
  ],
  [
    [0, 1, 0, 0],
    [0, 0, 0, 3],
  ],
  [
    [0, 0, 1, 1],
    [0, 0, 0, 0],
  ],
];

describe('islands', () => {
  it('joins voxels touching by a corner with connectivity 26 and splits them with 6', () => {
    const g = gridOf(CHAIN);
    expect(listIslands(g, 1).map((i) => i.voxels)).toEqual([4]);
    expect(listIslands(g, 1, { connectivity: 6 }).map((i) => i.voxels)).toEqual([1, 1, 2]);
    expect(listIslands(g, 1, { connectivity: 6 }).map((i) => i.firstVoxel)).toEqual([0, 9, 18]);
  });

  it('keeps the largest island and removes the rest; the first in raster order wins a tie', () => {
    const g = gridOf(CHAIN);
    const edit = keepLargestIsland(g, 1, { connectivity: 6 });
    expectWellFormed(edit, g);
    expect(Array.from(edit.remove)).toEqual([0, 9]);
    const tie = gridOf([
      [
        [1, 0, 1],
        [0, 0, 0],
      ],
    ]);
    expect(Array.from(keepLargestIsland(tie, 1).remove)).toEqual([2]);
  });

  it('removes islands strictly below a volume in mm³, measured with the spacing', () => {
    const g = gridOf(CHAIN, [0.5, 0.5, 2]); // a voxel is 0.5 mm³
    expect(Array.from(removeSmallIslands(g, 1, 1, { connectivity: 6 }).remove)).toEqual([0, 9]);
    expect(removeSmallIslands(g, 1, 0.5, { connectivity: 6 }).remove.length).toBe(0);
    expect(removeSmallIslands(g, 1, 2.01).remove.length).toBe(4);
    expect(() => removeSmallIslands(g, 1, -1)).toThrow(RangeError);
  });

  it('keeps only the island under the click, and does nothing for a click beside the label', () => {
    const g = gridOf(CHAIN);
    const out = applyEdit(g, keepIslandAt(g, 1, [3, 0, 2], { connectivity: 6 }));
    expect(toGrid(out, g.dims)).toEqual([
      [
        [0, 0, 0, 0],
        [0, 0, 0, 3],
      ],
      [
        [0, 0, 0, 0],
        [0, 0, 0, 3],
      ],
      [
        [0, 0, 1, 1],
        [0, 0, 0, 0],
      ],
    ]);
    expect(keepIslandAt(g, 1, [3, 1, 0]).remove.length).toBe(0);
    expect(() => keepIslandAt(g, 1, [4, 0, 0])).toThrow(RangeError);
  });

  it('leaves other labels and the grid alone, and answers nothing for an absent label', () => {
    const g = gridOf(CHAIN);
    const before = g.labels.slice();
    for (const edit of [keepLargestIsland(g, 3, { connectivity: 6 }), removeSmallIslands(g, 1, 100)]) expect(edit.add.length).toBe(0);
    expect(g.labels).toEqual(before);
    expect(listIslands(g, 9)).toEqual([]);
    expect(keepLargestIsland(g, 9).remove.length).toBe(0);
  });

  it('joins runs that meet only at a corner across rows in the same slice (26) and not with 6', () => {
    const g = gridOf([
      [
        [1, 1, 0, 0, 0],
        [0, 0, 1, 1, 0],
        [1, 0, 0, 0, 1],
      ],
    ]);
    expect(listIslands(g, 1).map((i) => i.voxels)).toEqual([5, 1]);
    expect(listIslands(g, 1, { connectivity: 6 }).map((i) => i.voxels)).toEqual([2, 2, 1, 1]);
  });
});
