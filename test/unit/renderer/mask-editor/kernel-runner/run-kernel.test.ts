import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES, type KernelRequest } from '../../../../../renderer/features/mask-editor/kernel-runner/kernel-request';
import { runKernel } from '../../../../../renderer/features/mask-editor/kernel-runner/run-kernel';
import { fillBetweenSlices } from '../../../../../renderer/features/mask-editor/model/interpolate';
import { keepIslandAt, keepLargestIsland, removeSmallIslands } from '../../../../../renderer/features/mask-editor/model/islands';
import { growLabel, shrinkLabel } from '../../../../../renderer/features/mask-editor/model/margin';
import { smoothLabel } from '../../../../../renderer/features/mask-editor/model/smooth';
import type { LabelGrid, VoxelEdit } from '../../../../../renderer/features/mask-editor/model/voxel-edit';
import { emptyGrid, paintBlobs } from '../../../../helpers/label-grids';

/** Blobs of label 2 (with specks) among blobs of label 1, on an anisotropic grid. */
function blobGrid(): LabelGrid {
  const g = emptyGrid([40, 36, 24], [0.7, 0.7, 1.25]);
  paintBlobs(g, 1, 11, 6, 7);
  paintBlobs(g, 2, 7, 5, 5, 12);
  return g;
}

/** Label 3 drawn on axial slices 3 and 9 only, label 4 on coronal slices 2 and 16 only. */
function sparseGrid(): LabelGrid {
  const g = emptyGrid([24, 22, 20], [0.8, 0.8, 2]);
  const [nx, ny] = g.dims;
  for (const z of [3, 9]) for (let y = 6; y < 15; y++) for (let x = 5; x < 13 + z; x++) (g.labels as Uint8Array)[x + nx * (y + ny * z)] = 3;
  for (const y of [2, 16]) for (let z = 4; z < 16; z++) for (let x = 5; x < 10 + y / 2; x++) (g.labels as Uint8Array)[x + nx * (y + ny * z)] = 4;
  return g;
}

function plain(edit: VoxelEdit): { label: number; add: number[]; remove: number[] } {
  return { label: edit.label, add: Array.from(edit.add), remove: Array.from(edit.remove) };
}

const blobs = blobGrid();
const sparse = sparseGrid();
const firstOf = (g: LabelGrid, label: number): [number, number, number] => {
  const i = g.labels.indexOf(label);
  const [nx, ny] = g.dims;
  return [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
};
const at = firstOf(blobs, 2);

/** Each request beside the direct kernel call it must equal. */
const CASES: { request: KernelRequest; grid: LabelGrid; direct: () => VoxelEdit }[] = [
  { request: { kernel: 'grow', label: 2, marginMm: 1.5 }, grid: blobs, direct: () => growLabel(blobs, 2, 1.5) },
  { request: { kernel: 'shrink', label: 1, marginMm: 1 }, grid: blobs, direct: () => shrinkLabel(blobs, 1, 1) },
  { request: { kernel: 'smooth', label: 2, radiusMm: 1.2 }, grid: blobs, direct: () => smoothLabel(blobs, 2, 1.2) },
  { request: { kernel: 'smooth', label: 2, radiusMm: 1.2, kind: 'close' }, grid: blobs, direct: () => smoothLabel(blobs, 2, 1.2, { kind: 'close' }) },
  { request: { kernel: 'keep-largest', label: 2 }, grid: blobs, direct: () => keepLargestIsland(blobs, 2) },
  { request: { kernel: 'keep-largest', label: 2, connectivity: 6 }, grid: blobs, direct: () => keepLargestIsland(blobs, 2, { connectivity: 6 }) },
  { request: { kernel: 'remove-small', label: 2, minVolumeMm3: 20 }, grid: blobs, direct: () => removeSmallIslands(blobs, 2, 20) },
  { request: { kernel: 'keep-at', label: 2, at }, grid: blobs, direct: () => keepIslandAt(blobs, 2, at) },
  { request: { kernel: 'interpolate', label: 3 }, grid: sparse, direct: () => fillBetweenSlices(sparse, 3) },
  { request: { kernel: 'interpolate', label: 4, axis: 'coronal' }, grid: sparse, direct: () => fillBetweenSlices(sparse, 4, { axis: 'coronal' }) },
];

describe('runKernel', () => {
  it.each(CASES.map((c) => [JSON.stringify(c.request), c] as const))('answers %s exactly as the direct kernel call does', (_, c) => {
    const before = c.grid.labels.slice();
    const edit = runKernel(c.grid, c.request);
    expect(plain(edit)).toEqual(plain(c.direct()));
    expect(edit.add.length + edit.remove.length).toBeGreaterThan(0);
    expect(c.grid.labels).toEqual(before);
  });

  it('covers every kernel name it offers', () => {
    expect(new Set(CASES.map((c) => c.request.kernel))).toEqual(new Set(KERNEL_NAMES));
  });

  it("passes a kernel's own RangeError through (a negative margin, a click off the grid)", () => {
    expect(() => runKernel(blobs, { kernel: 'grow', label: 2, marginMm: -1 })).toThrow(RangeError);
    expect(() => runKernel(blobs, { kernel: 'keep-at', label: 2, at: [99, 0, 0] })).toThrow(RangeError);
  });

  it('refuses a label outside 1..255 and a kernel it does not know with a RangeError', () => {
    expect(() => runKernel(blobs, { kernel: 'grow', label: 0, marginMm: 1 })).toThrow(/label must be an integer 1..255/);
    expect(() => runKernel(blobs, { kernel: 'grow', label: 2.5, marginMm: 1 })).toThrow(RangeError);
    const bogus = { kernel: 'dilate', label: 2 } as unknown as KernelRequest;
    expect(() => runKernel(blobs, bogus)).toThrow(/unknown mask kernel dilate/);
  });
});
