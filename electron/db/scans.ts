import { z } from 'zod';
import { LungDeskError } from '../common/errors';
import { Mat3, Vec3 } from '../common/geometry';
import { ScanFormat, ScanSummary } from '../common/contract/scans';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, jsonColumn, stmt } from './statements';

const Dims = z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]);
const Warnings = z.array(z.string());
const MissingSlices = z.array(z.number().int().nonnegative());

export const ScanFileInput = z.object({
  path: z.string().min(1),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number(),
});
export type ScanFileInput = z.infer<typeof ScanFileInput>;

/** What the indexer knows about one series or one image file. `files` are in slice order. */
export const ScanRecordInput = z.object({
  seriesInstanceUid: z.string(),
  studyInstanceUid: z.string(),
  patientId: z.string(),
  modality: z.string(),
  description: z.string(),
  format: ScanFormat,
  /** The series folder (DICOM) or the header file (MetaImage .mhd, NIfTI, NRRD). */
  path: z.string().min(1),
  dims: Dims,
  spacing: Vec3,
  origin: Vec3,
  direction: Mat3,
  sliceCount: z.number().int().nonnegative(),
  /** Slots of the z axis no file fills (a DICOM series with missing slices); `files` fill the others in order. */
  missingSlices: MissingSlices.default([]),
  warnings: Warnings,
  files: z.array(ScanFileInput),
}).refine((s) => s.missingSlices.every((k) => k < s.dims[2]), { message: 'every missing slice must be a slot of the z axis (below dims[2])', path: ['missingSlices'] });
/** What callers give (`missingSlices` may be left out: none). */
export type ScanRecordInput = z.input<typeof ScanRecordInput>;
type CheckedScan = z.output<typeof ScanRecordInput>;

/** A stored scan: the contract's ScanSummary plus the study uid. */
export const ScanRecord = ScanSummary.extend({ studyInstanceUid: z.string() });
export type ScanRecord = z.infer<typeof ScanRecord>;

/**
 * Adds a scan to a dataset or refreshes the one with the same (series uid, path), keeping its
 * id; its file list is replaced. Returns the scan id. Safe to call again for the same scan.
 */
export function upsertScan(db: LungDeskDb, datasetId: number, scan: ScanRecordInput): number {
  const input = checkInput(scan);
  return guard(db, `storing scan ${input.path}`, () => db.sqlite.transaction(() => writeScan(db, datasetId, input))());
}

/** Stores many scans in one transaction (one fsync instead of one per scan); ids in input order. */
export function upsertScans(db: LungDeskDb, datasetId: number, scans: readonly ScanRecordInput[]): number[] {
  const inputs = scans.map(checkInput);
  return guard(db, `storing ${scans.length} scans`, () =>
    db.sqlite.transaction(() => inputs.map((s) => writeScan(db, datasetId, s)))(),
  );
}

function checkInput(scan: ScanRecordInput): CheckedScan {
  const parsed = ScanRecordInput.safeParse(scan);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new LungDeskError('contract.bad-input', `scan ${String(scan?.path)} cannot be stored: ${why}`, {
      file: typeof scan?.path === 'string' ? scan.path : undefined,
    });
  }
  return parsed.data;
}

function writeScan(db: LungDeskDb, datasetId: number, s: CheckedScan): number {
  let patientRef: number | null = null;
  if (s.patientId !== '') {
    // DO UPDATE (a no-op) rather than DO NOTHING so RETURNING yields the existing row too.
    const p = stmt(
      db,
      `INSERT INTO patients (dataset_id, patient_id) VALUES (?, ?)
       ON CONFLICT (dataset_id, patient_id) DO UPDATE SET patient_id = excluded.patient_id
       RETURNING id`,
    ).get(datasetId, s.patientId) as { id: number };
    patientRef = p.id;
  }
  const row = stmt(
    db,
    `INSERT INTO scans (dataset_id, patient_ref, series_instance_uid, study_instance_uid, patient_id, modality,
                        description, format, path, dims_json, spacing_json, origin_json, direction_json,
                        slice_count, warnings_json, missing_slices_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dataset_id, series_instance_uid, path) DO UPDATE SET
       patient_ref = excluded.patient_ref, study_instance_uid = excluded.study_instance_uid,
       patient_id = excluded.patient_id, modality = excluded.modality, description = excluded.description,
       format = excluded.format, dims_json = excluded.dims_json, spacing_json = excluded.spacing_json,
       origin_json = excluded.origin_json, direction_json = excluded.direction_json,
       slice_count = excluded.slice_count, warnings_json = excluded.warnings_json,
       missing_slices_json = excluded.missing_slices_json
     RETURNING id`,
  ).get(
    datasetId,
    patientRef,
    s.seriesInstanceUid,
    s.studyInstanceUid,
    s.patientId,
    s.modality,
    s.description,
    s.format,
    s.path,
    JSON.stringify(s.dims),
    JSON.stringify(s.spacing),
    JSON.stringify(s.origin),
    JSON.stringify(s.direction),
    s.sliceCount,
    JSON.stringify(s.warnings),
    JSON.stringify(s.missingSlices),
  ) as { id: number };
  stmt(db, 'DELETE FROM scan_files WHERE scan_id = ?').run(row.id);
  const insertFile = stmt(db, 'INSERT INTO scan_files (scan_id, path, size, mtime_ms, slice_index) VALUES (?, ?, ?, ?, ?)');
  // slice_index is the file's slot: its voxel z index, past the missing slices before it.
  const gaps = new Set(s.missingSlices);
  let k = 0;
  for (const f of s.files) {
    while (gaps.has(k)) k++;
    insertFile.run(row.id, f.path, f.size, f.mtimeMs, k++);
  }
  return row.id;
}

