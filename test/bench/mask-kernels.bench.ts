// The renderer mask editor's whole-label kernels (pure TypeScript, run in the renderer) on a
// 512×512×300 scan, each beside a baseline measured in the same run: the native C++ kernel
// doing the nearest job on the whole grid, or one 2D EDT of a slice for fill between slices
// (issue 12 goal: fill between slices over 20 slices of a nodule ≤ 500 ms).
import { label3d } from '../../native';
import { binaryDilationMm } from '../../native/morphology';
import { squaredDistanceTo } from '../../renderer/features/mask-editor/model/distance-transform';
import { fillBetweenSlices } from '../../renderer/features/mask-editor/model/interpolate';
import { keepLargestIsland, removeSmallIslands } from '../../renderer/features/mask-editor/model/islands';
import { growLabel, shrinkLabel } from '../../renderer/features/mask-editor/model/margin';
import { smoothLabel } from '../../renderer/features/mask-editor/model/smooth';
import type { LabelGrid } from '../../renderer/features/mask-editor/model/voxel-edit';
import { fmt, medianMs } from './util';

const dims = [512, 512, 300] as const;
const spacing = [0.703125, 0.703125, 1.25] as const;
const n = dims[0] * dims[1] * dims[2];

// Both lungs as ellipsoids, sparse specks (islands to remove), and a nodule (label 2).
const lung = new Uint8Array(n);
for (let z = 0; z < dims[2]; z++) {
  for (let y = 0; y < dims[1]; y++) {
    for (let x = 0; x < dims[0]; x++) {
      const dz = (z - 150) / 130;
      const dy = (y - 256) / 150;
      const l = ((x - 170) / 80) ** 2 + dy * dy + dz * dz;
      const r = ((x - 342) / 80) ** 2 + dy * dy + dz * dz;
      const i = x + dims[0] * (y + dims[1] * z);
      lung[i] = l < 1 || r < 1 || (i * 2654435761) % 100000 < 3 ? 1 : 0;
    }
  }
}
const lungGrid: LabelGrid = { dims, spacing, labels: lung };

console.log(`lung mask ${dims.join('×')}, spacing ${spacing.join('×')} mm`);
console.log(`  baseline native label3d (C++, 26, whole grid): ${fmt(medianMs(3, () => void label3d(lung, dims, 3)))}`);
console.log(`  keepLargestIsland (26):                        ${fmt(medianMs(3, () => void keepLargestIsland(lungGrid, 1)))}`);
console.log(`  removeSmallIslands 10 mm³ (6):                 ${fmt(medianMs(3, () => void removeSmallIslands(lungGrid, 1, 10, { connectivity: 6 })))}`);
console.log(`  baseline native binaryDilationMm 3 mm (C++):   ${fmt(medianMs(1, () => void binaryDilationMm(lung, dims, spacing, 3)))}`);
console.log(`  growLabel 3 mm:                                ${fmt(medianMs(1, () => void growLabel(lungGrid, 1, 3)))}`);
console.log(`  shrinkLabel 3 mm:                              ${fmt(medianMs(1, () => void shrinkLabel(lungGrid, 1, 3)))}`);
console.log(`  smoothLabel 2 mm (open + close):               ${fmt(medianMs(1, () => void smoothLabel(lungGrid, 1, 2)))}`);

// A 20 mm nodule drawn on two axial slices 20 apart (radius 6 mm and 10 mm), in the same scan.
const nodule = new Uint8Array(n);
const paintDisk = (z: number, rMm: number): void => {
  for (let y = 0; y < dims[1]; y++)
    for (let x = 0; x < dims[0]; x++)
      if (((x - 300) * spacing[0]) ** 2 + ((y - 200) * spacing[1]) ** 2 <= rMm * rMm) nodule[x + dims[0] * (y + dims[1] * z)] = 2;
};
paintDisk(140, 6);
paintDisk(160, 10);
const noduleGrid: LabelGrid = { dims, spacing, labels: nodule };
const slice = nodule.subarray(160 * dims[0] * dims[1], 161 * dims[0] * dims[1]).map((v) => (v === 2 ? 1 : 0));
const sliceDist = new Float64Array(slice.length);
const base = medianMs(5, () => squaredDistanceTo(slice, 1, [dims[0], dims[1], 1], [spacing[0], spacing[1], 1], sliceDist));
const fill = medianMs(5, () => void fillBetweenSlices(noduleGrid, 2));
console.log(`nodule drawn on slices 140 and 160 (19 skipped)`);
console.log(`  baseline one 2D EDT of a 512×512 slice:        ${fmt(base)}`);
console.log(`  fillBetweenSlices (goal ≤ 500 ms):             ${fmt(fill)} = ${(fill.median / base.median).toFixed(1)}× the baseline, ${fill.median <= 500 ? 'meets' : 'MISSES'} the goal`);
