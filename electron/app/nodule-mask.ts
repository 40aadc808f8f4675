import path from 'node:path';
import type { Annotation } from '../common/contract/annotations';
import type { Lesion } from '../common/contract/review';
import type { Vec3 } from '../common/geometry';
import { LungDeskError } from '../common/errors';
import { countPhysicalNodules } from '../core/annotations/physical-nodules';
import { requireSomeSegmented, type NoduleReport } from '../core/pipelines/nodule-mask';
import { appendAudit, insertMaskVersion, type LungDeskDb, type MaskVersion } from '../db';

/**
 * The nodule-mask step's bookkeeping: which lesions are nodules to segment, which lung
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
 * What to segment: every nodule lesion (≥ 3 mm, any source) not rejected by the reviewer, at
 * its centre, with the diameter the reviewer accepted or else its own (none: the
 * segmentation measures the size from the seed). The seed's annotation is the lesion's
 * first member. Throws not-found when there is nothing to segment, before any volume loads.
 */
export function lesionSeeds(scanId: number, lesions: readonly Lesion[]): NoduleSeed[] {
  const seeds: NoduleSeed[] = [];
  for (const l of lesions) {
    if (l.category !== 'nodule' || l.state === 'rejected') continue;
    const first = l.members[0];
    if (!first) continue;
    const diameterMm = l.decision?.diameterMm ?? l.diameterMm;
    const seed: NoduleSeed = { annotationId: first.annotationId, source: first.source, kind: first.kind, center: l.center };
    if (diameterMm !== null && diameterMm > 0) seed.diameterMm = diameterMm;
    seeds.push(seed);
  }
  if (!seeds.length) throw new LungDeskError('not-found', `scan ${scanId} has no nodule lesion to segment (LUNA16 rows, LIDC readers' nodules or user nodules, not rejected)`);
  return seeds;
}

/**
 * The lung mask nodules are segmented inside: the newest dilated one (its margin keeps
 * pleural nodules in), else the newest undilated one.
 */
export function newestLungMask(versions: readonly MaskVersion[]): MaskVersion | undefined {
  const newest = (kind: string) => versions.filter((v) => v.kind === kind).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
  return newest('lung-dilated') ?? newest('lung');
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

/** Where a new nodule mask of a scan is written: <dataDir>/masks/<scanId>/nodules-<time>.npy. */
export function noduleMaskPath(dir: string): string {
  return path.join(dir, `nodules-${Date.now()}.npy`);
}
