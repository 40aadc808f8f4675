// Small export cases made by code: a hand-made int16 volume and labelmap on a chosen grid, with
// a plan as the export planner would hand it to a worker, and an export context.
import { ExportOptions, type ExportOptionsInput } from '../../electron/common/contract/export';
import type { Mat3, Vec3, VolumeGeometry } from '../../electron/common/geometry';
import type { ExportCase, ExportCasePlan, ExportContext } from '../../electron/core/export/case-model';
import { voxelToWorld } from '../../electron/core/volume/volume';

/** Row-major rotation by `deg` degrees about `axis` (Rodrigues). */
export function rotation(axis: Vec3, deg: number): Mat3 {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / n) as Vec3;
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const C = 1 - c;
  return [
    c + x * x * C, x * y * C - z * s, x * z * C + y * s,
    y * x * C + z * s, c + y * y * C, y * z * C - x * s,
    z * x * C - y * s, z * y * C + x * s, c + z * z * C,
  ];
}

/** `m` with column `j` negated (a flipped voxel axis). */
export function flipColumn(m: Mat3, j: number): Mat3 {
  return m.map((v, i) => (i % 3 === j ? -v : v));
}

/** Test grids: each with a non-zero origin and anisotropic spacing. */
export const GRIDS: Record<'oblique' | 'axial' | 'tilted', VolumeGeometry> = {
  // 12° about a skew axis, slices stored head to feet (z column flipped): a left-handed RAS frame, qfac −1.
  oblique: { dims: [7, 6, 5], spacing: [0.8, 0.9, 2.5], origin: [-120.5, 33.25, -310.75], direction: flipColumn(rotation([1, 2, 3], 12), 2) },
  // The common LPS axial scan.
  axial: { dims: [6, 5, 4], spacing: [0.74, 0.74, 1.25], origin: [-189.01, -200.5, -310], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
  // Gantry tilt: slices stacked along a direction 15° off the slice normal, a sheared grid no qform can hold.
  tilted: { dims: [5, 6, 4], spacing: [0.7, 0.7, 2], origin: [12.5, -40, 105.2], direction: [1, 0, 0, 0, 1, Math.sin(Math.PI / 12), 0, 0, Math.cos(Math.PI / 12)] },
};

export interface CaseSpec {
  caseId: string;
  geometry?: VolumeGeometry;
  split?: string;
  fold?: number | null;
  lung?: number;
  nodule?: number;
}

/** A case with distinct HU per voxel and a labelmap of lung (a slab) and nodule (a corner block). */
export function makeExportCase(spec: CaseSpec): ExportCase {
  const g = spec.geometry ?? GRIDS.oblique;
  const [nx, ny, nz] = g.dims;
  const voxels = new Int16Array(nx * ny * nz);
  const labelmap = new Uint8Array(nx * ny * nz);
  const lung = spec.lung ?? 1;
  const nodule = spec.nodule ?? 2;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const i = x + nx * (y + ny * z);
        voxels[i] = -1024 + 37 * x + 301 * y + 1999 * z; // negative and positive HU, all distinct
        labelmap[i] = x < 2 && y < 2 && z < 2 ? nodule : y >= 1 && y < ny - 1 ? lung : 0;
      }
    }
  }
  const plan: ExportCasePlan = {
    caseId: spec.caseId,
    scanId: 1,
    patientId: `P-${spec.caseId}`,
    seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1',
    studyInstanceUid: '1.2.826.0.1.3680043.8.498.2',
    format: 'nifti',
    files: [],
    geometry: { dims: [...g.dims], spacing: [...g.spacing], origin: [...g.origin], direction: [...g.direction] },
    missingSlices: [],
    masks: [],
    lesions: [],
    reviewer: 'reader',
    reviewState: 'done',
    split: spec.split ?? 'train',
    fold: spec.fold ?? null,
  };
  return { plan, volume: { ...plan.geometry, voxels }, labelmap, lesionVoxels: new Map(), labelSources: { lung: [], nodule: [] } };
}

/** An export context over `outDir` with the schema's defaults for whatever `options` leaves out. */
export function exportContext(outDir: string, options: Omit<ExportOptionsInput, 'outDir'>): ExportContext {
  const o = ExportOptions.parse({ ...options, outDir });
  return { outDir, options: o, labels: o.labels, version: '0.1.0-test' };
}

/** Voxel (i, j, k) and its centre in RAS mm (from our LPS), for every voxel of a small grid. */
export function rasPoints(g: VolumeGeometry): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < g.dims[2]; k++) {
    for (let j = 0; j < g.dims[1]; j++) {
      for (let i = 0; i < g.dims[0]; i++) {
        const [x, y, z] = voxelToWorld(g, [i, j, k]);
        out.push([i, j, k, -x, -y, z]);
      }
    }
  }
  return out;
}

/** The eight corners and the centre of a grid, with RAS centres (for grids too big to list). */
export function rasCorners(g: VolumeGeometry): number[][] {
  const [a, b, c] = g.dims.map((n) => n - 1) as Vec3;
  const ijk: Vec3[] = [[0, 0, 0], [a, 0, 0], [0, b, 0], [0, 0, c], [a, b, 0], [a, 0, c], [0, b, c], [a, b, c], [a / 2, b / 2, c / 2]];
  return ijk.map((p) => {
    const [x, y, z] = voxelToWorld(g, p);
    return [...p, -x, -y, z];
  });
}
