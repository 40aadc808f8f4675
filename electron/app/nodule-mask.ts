import path from 'node:path';
import type { Annotation } from '../common/contract/annotations';
import type { JobContext } from '../common/jobs';
import type { Vec3, VolumeGeometry } from '../common/geometry';
import { LungDeskError } from '../common/errors';
import { countPhysicalNodules } from '../core/annotations/physical-nodules';
import { npyHeader, writeChunksAtomic } from '../core/io/write/npy-writer';
import { noduleReport, requireSomeSegmented, segmentNodules, type NoduleReport } from '../core/pipelines/nodule-mask';
import { appendAudit, insertMaskVersion, type LungDeskDb, type MaskVersion } from '../db';

/**
 * The nodule-mask step's bookkeeping: which annotations are nodules to segment, which lung
 * mask to segment inside, and recording the union as a mask version. The voxel work (the
 * segmentation and the union on the scan grid) is core's `segmentNodules`, run in a worker
 * by the `segmentNodules` job.
 */

/** One nodule mark to segment: where it is and, when the mark says, how large it is. */
export interface NoduleSeed {
  annotationId: number;
  source: Annotation['source'];
  kind: Annotation['kind'];
  center: Vec3;
  /** The segmentation's diameter hint; absent when the mark gives no size. */
  diameterMm?: number;
}

/**
 * The marks that stand for physical nodules: LUNA16 rows and user marks (kind 'nodule') and
 * LIDC consensus nodules. Single readers' marks, small nodules and non-nodules are left out,
 * as the nodule count does. A mark without a diameter uses the one of its volume; with
 * neither it is segmented from its point alone (the segmentation measures the size). Marks
 * of the same nodule from two sources are all kept: their segmentations overlap and the
 * union is the nodule.
 */
export function noduleSeeds(annotations: readonly Annotation[]): NoduleSeed[] {
  const seeds: NoduleSeed[] = [];
  for (const a of annotations) {
    if (a.kind !== 'nodule' && a.kind !== 'consensus') continue;
    const diameterMm = a.diameterMm !== null && a.diameterMm > 0 ? a.diameterMm : a.volumeMm3 ? Math.cbrt((6 * a.volumeMm3) / Math.PI) : 0;
    const seed: NoduleSeed = { annotationId: a.id, source: a.source, kind: a.kind, center: a.center };
    if (diameterMm > 0) seed.diameterMm = diameterMm;
    seeds.push(seed);
  }
  return seeds;
}

/** The scan's seeds, or the reason there is nothing to segment (checked before the volume is loaded). */
export function requireNoduleSeeds(scanId: number, annotations: readonly Annotation[]): NoduleSeed[] {
  const seeds = noduleSeeds(annotations);
  if (!seeds.length) {
    throw new LungDeskError('not-found', `scan ${scanId} has no nodule annotations to segment (LUNA16 rows, LIDC consensus nodules or user nodules)`);
  }
  return seeds;
}

/** The lung mask nodules are segmented inside: the newest version of kind lung or lung-dilated. */
export function newestLungMask(versions: readonly MaskVersion[]): MaskVersion | undefined {
  return versions.filter((v) => v.kind === 'lung' || v.kind === 'lung-dilated').sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
}

export interface RecordNoduleMaskInput {
  scanId: number;
  /** The union mask's .npy (nz, ny, nx) on the scan grid, already written. */
  path: string;
  /** Voxels set in it. */
  voxels: number;
  /** The seeds that were segmented, and what became of each (by annotation id). */
  seeds: readonly NoduleSeed[];
  reports: readonly NoduleReport[];
  /** The lung mask the nodules were segmented inside (null: none). */
  lung: MaskVersion | null;
}

/**
 * Records a nodule mask the segmentation wrote (in a worker job or in-process) as a mask
 * version of kind 'nodules', with its audit entry, in one transaction. Throws not-found when
 * no seed was segmented (nothing to record). Returns the new mask id and the number of
 * physical nodules in it.
 */
