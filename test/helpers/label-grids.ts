// Label grids made by code for the mask-editor kernels' tests: seeded random blobs, and the
// edit buffer's arithmetic (apply a VoxelEdit to a copy) so a test can look at the result.
import { expect } from 'vitest';
import { mulberry32 as prng } from '../../electron/core/phantom/prng';
import type { LabelGrid, VoxelEdit } from '../../renderer/features/mask-editor/model/voxel-edit';

/** The phantom's deterministic generator (mulberry32), so a failing case can be replayed. */
export { prng };

/** An empty grid of the given size and spacing. */
export function emptyGrid(dims: [number, number, number], spacing: [number, number, number] = [1, 1, 1]): LabelGrid {
  return { dims, spacing, labels: new Uint8Array(dims[0] * dims[1] * dims[2]) };
}

/**
 * Paints `count` random ellipsoids (radii 1..maxRadius voxels) and `specks` single voxels of
 * `label` into `grid`, seeded, so components of every size and touching-by-a-corner cases occur.
 */
export function paintBlobs(grid: LabelGrid, label: number, seed: number, count: number, maxRadius: number, specks = 0): void {
  const [nx, ny, nz] = grid.dims;
  const rnd = prng(seed);
  const labels = grid.labels as Uint8Array;
  for (let b = 0; b < count; ++b) {
    const c = [rnd() * nx, rnd() * ny, rnd() * nz];
    const r = [1 + rnd() * (maxRadius - 1), 1 + rnd() * (maxRadius - 1), 1 + rnd() * (maxRadius - 1)];
    for (let z = Math.max(0, Math.floor(c[2]! - r[2]!)); z <= Math.min(nz - 1, Math.ceil(c[2]! + r[2]!)); ++z)
      for (let y = Math.max(0, Math.floor(c[1]! - r[1]!)); y <= Math.min(ny - 1, Math.ceil(c[1]! + r[1]!)); ++y)
        for (let x = Math.max(0, Math.floor(c[0]! - r[0]!)); x <= Math.min(nx - 1, Math.ceil(c[0]! + r[0]!)); ++x) {
          const q = ((x - c[0]!) / r[0]!) ** 2 + ((y - c[1]!) / r[1]!) ** 2 + ((z - c[2]!) / r[2]!) ** 2;
          if (q <= 1) labels[x + nx * (y + ny * z)] = label;
        }
  }
  for (let s = 0; s < specks; ++s) labels[Math.floor(rnd() * labels.length)] = label;
}

/** The grid's labels after the edit buffer applies `edit` with no locks. */
export function applyEdit(grid: LabelGrid, edit: VoxelEdit): Uint8Array {
  const out = grid.labels.slice();
  for (const i of edit.remove) if (out[i] === edit.label) out[i] = 0;
  for (const i of edit.add) out[i] = edit.label;
  return out;
}

/** 0/1 of `labels === label`. */
export function maskOf(labels: Uint8Array, label: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; ++i) out[i] = labels[i] === label ? 1 : 0;
  return out;
}

/** Checks the VoxelEdit promises: ascending, no duplicates, inside the grid. */
export function expectWellFormed(edit: VoxelEdit, grid: LabelGrid): void {
  for (const list of [edit.add, edit.remove]) {
    for (let k = 1; k < list.length; ++k) expect(list[k]! > list[k - 1]!).toBe(true);
    if (list.length > 0) expect(list[list.length - 1]!).toBeLessThan(grid.labels.length);
  }
}

/** Where two 0/1 arrays differ: a count and the first few flat indices, for a readable failure. */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): { count: number; first: number[] } {
  const first: number[] = [];
  let count = 0;
  for (let i = 0; i < a.length; ++i) {
    if ((a[i] !== 0) !== (b[i] !== 0)) {
      ++count;
      if (first.length < 5) first.push(i);
    }
  }
  return { count, first };
}
