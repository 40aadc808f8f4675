// A small export case made by code: an anisotropic, off-origin chest-like block (soft tissue
// around a lung box, a corner outside the field of view) with ball nodules at known world
// centres, its labelmap and per-lesion voxels, as the export's case loader would hand it over.
import { ExportOptions, type ExportOptionsInput } from '../../electron/common/contract/export';
import type { Mat3, Vec3 } from '../../electron/common/geometry';
import type { ExportCase, ExportContext, PlannedLesion } from '../../electron/core/export/case-model';
import { voxelToWorld, type Volume } from '../../electron/core/volume/volume';

export const BALL_HU = 60;
export const LUNG_HU = -850;
export const TISSUE_HU = 40;
export const OUTSIDE_FOV_HU = -3024;

export interface BallSpec {
  key: string;
  ordinal: number;
  /** Continuous voxel index of the centre. */
  at: Vec3;
  radiusMm: number;
  role: PlannedLesion['role'];
  decision?: PlannedLesion['decision'];
  reason?: string | null;
  source?: string;
  /** Drawn into the image and labelmap (positives; a rejected lesion may be drawn too). */
  drawn?: boolean;
}

export interface BallCaseSpec {
  caseId?: string;
  dims?: [number, number, number];
  spacing?: Vec3;
  origin?: Vec3;
  direction?: Mat3;
  missingSlices?: number[];
  balls?: BallSpec[];
}

export const DEFAULT_BALLS: BallSpec[] = [
  { key: 'les-a', ordinal: 1, at: [20.3, 21.7, 9.4], radiusMm: 5, role: 'positive', decision: 'accepted', source: 'luna16+lidc-xml' },
  { key: 'les-b', ordinal: 2, at: [4.2, 38.5, 1.3], radiusMm: 3.5, role: 'positive', decision: 'accepted', source: 'user' },
  { key: 'les-c', ordinal: 3, at: [33.6, 14.2, 12.8], radiusMm: 3, role: 'negative', decision: 'rejected', reason: 'vessel, "not a nodule"', source: 'luna16', drawn: true },
  { key: 'cand-7', ordinal: 1, at: [28, 30, 6], radiusMm: 0, role: 'negative', decision: 'undecided', source: 'candidates', drawn: false },
];

/** Lung 1, nodule 2 (the contract's defaults). */
export function ballCase(spec: BallCaseSpec = {}): ExportCase {
  const dims = spec.dims ?? [48, 44, 20];
  const [nx, ny, nz] = dims;
  const geometry = {
    dims,
    spacing: spec.spacing ?? ([0.75, 0.8, 2.5] as Vec3),
    origin: spec.origin ?? ([-17.3, 42.1, -230.75] as Vec3),
    direction: spec.direction ?? [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const voxels = new Int16Array(nx * ny * nz);
  const labelmap = new Uint8Array(voxels.length);
  for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
    const i = x + nx * (y + ny * z);
    const lung = x >= 3 && x < nx - 4 && y >= 5 && y < ny - 3 && z >= 1 && z < nz - 2;
    voxels[i] = x < 3 && y < 3 ? OUTSIDE_FOV_HU : lung ? LUNG_HU : TISSUE_HU;
    labelmap[i] = lung ? 1 : 0;
  }
  const balls = spec.balls ?? DEFAULT_BALLS;
  const lesionVoxels = new Map<string, Uint32Array>();
  const lesions: PlannedLesion[] = balls.map((b) => {
    const center = voxelToWorld(geometry, b.at);
    if ((b.drawn ?? b.role === 'positive') && b.radiusMm > 0) {
      const own: number[] = [];
      for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
        const w = voxelToWorld(geometry, [x, y, z]);
        if (Math.hypot(w[0] - center[0], w[1] - center[1], w[2] - center[2]) > b.radiusMm) continue;
        const i = x + nx * (y + ny * z);
        voxels[i] = BALL_HU;
        if (b.role === 'positive') {
          labelmap[i] = 2;
          own.push(i);
        }
      }
      if (b.role === 'positive') lesionVoxels.set(b.key, Uint32Array.from(own));
    }
    return {
      key: b.key, ordinal: b.ordinal, center, diameterMm: b.radiusMm > 0 ? 2 * b.radiusMm : null,
      decision: b.decision ?? 'accepted', reason: b.reason ?? null, role: b.role, source: b.source ?? 'user',
      malignancy: [], outline: null,
    };
  });
  for (const k of spec.missingSlices ?? []) voxels.fill(-2000, k * nx * ny, (k + 1) * nx * ny);
  const volume: Volume = { ...geometry, voxels };
  return {
    plan: {
      caseId: spec.caseId ?? 'BALL_0001_s01', scanId: 1, patientId: 'BALL-0001', seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1',
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.2', format: 'metaimage', files: ['ball.mha'], geometry,
      missingSlices: spec.missingSlices ?? [], masks: [], lesions, reviewer: 'tester', reviewState: 'done', split: 'fold-0', fold: 0,
    },
    volume,
    labelmap,
    lesionVoxels,
    labelSources: { lung: [11], nodule: [12, 'sphere'] },
  };
}

export function exportContext(outDir: string, opts: Partial<ExportOptionsInput> = {}): ExportContext {
  const options = ExportOptions.parse({ outDir, formats: ['cubes', 'npy'], negatives: true, ...opts });
  return { outDir, options, labels: options.labels, version: 'test' };
}