export function recordNoduleMask(db: LungDeskDb, input: RecordNoduleMaskInput): { maskId: number; nodules: number } {
  const { scanId, reports } = input;
  requireSomeSegmented(reports, `scan ${scanId}`);
  const byId = new Map(input.seeds.map((s) => [s.annotationId, s]));
  const segmented = reports.filter((r) => r.status === 'segmented');
  // A mark without a size counts with the size the segmentation measured.
  const marks = segmented.flatMap((r) => {
    const seed = byId.get(r.id ?? -1);
    return seed ? [{ ...seed, diameterMm: seed.diameterMm ?? r.stats?.equivalentDiameterMm ?? null }] : [];
  });
  const nodules = countPhysicalNodules(marks);
  const outside = reports.filter((r) => r.status === 'outside').map((r) => r.id);
  const empty = reports.filter((r) => r.status === 'empty').map((r) => r.id);
  const where = input.lung ? `inside ${input.lung.kind} mask ${input.lung.id}` : 'no lung mask';
  const skipped = [outside.length ? `${outside.length} outside the scan` : '', empty.length ? `${empty.length} with nothing to segment` : ''].filter(Boolean);
  const maskId = db.sqlite.transaction(() => {
    const id = insertMaskVersion(db, {
      scanId,
      kind: 'nodules',
      path: input.path,
      author: 'lungdesk',
      // maskInfo reads the voxel count from the reason's end.
      reason: `nodule mask of ${nodules} nodule(s) from ${segmented.length} mark(s) (${where}${skipped.length ? `, ${skipped.join(', ')} skipped` : ''}): ${input.voxels} voxels`,
      parentId: null,
      sha256: null,
    });
    appendAudit(db, {
      actor: 'lungdesk',
      action: 'mask.created',
      entity: 'scan',
      entityId: String(scanId),
      detail: {
        maskId: id,
        kind: 'nodules',
        voxels: input.voxels,
        nodules,
        lungMaskId: input.lung?.id ?? null,
        marks: segmented.map((r) => ({ annotationId: r.id, voxels: r.stats?.voxels ?? 0 })),
        outside,
        empty,
      },
    });
    return id;
  })();
  return { maskId, nodules };
}

/** The seeds as the `segmentNodules` worker job takes them (id = annotation id). */
export function jobSeeds(seeds: readonly NoduleSeed[]): { id: number; center: Vec3; diameterMm?: number }[] {
  return seeds.map((s) => ({ id: s.annotationId, center: s.center, ...(s.diameterMm !== undefined ? { diameterMm: s.diameterMm } : {}) }));
}

export interface StoreNoduleMaskInput {
  scanId: number;
  hu: Int16Array;
  geometry: VolumeGeometry;
  seeds: readonly NoduleSeed[];
  /** The lung mask to segment inside, with its version (null when the scan has none). */
  lung: { version: MaskVersion; voxels: Uint8Array } | null;
  /** <dataDir>/masks/<scanId> */
  dir: string;
  ctx?: JobContext;
}

/** Where a new nodule mask of a scan is written: <dataDir>/masks/<scanId>/nodules-<time>.npy. */
export function noduleMaskPath(dir: string): string {
  return path.join(dir, `nodules-${Date.now()}.npy`);
}

/**
 * The whole nodule-mask step in-process, after the volume is loaded: segments the seeds
 * (core `segmentNodules`), writes the union as a uint8 .npy (nz, ny, nx) like the lung masks
 * and records it (`recordNoduleMask`). The worker job `segmentNodules` does the first two in
 * a worker; the service then only calls `recordNoduleMask`.
 */
export async function storeNoduleMask(db: LungDeskDb, input: StoreNoduleMaskInput): Promise<{ maskId: number; voxels: number; nodules: number; path: string }> {
  const { geometry: g, seeds, ctx } = input;
  const r = segmentNodules(input.hu, g, seeds.map((s) => ({ ...s, id: s.annotationId })), input.lung?.voxels, ctx);
  const reports = r.nodules.map(noduleReport);
  requireSomeSegmented(reports, `scan ${input.scanId}`);
  if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'nodule mask cancelled');
  ctx?.progress('writing the mask', 0.9);
  const file = noduleMaskPath(input.dir);
  const [nx, ny, nz] = g.dims;
  await writeChunksAtomic(file, [npyHeader([nz, ny, nx], '|u1'), r.mask]);
  const { maskId, nodules } = recordNoduleMask(db, { scanId: input.scanId, path: file, voxels: r.voxels, seeds, reports, lung: input.lung?.version ?? null });
  return { maskId, voxels: r.voxels, nodules, path: file };
}
