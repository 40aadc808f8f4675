import { describe, expect, it } from 'vitest';
import { growLabel, shrinkLabel } from '../../../../renderer/features/mask-editor/model/margin';
import type { LabelGrid } from '../../../../renderer/features/mask-editor/model/voxel-edit';
import { toGrid, volume } from '../../../helpers/grid';
import { applyEdit, emptyGrid, expectWellFormed, maskOf } from '../../../helpers/label-grids';

function count(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) n += v;
  return n;
}

function single(dims: [number, number, number], spacing: [number, number, number], at: [number, number, number]): LabelGrid {
  const g = emptyGrid(dims, spacing);
  (g.labels as Uint8Array)[at[0] + dims[0] * (at[1] + dims[1] * at[2])] = 2;
  return g;
}

describe('growLabel', () => {
  it('grows one voxel by 1 mm on a 1 mm grid into the 6 face neighbours (a distance equal to the margin counts)', () => {
    const g = single([5, 5, 5], [1, 1, 1], [2, 2, 2]);
    const edit = growLabel(g, 2, 1);
    expectWellFormed(edit, g);
    expect(edit.remove.length).toBe(0);
    expect(edit.add.length).toBe(6);
    expect(count(maskOf(applyEdit(g, edit), 2))).toBe(7);
  });

  it('grows by √2 mm into the 18-neighbourhood and by √3 mm into all 26', () => {
    const g = single([5, 5, 5], [1, 1, 1], [2, 2, 2]);
    expect(growLabel(g, 2, Math.SQRT2 + 1e-9).add.length).toBe(18);
    expect(growLabel(g, 2, Math.sqrt(3) + 1e-9).add.length).toBe(26);
  });

  it('measures in mm, not voxels: 1.5 mm on 1×1×2 mm voxels reaches the in-plane diagonals (1.41 mm) but not the next slice (2 mm)', () => {
    const g = single([5, 5, 5], [1, 1, 2], [2, 2, 2]);
    const out = applyEdit(g, growLabel(g, 2, 1.5));
    expect(toGrid(maskOf(out, 2), g.dims)[1]).toEqual(Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]));
    expect(toGrid(maskOf(out, 2), g.dims)[2]).toEqual([
      [0, 0, 0, 0, 0],
      [0, 1, 1, 1, 0],
      [0, 1, 1, 1, 0],
      [0, 1, 1, 1, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('adds over voxels of other labels (locks are the edit buffer’s job) and clips at the grid edge', () => {
    const { data, dims } = volume([
      [
        [2, 3, 0],
        [0, 0, 0],
      ],
    ]);
    const g: LabelGrid = { dims, spacing: [1, 1, 1], labels: data };
    const edit = growLabel(g, 2, 1);
    expect(Array.from(edit.add)).toEqual([1, 3]);
  });

  it('answers an empty edit for an absent label or a zero margin, rejects a negative one, and never writes the grid', () => {
    const g = single([4, 4, 4], [1, 1, 1], [1, 1, 1]);
    const before = g.labels.slice();
    expect(growLabel(g, 7, 3).add.length).toBe(0);
    expect(growLabel(g, 2, 0).add.length).toBe(0);
    expect(() => growLabel(g, 2, -1)).toThrow(RangeError);
    growLabel(g, 2, 2);
    expect(g.labels).toEqual(before);
  });
});

describe('shrinkLabel', () => {
  it('shrinks a 3×3×3 cube by 1 mm to its centre voxel', () => {
    const g = emptyGrid([5, 5, 5]);
    for (let z = 1; z <= 3; ++z) for (let y = 1; y <= 3; ++y) for (let x = 1; x <= 3; ++x) (g.labels as Uint8Array)[x + 5 * (y + 5 * z)] = 1;
    const edit = shrinkLabel(g, 1, 1);
    expectWellFormed(edit, g);
    expect(edit.add.length).toBe(0);
    expect(edit.remove.length).toBe(26);
    expect(Array.from(maskOf(applyEdit(g, edit), 1).keys()).filter((i) => applyEdit(g, edit)[i] === 1)).toEqual([2 + 5 * (2 + 5 * 2)]);
  });

  it('counts other labels as background but not the outside of the grid (as scipy does)', () => {
    const { data, dims } = volume([
      [
        [1, 1, 1, 3],
        [1, 1, 1, 1],
      ],
    ]);
    const g: LabelGrid = { dims, spacing: [1, 1, 1], labels: data };
    const out = applyEdit(g, shrinkLabel(g, 1, 1));
    expect(toGrid(out, dims)).toEqual([
      [
        [1, 1, 0, 3],
        [1, 1, 1, 0],
      ],
    ]);
  });
});
