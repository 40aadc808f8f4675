import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { LungDeskError, isLungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { pasteBoxMask } from '../volume/box-mask';
import { worldToVoxel } from '../volume/volume';
import { segmentNodule, type NoduleKind } from './nodule-segmentation';

/** Where to segment: a world point on the nodule (LPS mm) and, when known, its diameter. */
export interface NoduleSeedPoint {
  center: Vec3;
  /** Diameter hint, mm; without it the segmentation measures the size itself. */
  diameterMm?: number;
  /** Fixed HU range instead of the automatic threshold. */
  huRange?: [number, number];
}

/** What one segmented nodule measures (the mask itself is in the union). */
export interface NoduleStats {
  voxels: number;
  volumeMm3: number;
  equivalentDiameterMm: number;
  longAxisMm: number;
  shortAxisMm: number;
  /** World LPS mm. */
  centroid: Vec3;
  kind: NoduleKind;
  thresholdHu: number;
}

/** What became of one seed. */
export type NoduleOutcome<S extends NoduleSeedPoint> =
  | { seed: S; status: 'segmented'; stats: NoduleStats }
  | { seed: S; status: 'outside' }
  | { seed: S; status: 'empty'; reason: string };

export interface NoduleMaskResult<S extends NoduleSeedPoint> {
  /** uint8 on the scan grid, x fastest: 1 = nodule. */
  mask: Uint8Array;
  /** Voxels set in the union (overlapping nodules counted once). */
  voxels: number;
  /** One outcome per seed, in seed order: segmented, outside the scan, or nothing there (lung or air). */
  nodules: NoduleOutcome<S>[];
}

/** One seed's outcome as plain data, as the segment-nodules job returns it. */
export interface NoduleReport {
  /** The seed's id (an annotation id), null when it had none. */
  id: number | null;
  status: NoduleOutcome<NoduleSeedPoint>['status'];
  /** For a segmented seed. */
  stats: NoduleStats | null;
  /** Why nothing was segmented, for an empty seed. */
  reason: string | null;
}

export function noduleReport(o: NoduleOutcome<NoduleSeedPoint & { id?: number }>): NoduleReport {
  return {
    id: o.seed.id ?? null,
    status: o.status,
    stats: o.status === 'segmented' ? o.stats : null,
    reason: o.status === 'empty' ? o.reason : null,
  };
}

/**
 * Segments every seed on the volume (inside `lungMask` when given) and unites the masks
 * (label 1) on the scan's grid. A seed outside the scan, or on lung or air with no nodule
 * near it, is reported and skipped; any other failure stops the whole job. Checks the
 * signal and reports progress per seed (fractions 0.1..0.9 of the job, the caller owns the rest).
 */
export function segmentNodules<S extends NoduleSeedPoint>(hu: Int16Array, g: VolumeGeometry, seeds: readonly S[], lungMask: Uint8Array | undefined, ctx?: JobContext): NoduleMaskResult<S> {
  const [nx, ny, nz] = g.dims;
  const n = nx * ny * nz;
  if (hu.length !== n) throw new LungDeskError('io.size-mismatch', `volume has ${hu.length} voxels, dims ${g.dims.join('×')} need ${n}`);
  if (lungMask && lungMask.length !== n) throw new LungDeskError('io.size-mismatch', `lung mask has ${lungMask.length} voxels, the scan ${n}`);
  const out: NoduleMaskResult<S> = { mask: new Uint8Array(n), voxels: 0, nodules: [] };
  seeds.forEach((seed, i) => {
    if (ctx?.signal.aborted) throw new LungDeskError('job.cancelled', 'nodule mask cancelled');
    ctx?.progress(`nodule ${i + 1} of ${seeds.length}`, 0.1 + (0.8 * i) / seeds.length);
    if (!insideGrid(g, seed.center)) {
      out.nodules.push({ seed, status: 'outside' });
      return;
    }
    try {
      const seg = segmentNodule(hu, g, {
        center: seed.center,
        ...(seed.diameterMm !== undefined ? { diameterMm: seed.diameterMm } : {}),
        ...(seed.huRange ? { huRange: seed.huRange } : {}),
        ...(lungMask ? { lungMask } : {}),
      });
      out.voxels += pasteBoxMask(out.mask, g.dims, seg);
      const stats: NoduleStats = {
        voxels: seg.voxels, volumeMm3: seg.volumeMm3, equivalentDiameterMm: seg.equivalentDiameterMm,
        longAxisMm: seg.longAxisMm, shortAxisMm: seg.shortAxisMm, centroid: seg.centroid,
        kind: seg.kind, thresholdHu: seg.thresholdHu,
      };
      out.nodules.push({ seed, status: 'segmented', stats });
    } catch (e) {
      if (isLungDeskError(e) && e.code === 'not-found') out.nodules.push({ seed, status: 'empty', reason: e.message });
      else throw e;
    }
  });
  return out;
}

/** Throws not-found, saying what became of the seeds, when none of them was segmented. */
export function requireSomeSegmented(reports: readonly NoduleReport[], subject: string): void {
  if (reports.some((r) => r.status === 'segmented')) return;
  const why = reports.map((r) => (r.status === 'outside' ? 'outside the scan' : (r.reason ?? r.status)));
  throw new LungDeskError('not-found', `none of the ${reports.length} nodule seed(s) of ${subject} could be segmented: ${[...new Set(why)].join('; ')}`);
}

/** Whether a world point lies on the grid (within half a voxel of its outer centres), as segmentNodule requires. */
export function insideGrid(g: VolumeGeometry, p: Vec3): boolean {
  return worldToVoxel(g, p).every((v, i) => v >= -0.5 && v <= g.dims[i]! - 0.5);
}
