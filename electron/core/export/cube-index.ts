import type { ExportOptions } from '../../common/contract/export';
import { LungDeskError } from '../../common/errors';
import type { ExportCasePlan, ExportedFile, PlannedLesion } from './case-model';
import { cubeGrid } from './cube-grid';

/**
 * Which lesions of a case get cubes, what their files are called, and the index CSV that
 * lists them. Pure functions of the plan and the options, so `finish` rebuilds the rows of
 * every case without its volume.
 */

export interface CubeLesion {
  lesion: PlannedLesion;
  /** 1 positive (an exported nodule), 0 negative. */
  label: 0 | 1;
  image: string;
  mask: string;
}

/**
 * The case's positives, then (when the export asks for negatives) its negatives, each by
 * ordinal: `cubes/{caseId}_{ordinal}_{pos|neg}_image.npy` / `_mask.npy`. Two lesions of one
 * role with the same ordinal would share files: a planning error, reported as such.
 */
export function cubeLesions(plan: ExportCasePlan, options: Pick<ExportOptions, 'negatives'>): CubeLesion[] {
  const chosen = plan.lesions.filter((l) => l.role === 'positive' || (options.negatives && l.role === 'negative'));
  const rank = (l: PlannedLesion) => (l.role === 'positive' ? 0 : 1);
  chosen.sort((a, b) => rank(a) - rank(b) || a.ordinal - b.ordinal || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const seen = new Set<string>();
  return chosen.map((lesion) => {
    if (!Number.isSafeInteger(lesion.ordinal)) {
      throw new LungDeskError('contract.bad-input', `lesion ${lesion.key} of ${plan.caseId} has ordinal ${lesion.ordinal}, not an integer`);
    }
    const stem = `cubes/${plan.caseId}_${lesion.ordinal}_${lesion.role === 'positive' ? 'pos' : 'neg'}`;
    if (seen.has(stem)) throw new LungDeskError('contract.bad-input', `${plan.caseId}: two ${lesion.role} lesions have ordinal ${lesion.ordinal}`);
    seen.add(stem);
    return { lesion, label: lesion.role === 'positive' ? 1 : 0, image: `${stem}_image.npy`, mask: `${stem}_mask.npy` };
  });
}

/**
 * index.csv's columns. world_*: the lesion centre, LPS mm, which is the world position of
 * the cube voxel [center_index]*3; origin_*: LPS mm of cube voxel [0, 0, 0]; direction: the
 * 9 numbers of the row-major matrix whose column j is cube axis j (x = last array axis),
 * so array index [k, j, i] sits at origin + direction · (spacing_mm · [i, j, k]).
 */
export const CUBE_INDEX_COLUMNS = [
  'case', 'patient', 'series_uid', 'split', 'lesion', 'ordinal', 'label', 'decision', 'source', 'reason',
  'world_x', 'world_y', 'world_z', 'diameter_mm', 'cube_voxels', 'spacing_mm', 'center_index',
  'origin_x', 'origin_y', 'origin_z', 'direction', 'image', 'mask',
] as const;

/** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
function field(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV text over every case that wrote its cubes (a case whose files lack a cube, a
 * failed or skipped case, contributes no row for it): rows by case id (code-unit order,
 * not locale), then positives before negatives, then ordinal. Numbers in shortest
 * round-trip form, `\n` line ends.
 */
export function formatCubeIndex(cases: readonly { plan: ExportCasePlan; files: readonly ExportedFile[] }[], options: Pick<ExportOptions, 'negatives' | 'cubeMm' | 'cubeSpacingMm'>): string {
  const lines = [CUBE_INDEX_COLUMNS.join(',')];
  const sorted = [...cases].sort((a, b) => (a.plan.caseId < b.plan.caseId ? -1 : a.plan.caseId > b.plan.caseId ? 1 : 0));
  for (const { plan, files } of sorted) {
    const written = new Set(files.map((f) => f.path));
    for (const c of cubeLesions(plan, options)) {
      if (!written.has(c.image) || !written.has(c.mask)) continue;
      const l = c.lesion;
      const g = cubeGrid(plan.geometry, l.center, options.cubeMm, options.cubeSpacingMm);
      const row = [
        plan.caseId, plan.patientId, plan.seriesInstanceUid, plan.split, l.key, l.ordinal, c.label, l.decision, l.source, l.reason,
        l.center[0], l.center[1], l.center[2], l.diameterMm, g.n, g.spacingMm, g.centerIndex,
        g.origin[0], g.origin[1], g.origin[2], g.direction.join(' '), c.image, c.mask,
      ];
      lines.push(row.map(field).join(','));
    }
  }
  return lines.join('\n') + '\n';
}