interface ScanRow {
  id: number;
  dataset_id: number;
  series_instance_uid: string;
  study_instance_uid: string;
  patient_id: string;
  modality: string;
  description: string;
  format: string;
  path: string;
  dims_json: string;
  spacing_json: string;
  origin_json: string;
  direction_json: string;
  slice_count: number;
  warnings_json: string;
  missing_slices_json: string;
}

const SELECT_SCANS = `SELECT id, dataset_id, series_instance_uid, study_instance_uid, patient_id, modality, description,
  format, path, dims_json, spacing_json, origin_json, direction_json, slice_count, warnings_json, missing_slices_json FROM scans`;

function toRecord(db: LungDeskDb, r: ScanRow): ScanRecord {
  const col = <T>(name: keyof ScanRow, schema: z.ZodType<T>) => jsonColumn(db, 'scans', r.id, name, r[name], schema);
  return checkRow(db, 'scans', r.id, {
    id: r.id,
    datasetId: r.dataset_id,
    seriesInstanceUid: r.series_instance_uid,
    studyInstanceUid: r.study_instance_uid,
    patientId: r.patient_id,
    modality: r.modality,
    description: r.description,
    format: r.format,
    path: r.path,
    dims: col('dims_json', Dims),
    spacing: col('spacing_json', Vec3),
    origin: col('origin_json', Vec3),
    direction: col('direction_json', Mat3),
    sliceCount: r.slice_count,
    missingSlices: col('missing_slices_json', MissingSlices),
    warnings: col('warnings_json', Warnings),
  }, ScanRecord);
}

/** Scans of one dataset, or of all, in insertion order. */
export function listScans(db: LungDeskDb, datasetId?: number): ScanRecord[] {
  return guard(db, 'listing scans', () => {
    const rows = (
      datasetId === undefined
        ? stmt(db, `${SELECT_SCANS} ORDER BY id`).all()
        : stmt(db, `${SELECT_SCANS} WHERE dataset_id = ? ORDER BY id`).all(datasetId)
    ) as ScanRow[];
    return rows.map((r) => toRecord(db, r));
  });
}

export function getScan(db: LungDeskDb, id: number): ScanRecord | undefined {
  return guard(db, `reading scan ${id}`, () => {
    const r = stmt(db, `${SELECT_SCANS} WHERE id = ?`).get(id) as ScanRow | undefined;
    return r === undefined ? undefined : toRecord(db, r);
  });
}

/** The scan's files in slice order (as given to upsertScan); the scan's `missingSlices` say which slots they skip. */
export function getScanFiles(db: LungDeskDb, scanId: number): string[] {
  return guard(db, `reading the files of scan ${scanId}`, () =>
    (stmt(db, 'SELECT path FROM scan_files WHERE scan_id = ? ORDER BY slice_index').all(scanId) as { path: string }[]).map(
      (r) => r.path,
    ),
  );
}

/** Removes the scans of a dataset that are not in `keep` (their files are gone); returns how many. */
export function deleteScansExcept(db: LungDeskDb, datasetId: number, keep: readonly number[]): number {
  return guard(db, `removing scans no longer present in dataset ${datasetId}`, () => {
    const keepSet = new Set(keep);
    const ids = (stmt(db, 'SELECT id FROM scans WHERE dataset_id = ?').all(datasetId) as { id: number }[]).map((r) => r.id).filter((id) => !keepSet.has(id));
    const del = stmt(db, 'DELETE FROM scans WHERE id = ?');
    for (const id of ids) del.run(id);
    return ids.length;
  });
}
