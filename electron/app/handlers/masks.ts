import path from 'node:path';
import type { z } from 'zod';
import type { ContractHandlers } from '../../common';
import { LungDeskError } from '../../common';
import { LungMaskParams, PreprocessParams, type MaskVersionInfo } from '../../common/contract/masks';
import { listAnnotations, listDatasets, listMaskVersions } from '../../db';
import { confineOutDir } from '../export/out-dir';
import type { MaskStore } from '../mask-store/mask-store';
import { maskInfo } from '../mask-store/mask-version-detail';
import { jobSeeds, lesionSeeds, newestLungMask, noduleMaskPath, recordNoduleMask } from '../nodule-mask';
import { lungMaskPaths, recordLungMasks } from '../lung-mask-versions';
import type { ServiceContext } from '../service-context';

type MaskHandlers = Pick<ContractHandlers, 'startPreprocess' | 'runLungMask' | 'runNoduleMask' | 'listMasks' | 'getMask' | 'segmentNodule'>;

/** Masks: lung-mask and nodule jobs whose results become mask versions, preprocessing, reading versions back. */
export class MaskArea {
  readonly handlers: MaskHandlers;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly store: MaskStore,
  ) {
    const { db, runner } = ctx;
    this.handlers = {
      runLungMask: async ({ scanId, params }) => ({ jobId: this.runLungMask(scanId, LungMaskParams.parse(params ?? {})).jobId }),
      runNoduleMask: async ({ scanId }) => ({ jobId: this.runNoduleMask(scanId).jobId }),
      startPreprocess: async ({ scanId, params }) => {
        const scan = ctx.scanOrThrow(scanId);
        const p = PreprocessParams.parse(params ?? {});
        // A folder the caller names is confined as the export folder is (absolute, not a system
        // folder, the data folder or a dataset, also through links); the default is ours.
        const outDir =
          p.outDir === undefined
            ? path.join(path.resolve(ctx.dataDir), 'preprocessed', String(scanId))
            : confineOutDir(p.outDir, { dataDir: ctx.dataDir, datasetRoots: listDatasets(db).map((d) => d.rootPath), verb: 'preprocess into' });
        const nodules = listAnnotations(db, scanId)
          .filter((a) => a.source === 'luna-csv' && a.diameterMm !== null)
          .map((a) => ({ index: a.sourceLine !== null ? a.sourceLine - 2 : a.id, center: a.center, diameterMm: a.diameterMm! }));
        const job = runner.start(
          'preprocess',
          { format: scan.format, files: ctx.filesOf(scan), outDir, spacingMm: p.spacingMm, interp: p.interp, dilateMm: p.dilateMm, outsideAir: p.outsideAir, nodules },
          { label: `Preprocessing ${ctx.scanLabel(scan)}` },
        );
        return { jobId: job.jobId, outDir };
      },
      listMasks: async ({ scanId }) => {
        ctx.scanOrThrow(scanId);
        return listMaskVersions(db, scanId).map((v) => this.store.info(v));
      },
      getMask: async ({ maskId }) => this.getMask(maskId),
      segmentNodule: async ({ scanId, center, diameterMm, huRange }) => {
        const scan = ctx.scanOrThrow(scanId);
        const seed = { center, diameterMm, ...(huRange ? { huRange } : {}) };
        const res = await runner.start('segmentNodules', { format: scan.format, files: ctx.filesOf(scan), seeds: [seed] }, { label: `Nodule segmentation on ${ctx.scanLabel(scan)}` }).done;
        const stats = res.nodules[0]?.stats;
        if (!stats) throw new LungDeskError('not-found', `nothing to segment at ${center.map((v) => v.toFixed(1)).join(', ')} mm on scan ${scanId}: ${res.nodules[0]?.reason ?? 'outside the scan'}`);
        return { voxels: stats.voxels, volumeMm3: stats.volumeMm3, equivalentDiameterMm: stats.equivalentDiameterMm, longAxisMm: stats.longAxisMm, shortAxisMm: stats.shortAxisMm, centroid: stats.centroid };
      },
    };
  }

  /**
   * Runs the lung-mask job on a scan and records its result as mask versions: the lung mask
   * and, when dilated, its dilation (lung-mask-versions.ts). `done` gives the id of the mask
   * the params describe.
   */
  runLungMask(scanId: number, params: z.output<typeof LungMaskParams>): { jobId: string; done: Promise<number> } {
    const { db, runner } = this.ctx;
    const scan = this.ctx.scanOrThrow(scanId);
    const job = runner.start(
      'lungMask',
      { format: scan.format, files: this.ctx.filesOf(scan), ...lungMaskPaths(this.ctx.dataDir, scanId, params.dilateMm), ...params },
      { label: `Lung mask of ${this.ctx.scanLabel(scan)}` },
    );
    const done = job.done.then((res) => {
      const id = recordLungMasks(db, scanId, params, res);
      // A job's version joins the lists (overlays, history, the 3D pane) like a saved one.
      this.ctx.emit('onDidChangeMaskVersions', { scanId });
      return id;
    });
    done.catch(() => {});
    return { jobId: job.jobId, done };
  }

  /**
   * Segments the scan's nodule lesions in a worker job, inside its newest lung mask (the
   * dilated one, whose margin keeps pleural nodules in) when it has one, and records the
   * union as a mask version of kind 'nodules'. A scan with nothing to segment is refused
   * at once (not-found), before any job.
   */
  runNoduleMask(scanId: number): { jobId: string; done: Promise<number> } {
    const { db, runner } = this.ctx;
    const scan = this.ctx.scanOrThrow(scanId);
    const seeds = lesionSeeds(scanId, this.ctx.lesions.list(scanId).lesions);
    const lung = newestLungMask(listMaskVersions(db, scanId)) ?? null;
    const out = noduleMaskPath(path.join(this.ctx.dataDir, 'masks', String(scanId)));
    const job = runner.start(
      'segmentNodules',
      { format: scan.format, files: this.ctx.filesOf(scan), out, seeds: jobSeeds(seeds), ...(lung ? { lungMask: lung.path } : {}) },
      { label: `Nodule mask of ${this.ctx.scanLabel(scan)}` },
    );
    const done = job.done.then((res) => {
      const id = recordNoduleMask(db, { scanId, path: res.path ?? out, voxels: res.voxels, seeds, reports: res.nodules, lung }).maskId;
      this.ctx.emit('onDidChangeMaskVersions', { scanId });
      return id;
    });
    done.catch(() => {});
    return { jobId: job.jobId, done };
  }

  /**
   * A mask version's voxels on its scan grid (x fastest), whichever way it is stored (a job's
   * .npy or the mask store's .ldmask), checked against the scan's dims and the recorded
   * sha256. A copy: the caller may change it.
   */
  async getMask(maskId: number): Promise<{ info: MaskVersionInfo; dims: [number, number, number]; voxels: Uint8Array }> {
    const v = this.store.version(maskId);
    const scan = this.ctx.scanOrThrow(v.scanId);
    const voxels = await this.store.voxelsCopy(v);
    return { info: maskInfo(v), dims: scan.dims, voxels };
  }
}
