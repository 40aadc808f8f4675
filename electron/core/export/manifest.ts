import type { VolumeGeometry } from '../../common/geometry';
import type { ExportedFile } from './case-model';
import type { CaseRecord } from './case-record';
import { stableJson, type ExportParameters } from './export-parameters';

/**
 * manifest.json and manifest.csv: what an export holds, traceable to its sources. Per case:
 * the source series, patient, split, reviewer and review state, the mask versions used (with
 * the sha256 of their voxels), the lesions with their decisions and where their voxels came
 * from, and every file with its sha256 and the 4×4 LPS affine from its voxels to the source
 * scan's world mm. Built from the case records only, sorted, without times: the same export
 * gives the same bytes whether it ran at once, resumed, or in shards and was merged.
 */

export const MANIFEST_FORMAT = 'lungdesk-export-manifest/1';

export interface ManifestInput {
  version: string;
  parameters: ExportParameters;
  records: readonly CaseRecord[];
  /** Export-level files (the formats' finish: dataset.json, datalists, index CSVs). */
  exportFiles: readonly ExportedFile[];
  failed: readonly { caseId: string; reason: string }[];
  /** What the formats said of the export as a whole (their finish). */
  notes: readonly string[];
  /** A shard's own manifest: which shard, and how many cases the whole export planned. */
  shard?: { index: number; count: number; plannedCases: number };
}

/** Row-major 4×4 voxel (i, j, k, 1) → world LPS mm of a grid: direction · diag(spacing), then origin. */
export function voxelToWorldOf(g: Pick<VolumeGeometry, 'origin' | 'direction' | 'spacing'>): number[] {
  const d = g.direction;
  const s = g.spacing;
  return [
    d[0]! * s[0], d[1]! * s[1], d[2]! * s[2], g.origin[0],
    d[3]! * s[0], d[4]! * s[1], d[5]! * s[2], g.origin[1],
    d[6]! * s[0], d[7]! * s[1], d[8]! * s[2], g.origin[2],
    0, 0, 0, 1,
  ];
}

/** Roles whose files lie on the scan's own grid unless the exporter said otherwise. */
const SCAN_GRID_ROLES = new Set(['image', 'label']);

function fileEntry(f: ExportedFile, scanAffine: number[] | null) {
  const affine = f.voxelToWorld !== undefined ? f.voxelToWorld : scanAffine && SCAN_GRID_ROLES.has(f.role) ? scanAffine : null;
  return { path: f.path, role: f.role, bytes: f.bytes, sha256: f.sha256, voxelToWorld: affine };
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const byCase = (a: { caseId: string }, b: { caseId: string }) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

function caseEntry(r: CaseRecord) {
  const p = r.plan;
  const scanAffine = voxelToWorldOf(p.geometry);
  const positives = p.lesions.filter((l) => l.role === 'positive');
  return {
    caseId: p.caseId,
    patientId: p.patientId,
    seriesInstanceUid: p.seriesInstanceUid,
    studyInstanceUid: p.studyInstanceUid,
    scanId: p.scanId,
    sourceFormat: p.format,
    split: p.split,
    fold: p.fold,
    reviewer: p.reviewer,
    reviewState: p.reviewState,
    grid: p.geometry,
    scanVoxelToWorld: scanAffine,
    missingSlices: p.missingSlices,
    masks: p.masks.map((m) => ({ versionId: m.versionId, kind: m.kind, sha256: r.maskSha256[String(m.versionId)] ?? m.sha256, labels: m.labels })),
    labelSources: { lung: r.labelSources.lung },
    lesions: p.lesions.map((l) => ({
      key: l.key,
      ordinal: l.ordinal,
      role: l.role,
      decision: l.decision,
      reason: l.reason,
      center: l.center,
      diameterMm: l.diameterMm,
      source: l.source,
      malignancy: l.malignancy,
      labelSource: l.role === 'positive' ? (r.labelSources.nodule[positives.indexOf(l)] ?? null) : null,
    })),
    files: [...r.files].sort(byPath).map((f) => fileEntry(f, scanAffine)),
    notes: r.notes,
  };
}

/** manifest.json's text. */
export function manifestJson(m: ManifestInput): string {
  const records = [...m.records].sort(byCase);
  const cases = records.map(caseEntry);
  const lesions = records.flatMap((r) => r.plan.lesions);
  return stableJson({
    format: MANIFEST_FORMAT,
    lungdeskVersion: m.version,
    parameters: m.parameters,
    ...(m.shard ? { shard: m.shard } : {}),
    counts: {
      cases: cases.length,
      patients: new Set(records.map((r) => r.plan.patientId || r.plan.seriesInstanceUid)).size,
      positives: lesions.filter((l) => l.role === 'positive').length,
      negatives: lesions.filter((l) => l.role === 'negative').length,
      failed: m.failed.length,
    },
    cases,
    files: [...m.exportFiles].sort(byPath).map((f) => fileEntry(f, null)),
    notes: m.notes,
    failed: [...m.failed].sort(byCase),
  });
}

const CSV_HEADER = [
  'case_id', 'patient_id', 'series_instance_uid', 'split', 'fold', 'reviewer', 'review_state', 'mask_version_ids',
  'positives', 'negatives', 'path', 'role', 'bytes', 'sha256', 'voxel_to_world',
];

function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** manifest.csv's text: one row per file (case columns empty for the export's own files). */
export function manifestCsv(m: ManifestInput): string {
  const rows: unknown[][] = [];
  for (const r of [...m.records].sort(byCase)) {
    const p = r.plan;
    const scanAffine = voxelToWorldOf(p.geometry);
    const head = [
      p.caseId, p.patientId, p.seriesInstanceUid, p.split, p.fold, p.reviewer, p.reviewState, p.masks.map((x) => x.versionId).join(';'),
      p.lesions.filter((l) => l.role === 'positive').length, p.lesions.filter((l) => l.role === 'negative').length,
    ];
    for (const f of [...r.files].sort(byPath)) {
      const e = fileEntry(f, scanAffine);
      rows.push([...head, e.path, e.role, e.bytes, e.sha256, e.voxelToWorld?.join(';') ?? '']);
    }
  }
  for (const f of [...m.exportFiles].sort(byPath)) rows.push(['', '', '', '', '', '', '', '', '', '', f.path, f.role, f.bytes, f.sha256, f.voxelToWorld?.join(';') ?? '']);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
