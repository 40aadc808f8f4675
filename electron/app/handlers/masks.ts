import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ContractHandlers } from '../../common';
import { LungDeskError } from '../../common';
import { LungMaskParams, PreprocessParams, type MaskVersionInfo } from '../../common/contract/masks';
import { getMaskVersion, listAnnotations, listMaskVersions, type MaskVersion } from '../../db';
import { jobSeeds, lesionSeeds, newestLungMask, noduleMaskPath, recordNoduleMask } from '../nodule-mask';
import { lungMaskPaths, recordLungMasks } from '../lung-mask-versions';
import type { ServiceContext } from '../service-context';

type MaskHandlers = Pick<ContractHandlers, 'startPreprocess' | 'runLungMask' | 'runNoduleMask' | 'listMasks' | 'getMask' | 'segmentNodule'>;

/** Masks: lung-mask and nodule jobs whose results become mask versions, preprocessing, reading versions back. */
export class MaskArea {
  readonly handlers: MaskHandlers;

  constructor(private readonly ctx: ServiceContext) {
    const { db, runner } = ctx;
    this.handlers = {
      runLungMask: async ({ scanId, params }) => ({ jobId: this.runLungMask(scanId, LungMaskParams.parse(params ?? {})).jobId }),
      runNoduleMask: async ({ scanId }) => ({ jobId: this.runNoduleMask(scanId).jobId }),
      startPreprocess: async ({ scanId, params }) => {
        const scan = ctx.scanOrThrow(scanId);
        const p = PreprocessParams.parse(params ?? {});
        const outDir = path.resolve(p.outDir ?? path.join(ctx.dataDir, 'preprocessed', String(scanId)));
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
        return listMaskVersions(db, scanId).map(maskInfo);
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
    const done = job.done.then((res) => recordLungMasks(db, scanId, params, res));
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
    const done = job.done.then((res) => recordNoduleMask(db, { scanId, path: res.path ?? out, voxels: res.voxels, seeds, reports: res.nodules, lung }).maskId);
    done.catch(() => {});
    return { jobId: job.jobId, done };
  }

  /** A mask version's voxels on its scan's grid, checked against the scan's dims. */
  getMask(maskId: number): { info: MaskVersionInfo; dims: [number, number, number]; voxels: Uint8Array } {
    const v = getMaskVersion(this.ctx.db, maskId);
    if (!v) throw new LungDeskError('not-found', `no mask with id ${maskId}`);
    const scan = this.ctx.scanOrThrow(v.scanId);
    const { bytes, shape } = readNpyBytes(v.path);
    if (shape.length !== 3 || shape[0] !== scan.dims[2] || shape[1] !== scan.dims[1] || shape[2] !== scan.dims[0]) {
      throw new LungDeskError('io.size-mismatch', `mask file ${v.path} has shape ${shape.join('×')}, the scan is ${[...scan.dims].reverse().join('×')}`, { file: v.path });
    }
    return { info: maskInfo(v), dims: scan.dims, voxels: bytes };
  }
}

function maskInfo(v: MaskVersion): MaskVersionInfo {
  const voxels = /: (\d+) voxels$/.exec(v.reason)?.[1];
  return { id: v.id, scanId: v.scanId, kind: v.kind, author: v.author, reason: v.reason, parentId: v.parentId, createdAt: v.createdAt, voxels: voxels ? Number(voxels) : null };
}

/** The data bytes and shape of a .npy file we wrote (format 1.0, C order). */
function readNpyBytes(file: string): { bytes: Uint8Array; shape: number[] } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new LungDeskError('io.not-found', `mask file ${file} cannot be read: ${(e as Error).message}`, { file });
  }
  if (buf.length < 10 || buf.toString('latin1', 1, 6) !== 'NUMPY') throw new LungDeskError('io.bad-header', `${file} is not a .npy file`, { file });
  const headerLen = buf.readUInt16LE(8);
  const header = buf.toString('latin1', 10, 10 + headerLen);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLen;
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset + start, buf.length - start);
  if (bytes.length !== shape.reduce((a, b) => a * b, 1)) throw new LungDeskError('io.size-mismatch', `${file}: data size disagrees with its shape`, { file });
  return { bytes: bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(), shape };
}
