import { directContext } from '../../common/jobs';
import type { Mat3 } from '../../common/geometry';
import { npyHeader } from '../io/write/npy-writer';
import { resampleGrid } from '../../../native/resample';
import { SEED_NORMALIZATION } from '../pipelines/normalize';
import { bytesOf, descrOf, preprocessVolume, withHeader, type PreprocessParams, type PreprocessSink, type PreprocessSummary } from '../pipelines/preprocess';
import type { CaseExporter, ExportCase, ExportContext, ExportedFile } from './case-model';
import { writeExportFile } from './export-file';

/**
 * The seed's per-patient arrays (format `npy`), under `npy/{caseId}/`: `lungdesk
 * preprocess`'s pipeline (preprocessVolume: 1 mm, cubic resampling, 5 mm dilation, the
 * tutorial's normalisation) fed with the reviewed masks instead of recomputed ones.
 *
 * Same as `lungdesk preprocess` writes them:
 * - hu.npy (int16, scan grid), resampled.npy (int16, 1 mm grid).
 *
 * From the review instead of recomputed:
 * - lungmask.npy (uint8, 1 mm grid): the case labelmap's lung label, plus its nodule
 *   label (nodules overwrite lung in the labelmap, and the seed's filled mask contains what
 *   lies inside the lungs), resampled with nearest neighbour. Without a reviewed lung mask
 *   (none saved, or `labels.lung` 0) it is computed as `preprocess` does, and meta.json says so.
 * - lungmask_dilated.npy, segmented.npy: the same steps, from that mask.
 * - nodules/images_N.npy, masks_N.npy with N the lesion's ordinal (preprocess: the LUNA16
 *   row): the three axial slices around each positive lesion, its mask from the lesion's
 *   own voxels (`lesionVoxels`; without them, the labelmap's nodule label on those slices)
 *   instead of a sphere of its diameter. The centre slice comes from the full direction
 *   matrix.
 *
 * Not written: lungmask_nofill.npy (a reviewed mask has no unfilled variant),
 * nodules/masks_N_seed.npy (the tutorial's disk is made from a diameter, not a mask),
 * lungmask2d.npy / segmented2d.npy (preprocess's --seg2d). meta.json differs: no timings
 * (the bytes must repeat), but each grid's voxel-to-world transform and the masks' sources.
 */

const SPACING_MM = 1;
const DILATE_MM = 5;
const INTERP = 'cubic' as const;

function roleOf(name: string): string {
  if (name.startsWith('nodules/masks') || name.startsWith('lungmask')) return 'label';
  return 'image';
}

/** Row-major 4×4 taking (i, j, k, 1) of a grid with this per-axis step (mm) to LPS mm. */
function affine(origin: readonly number[], direction: Mat3, step: readonly number[]): number[] {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) m.push(direction[3 * r]! * step[0]!, direction[3 * r + 1]! * step[1]!, direction[3 * r + 2]! * step[2]!, origin[r]!);
  return [...m, 0, 0, 0, 1];
}

async function writeSeedArrays(c: ExportCase, ctx: ExportContext): Promise<ExportedFile[]> {
  const { plan, labelmap } = c;
  const { lung, nodule } = ctx.labels;
  const dir = `npy/${plan.caseId}`;
  const files: ExportedFile[] = [];
  const sink: PreprocessSink = async (name, a) => {
    files.push(await writeExportFile(ctx.outDir, `${dir}/${name}`, withHeader(npyHeader(a.shape, descrOf(a)), bytesOf(a)), roleOf(name)));
  };
  const reviewedLung = lung !== 0 && c.labelSources.lung.length > 0;
  let lungMask: Uint8Array | undefined;
  if (reviewedLung) {
    lungMask = new Uint8Array(labelmap.length);
    for (let i = 0; i < labelmap.length; i++) lungMask[i] = labelmap[i] === lung || labelmap[i] === nodule ? 1 : 0;
  }
  let noduleLabel: Uint32Array | undefined;
  const noduleLabelVoxels = (): Uint32Array => {
    if (noduleLabel) return noduleLabel;
    let count = 0;
    for (let i = 0; i < labelmap.length; i++) if (labelmap[i] === nodule) count++;
    noduleLabel = new Uint32Array(count);
    for (let i = 0, o = 0; i < labelmap.length; i++) if (labelmap[i] === nodule) noduleLabel[o++] = i;
    return noduleLabel;
  };
  const positives = plan.lesions.filter((l) => l.role === 'positive').sort((a, b) => a.ordinal - b.ordinal);
  const nodules: NonNullable<PreprocessParams['nodules']> = positives.map((l) => ({
    index: l.ordinal,
    center: l.center,
    diameterMm: l.diameterMm ?? 0,
    voxels: c.lesionVoxels.get(l.key) ?? noduleLabelVoxels(),
  }));
  const jobCtx = ctx.signal ? directContext({ signal: ctx.signal }) : undefined;
  const params: PreprocessParams = { spacingMm: SPACING_MM, interp: INTERP, dilateMm: DILATE_MM, nodules, missingSlices: plan.missingSlices, lungMask, keepInput: true };
  const summary = await preprocessVolume(c.volume, params, sink, jobCtx);
  const grids = gridAffines(c);
  const slabs = new Map(summary.nodules.map((n) => [n.index, n.slices]));
  for (const f of files) f.voxelToWorld = fileAffine(f.path.slice(dir.length + 1), c, grids, slabs);
  const meta = seedMeta(c, summary, reviewedLung, positives.map((l) => ({ key: l.key, own: c.lesionVoxels.has(l.key) })));
  files.push(await writeExportFile(ctx.outDir, `${dir}/meta.json`, [Buffer.from(JSON.stringify(meta, null, 1) + '\n', 'utf8')], 'meta'));
  return files;
}

