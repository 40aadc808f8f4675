import { describe, expect, it } from 'vitest';
import { smoothLabel } from '../../../../renderer/features/mask-editor/model/smooth';
import type { LabelGrid } from '../../../../renderer/features/mask-editor/model/voxel-edit';
import { toGrid } from '../../../helpers/grid';
import { applyEdit, emptyGrid, expectWellFormed, maskOf } from '../../../helpers/label-grids';

function fill(g: LabelGrid, label: number, inside: (x: number, y: number, z: number) => boolean): void {
  const [nx, ny, nz] = g.dims;
  for (let z = 0; z < nz; ++z) for (let y = 0; y < ny; ++y) for (let x = 0; x < nx; ++x) if (inside(x, y, z)) (g.labels as Uint8Array)[x + nx * (y + ny * z)] = label;
}

describe('smoothLabel', () => {
  it('removes a speck and a one-voxel spike, fills a one-voxel hole and notch, keeps flat faces (1.5 mm ball on 1 mm voxels: the 18-neighbourhood)', () => {
    const g = emptyGrid([16, 16, 12]);
    fill(g, 1, (x, y, z) => x >= 3 && x < 12 && y >= 3 && y < 12 && z >= 3 && z < 9); // a 9×9×6 block
    const L = g.labels as Uint8Array;
    const at = (x: number, y: number, z: number): number => x + 16 * (y + 16 * z);
    L[at(14, 14, 1)] = 1; // speck
    L[at(12, 7, 5)] = 1; // spike out of the +x face
    L[at(7, 7, 5)] = 0; // hole
    L[at(3, 5, 6)] = 0; // notch in the −x face
    const edit = smoothLabel(g, 1, 1.5);
    expectWellFormed(edit, g);
    const out = maskOf(applyEdit(g, edit), 1);
    for (const [x, y, z, v] of [
      [14, 14, 1, 0],
      [12, 7, 5, 0],
      [7, 7, 5, 1],
      [3, 5, 6, 1],
      [3, 7, 5, 1], // a face voxel stays
    ] as const) {
      expect(out[at(x, y, z)], `(${x}, ${y}, ${z})`).toBe(v);
    }
  });

  it('leaves a slab with flat faces through the whole grid unchanged, also at the grid edge (outside is not background)', () => {
    const g = emptyGrid([10, 10, 12], [0.75, 0.75, 1.25]);
    fill(g, 2, (_x, _y, z) => z >= 4 && z < 9);
    expect(smoothLabel(g, 2, 1.5).add.length + smoothLabel(g, 2, 1.5).remove.length).toBe(0);
  });

  it('measures the ball in mm: a 1-voxel-thick sheet survives a 1 mm opening on 2 mm slices only if it lies across them', () => {
    const g = emptyGrid([9, 9, 9], [0.5, 0.5, 2]);
    fill(g, 1, (_x, _y, z) => z === 4); // one slice thick (2 mm): the ball reaches no other slice
    expect(smoothLabel(g, 1, 1, { kind: 'open' }).remove.length).toBe(0);
    const h = emptyGrid([9, 9, 9], [0.5, 0.5, 2]);
    fill(h, 1, (x) => x === 4); // one 0.5 mm pixel thick: thinner than the ball
    expect(smoothLabel(h, 1, 1, { kind: 'open' }).remove.length).toBe(81);
  });

  it('closes only, or opens only, when asked', () => {
    const g = emptyGrid([7, 7, 1]);
    fill(g, 1, (x, y) => x >= 1 && x < 6 && y >= 1 && y < 6 && !(x === 3 && y === 3));
    (g.labels as Uint8Array)[0] = 1;
    const closed = toGrid(maskOf(applyEdit(g, smoothLabel(g, 1, 1, { kind: 'close' })), 1), g.dims)[0]!;
    expect(closed[3]![3]).toBe(1);
    expect(closed[0]![0]).toBe(1);
    const opened = toGrid(maskOf(applyEdit(g, smoothLabel(g, 1, 1, { kind: 'open' })), 1), g.dims)[0]!;
    expect(opened[0]![0]).toBe(0);
    expect(opened[3]![3]).toBe(0);
  });

  it('answers nothing for an absent label or radius 0, rejects a negative radius, never writes the grid', () => {
    const g = emptyGrid([5, 5, 5]);
    fill(g, 1, (x, y, z) => x === 2 && y === 2 && z === 2);
    const before = g.labels.slice();
    expect(smoothLabel(g, 3, 2).remove.length).toBe(0);
    expect(smoothLabel(g, 1, 0).remove.length).toBe(0);
    expect(() => smoothLabel(g, 1, -1)).toThrow(RangeError);
    expect(smoothLabel(g, 1, 1).remove.length).toBe(1);
    expect(g.labels).toEqual(before);
  });
});
