import { z } from 'zod';
import { LungDeskError } from '../common/errors';
import { Annotation, AnnotationKind, AnnotationSource } from '../common/contract/annotations';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, jsonColumn, stmt } from './statements';

export const AnnotationInput = z.object({
  scanId: z.number().int().positive(),
  source: AnnotationSource,
  kind: AnnotationKind,
  center: z.tuple([z.number(), z.number(), z.number()]).refine((c) => c.every(Number.isFinite), 'centre must be finite'),
  diameterMm: z.number().positive().finite().nullable(),
  reader: z.string().nullable().default(null),
  noduleRef: z.string().nullable().default(null),
  agreement: z.number().int().nonnegative().nullable().default(null),
  volumeMm3: z.number().nonnegative().nullable().default(null),
  characteristics: z.record(z.string(), z.number()).nullable().default(null),
  sourceFile: z.string().nullable().default(null),
  sourceLine: z.number().int().nullable().default(null),
});
export type AnnotationInput = z.input<typeof AnnotationInput>;

const INSERT = `INSERT INTO annotations
  (scan_id, source, kind, x_mm, y_mm, z_mm, diameter_mm, reader, nodule_ref, agreement, volume_mm3,
   characteristics_json, source_file, source_line, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function insertOne(db: LungDeskDb, raw: AnnotationInput, now: number): number {
  const parsed = AnnotationInput.safeParse(raw);
  if (!parsed.success) throw new LungDeskError('contract.bad-input', `bad annotation: ${parsed.error.message}`);
  const a = parsed.data;
  const r = stmt(db, INSERT).run(
    a.scanId, a.source, a.kind, a.center[0], a.center[1], a.center[2], a.diameterMm, a.reader, a.noduleRef,
    a.agreement, a.volumeMm3, a.characteristics === null ? null : JSON.stringify(a.characteristics),
    a.sourceFile, a.sourceLine, now,
  );
  return Number(r.lastInsertRowid);
}

/**
 * Replaces what one import source (a CSV or an XML) gave a scan, in one transaction, so
 * importing the same file again never duplicates. User annotations are never touched here.
 */
export function replaceImportedAnnotations(db: LungDeskDb, scanId: number, source: 'luna-csv' | 'lidc-xml', rows: readonly AnnotationInput[]): number[] {
  return guard(db, `storing ${source} annotations of scan ${scanId}`, () =>
    db.sqlite.transaction(() => {
      stmt(db, 'DELETE FROM annotations WHERE scan_id = ? AND source = ?').run(scanId, source);
      const now = Date.now();
      return rows.map((r) => insertOne(db, { ...r, scanId, source }, now));
    })(),
  );
}

/** Adds annotations (e.g. user marks); ids in input order. */
export function insertAnnotations(db: LungDeskDb, rows: readonly AnnotationInput[]): number[] {
  return guard(db, `storing ${rows.length} annotations`, () =>
    db.sqlite.transaction(() => {
      const now = Date.now();
      return rows.map((r) => insertOne(db, r, now));
    })(),
  );
}

const SELECT = `SELECT id, scan_id AS scanId, source, kind, x_mm, y_mm, z_mm, diameter_mm AS diameterMm,
  reader, nodule_ref AS noduleRef, agreement, volume_mm3 AS volumeMm3, characteristics_json,
  source_file AS sourceFile, source_line AS sourceLine, created_at AS createdAt
  FROM annotations`;

type Row = { id: number; x_mm: number; y_mm: number; z_mm: number; characteristics_json: string | null } & Record<string, unknown>;

function toAnnotation(db: LungDeskDb, r: Row): Annotation {
  const characteristics =
    r.characteristics_json === null ? null : jsonColumn(db, 'annotations', r.id, 'characteristics_json', r.characteristics_json, z.record(z.string(), z.number()));
  const { x_mm, y_mm, z_mm, characteristics_json: _c, ...rest } = r;
  return checkRow(db, 'annotations', r.id, { ...rest, center: [x_mm, y_mm, z_mm], characteristics }, Annotation);
}

/** A scan's live annotations (not deleted), by source then id. */
export function listAnnotations(db: LungDeskDb, scanId: number): Annotation[] {
  return guard(db, `listing annotations of scan ${scanId}`, () =>
    (stmt(db, `${SELECT} WHERE scan_id = ? AND deleted_at IS NULL ORDER BY source, id`).all(scanId) as Row[]).map((r) => toAnnotation(db, r)),
  );
}

/** Count of live annotations per (scan, source, kind) for every scan of a dataset. */
export function countAnnotationsByScan(db: LungDeskDb, datasetId?: number): { scanId: number; source: string; kind: string; n: number }[] {
  return guard(db, 'counting annotations', () =>
    stmt(
      db,
      `SELECT a.scan_id AS scanId, a.source, a.kind, COUNT(*) AS n FROM annotations a
       JOIN scans s ON s.id = a.scan_id
       WHERE a.deleted_at IS NULL AND (? IS NULL OR s.dataset_id = ?)
       GROUP BY a.scan_id, a.source, a.kind`,
    ).all(datasetId ?? null, datasetId ?? null) as { scanId: number; source: string; kind: string; n: number }[],
  );
}

/** Centres of every live LUNA16 row, LIDC consensus nodule and user mark of a dataset's scans. */
export function listNoduleMarks(db: LungDeskDb, datasetId?: number): { scanId: number; source: string; kind: string; center: [number, number, number]; diameterMm: number | null }[] {
  return guard(db, 'listing nodule marks', () =>
    (
      stmt(
        db,
        `SELECT a.scan_id AS scanId, a.source, a.kind, a.x_mm AS x, a.y_mm AS y, a.z_mm AS z, a.diameter_mm AS diameterMm
         FROM annotations a JOIN scans s ON s.id = a.scan_id
         WHERE a.deleted_at IS NULL AND a.kind IN ('nodule', 'consensus') AND (? IS NULL OR s.dataset_id = ?)`,
      ).all(datasetId ?? null, datasetId ?? null) as { scanId: number; source: string; kind: string; x: number; y: number; z: number; diameterMm: number | null }[]
    ).map((r) => ({ scanId: r.scanId, source: r.source, kind: r.kind, center: [r.x, r.y, r.z] as [number, number, number], diameterMm: r.diameterMm })),
  );
}
