import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ContractHandlers } from '../../common';
import { LungDeskError } from '../../common';
import { LungMaskParams, PreprocessParams, type MaskVersionInfo } from '../../common/contract/masks';
import { segmentNodule } from '../../core/pipelines/nodule-segmentation';
import { getMaskVersion, listAnnotations, listMaskVersions, type MaskVersion } from '../../db';
import { newestLungMask, storeNoduleMask, type NoduleSeed } from '../nodule-mask';
import { lungMaskPaths, recordLungMasks } from '../lung-mask-versions';
import type { Lesion } from '../../common/contract/review';
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
        const { header, voxels } = await ctx.volumes.load(scanId);
        const hu = new Int16Array(voxels.buffer, voxels.byteOffset, voxels.byteLength / 2);
        // Light work on a small box around the nodule of a volume already loaded: in-process.
        const job = runner.runInline(
          'segmentNodule',
          async () => {
            const r = segmentNodule(hu, header, huRange ? { center, diameterMm, huRange } : { center, diameterMm });
            return { voxels: r.voxels, volumeMm3: r.volumeMm3, equivalentDiameterMm: r.equivalentDiameterMm, longAxisMm: r.longAxisMm, shortAxisMm: r.shortAxisMm, centroid: r.centroid };
          },
          { label: 'Nodule segmentation' },
        );
        return job.done;
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
   * Segments the scan's nodule annotations, inside its newest lung mask when it has one, and
   * records the union as a mask version of kind 'nodules'.
   */
  runNoduleMask(scanId: number): { jobId: string; done: Promise<number> } {
    const { db, runner } = this.ctx;
    const scan = this.ctx.scanOrThrow(scanId);
    return runner.runInline(
      'noduleMask',
      async (jctx) => {
        const seeds = lesionSeeds(scanId, this.ctx.lesions.list(scanId).lesions);
        jctx.progress('loading the scan', 0);
        const { header, voxels } = await this.ctx.volumes.load(scanId);
        const lungVersion = newestLungMask(listMaskVersions(db, scanId));
        const lung = lungVersion ? { version: lungVersion, voxels: (await this.getMask(lungVersion.id)).voxels } : null;
        const r = await storeNoduleMask(db, {
          scanId,
          hu: new Int16Array(voxels.buffer, voxels.byteOffset, voxels.byteLength / 2),
          geometry: header,
          seeds,
          lung,
          dir: path.join(this.ctx.dataDir, 'masks', String(scanId)),
          ctx: jctx,
        });
        return r.maskId;
      },
      { label: `Nodule mask of ${this.ctx.scanLabel(scan)}` },
    );
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

/**
 * What to segment: every nodule lesion (≥ 3 mm, any source) not rejected by the reviewer, at
 * its centre, with the diameter the reviewer accepted or else its own; a lesion without a
 * size cannot be segmented and is left out. Checked before the volume is loaded.
 */
function lesionSeeds(scanId: number, lesions: readonly Lesion[]): NoduleSeed[] {
  const seeds: NoduleSeed[] = [];
  for (const l of lesions) {
    if (l.category !== 'nodule' || l.state === 'rejected') continue;
    const diameterMm = l.decision?.diameterMm ?? l.diameterMm;
    const first = l.members[0];
    if (!first || diameterMm === null || !(diameterMm > 0)) continue;
    seeds.push({ annotationId: first.annotationId, source: first.source, kind: first.kind, center: l.center, diameterMm });
  }
  if (!seeds.length) throw new LungDeskError('not-found', `scan ${scanId} has no nodule lesion to segment (LUNA16 rows, LIDC readers' nodules or user nodules, not rejected)`);
  return seeds;
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
