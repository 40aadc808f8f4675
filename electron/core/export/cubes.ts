import { LungDeskError } from '../../common/errors';
import { npyHeader } from '../io/write/npy-writer';
import { bridgeMissingSlices } from '../volume/bridge-missing-slices';
import type { CaseExporter, ExportCase, ExportContext, ExportedFile } from './case-model';
import { cubeGrid, sampleHuCube, sampleMaskCube } from './cube-grid';
import { cubeLesions, formatCubeIndex } from './cube-index';
import { writeExportFile } from './export-file';
import { voxelToWorldOf } from './manifest';

/**
 * Nodule cubes (format `cubes`): per lesion a fixed-size cube of `options.cubeMm` at
 * `options.cubeSpacingMm` around its world centre, along the scan's own axes (see
 * cube-grid.ts for the grid and the samplers):
 *
 * - `cubes/{caseId}_{ordinal}_{pos|neg}_image.npy`: int16 HU, shape (n, n, n) z, y, x,
 *   trilinear; outside the scan and outside its field of view −1000 (air).
 * - `..._mask.npy`: uint8, same grid, nearest neighbour: 1 = this lesion's own voxels
 *   (`ExportCase.lesionVoxels`; a positive without its own voxels gets every voxel of the
 *   labelmap's nodule label as 1), 2 = another exported nodule (the labelmap's nodule label
 *   outside this lesion), 0 elsewhere. `mask > 0` is the semantic nodule mask, `mask == 1`
 *   the lesion's instance; a negative's mask is 0 unless a positive reaches into its cube.
 *
 * Positives are the plan's lesions with role 'positive'; negatives (role 'negative':
 * rejected lesions and candidates.csv class-0 rows) are written when `options.negatives`.
 * `finish` writes `cubes/index.csv` (cube-index.ts).
 */

const NODULE_OTHER = 2;

async function writeCubes(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
  const { plan } = c;
  const lesions = cubeLesions(plan, ctx.options);
  if (!lesions.length) return [];
  const { dims } = c.volume;
  if (c.labelmap.length !== c.volume.voxels.length) {
    throw new LungDeskError('contract.bad-input', `${plan.caseId}: labelmap has ${c.labelmap.length} voxels, the volume ${c.volume.voxels.length}`);
  }
  // A missing slice holds padding: interpolate across it as the pipelines do, on a copy
  // (the case's volume is shared with the other formats).
  let hu = c.volume.voxels;
  if (plan.missingSlices.length) {
    hu = hu.slice();
    bridgeMissingSlices({ voxels: hu, dims }, plan.missingSlices);
  }
  const nodule = ctx.labels.nodule;
  const labelmap = c.labelmap;
  const files: ExportedFile[] = [];
  for (const { lesion, image, mask } of lesions) {
    if (ctx.signal?.aborted) throw new LungDeskError('job.cancelled', `cube export of ${plan.caseId} cancelled`);
    const grid = cubeGrid(c.volume, lesion.center, ctx.options.cubeMm, ctx.options.cubeSpacingMm);
    const shape = [grid.n, grid.n, grid.n];
    const img = sampleHuCube(hu, dims, grid);
    const voxelToWorld = voxelToWorldOf({ origin: grid.origin, direction: grid.direction, spacing: [grid.spacingMm, grid.spacingMm, grid.spacingMm] });
    files.push({ ...(await writeExportFile(ctx.outDir, image, [npyHeader(shape, '<i2'), new Uint8Array(img.buffer, img.byteOffset, img.byteLength)], 'cube')), voxelToWorld });
    const own = lesion.role === 'positive' ? c.lesionVoxels.get(lesion.key) : undefined;
    let valueAt: (i: number) => number;
    if (own) {
      const set = new Set(own);
      valueAt = (i) => (set.has(i) ? 1 : labelmap[i] === nodule ? NODULE_OTHER : 0);
    } else {
      const inside = lesion.role === 'positive' ? 1 : NODULE_OTHER;
      valueAt = (i) => (labelmap[i] === nodule ? inside : 0);
    }
    const m = sampleMaskCube(dims, grid, valueAt);
    files.push({ ...(await writeExportFile(ctx.outDir, mask, [npyHeader(shape, '|u1'), m], 'cube-mask')), voxelToWorld });
  }
  return files;
}

export const cubesExporter: CaseExporter = {
  format: 'cubes',
  writeCase: writeCubes,
  async finish(cases, ctx) {
    const text = formatCubeIndex(cases, ctx.options);
    return [await writeExportFile(ctx.outDir, 'cubes/index.csv', [Buffer.from(text, 'utf8')], 'index')];
  },
};