/** The voxel-to-world transforms of the scan grid (hu.npy) and of the 1 mm grid (resampled.npy and what is made from it). */
function gridAffines(c: ExportCase): { hu: number[]; resampled: number[] } {
  const g = c.volume;
  const rg = resampleGrid(g.dims, g.spacing, [SPACING_MM, SPACING_MM, SPACING_MM]);
  // The zoom is corner aligned: resampled voxel k sits on scan index k·(n−1)/(m−1), so its
  // true step is that many scan voxels, not the tutorial's nominal spacing / factor.
  const step = [0, 1, 2].map((a) => (rg.dims[a]! > 1 ? (g.spacing[a]! * (g.dims[a]! - 1)) / (rg.dims[a]! - 1) : g.spacing[a]!));
  return { hu: affine(g.origin, g.direction, g.spacing), resampled: affine(g.origin, g.direction, step) };
}

/**
 * A file's voxel-to-world transform for the manifest: hu.npy the scan grid, a nodule's
 * three slices the scan grid from its first slice (none when a slice repeats at the scan's
 * edge: meta.json lists the slices), everything else the 1 mm grid.
 */
function fileAffine(name: string, c: ExportCase, grids: { hu: number[]; resampled: number[] }, slabs: ReadonlyMap<number, readonly number[]>): number[] | null {
  if (name === 'hu.npy') return grids.hu;
  const nodule = /^nodules\/(?:images|masks)_(\d+)(?:_seed)?\.npy$/.exec(name);
  if (!nodule) return grids.resampled;
  const slices = slabs.get(Number(nodule[1]));
  if (!slices || slices.some((z, i) => z !== slices[0]! + i)) return null;
  const g = c.volume;
  const origin = [0, 1, 2].map((r) => g.origin[r]! + g.direction[3 * r + 2]! * g.spacing[2] * slices[0]!);
  return affine(origin, g.direction, g.spacing);
}

/** meta.json: what preprocess's says, minus timings, plus each grid's transform and the masks' sources. */
function seedMeta(c: ExportCase, s: PreprocessSummary, reviewedLung: boolean, lesions: { key: string; own: boolean }[]) {
  const grids = gridAffines(c);
  return {
    caseId: c.plan.caseId,
    patientId: c.plan.patientId,
    seriesInstanceUid: c.plan.seriesInstanceUid,
    pipeline: { spacingMm: SPACING_MM, interp: INTERP, dilateMm: DILATE_MM, outsideAir: 'corner', normalization: SEED_NORMALIZATION },
    shapeZyx: s.shapeZyx,
    spacingZyx: s.spacingZyx,
    /** hu.npy index (x, y, z, 1) → LPS mm. */
    huToWorld: grids.hu,
    resampledShapeZyx: s.resampledShapeZyx,
    resampledSpacingZyx: s.resampledSpacingZyx,
    /** resampled.npy / lungmask*.npy / segmented.npy index (x, y, z, 1) → LPS mm. */
    resampledToWorld: grids.resampled,
    dilationRadiusVoxels: s.dilationRadiusVoxels,
    lungVoxels: reviewedLung ? { fill: s.lungVoxels.fill, dilated: s.lungVoxels.dilated } : s.lungVoxels,
    lungMask: reviewedLung ? { source: 'reviewed', maskVersionIds: c.labelSources.lung } : { source: 'computed', maskVersionIds: [] },
    noduleSources: c.labelSources.nodule,
    nodules: s.nodules.map((n, i) => ({
      index: n.index,
      lesionKey: lesions[i]!.key,
      slices: n.slices,
      maskVoxels: n.maskVoxels,
      mask: lesions[i]!.own ? 'lesion' : 'nodule-label',
    })),
    missingSlices: s.missingSlices,
    /** preprocess's files this export leaves out (a computed lung mask keeps its unfilled variant). */
    notWritten: [...(reviewedLung ? ['lungmask_nofill.npy'] : []), 'nodules/masks_N_seed.npy', 'lungmask2d.npy', 'segmented2d.npy'],
  };
}

export const seedArraysExporter: CaseExporter = {
  format: 'npy',
  writeCase: writeSeedArrays,
};
