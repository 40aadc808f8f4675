import { z } from 'zod';
import { LungDeskError } from '../common/errors';
import { Annotation, AnnotationKind, AnnotationSource } from '../common/contract/annotations';
import { AnnotationContour } from '../common/job-catalogue';
import type { LungDeskDb } from './open-database';
import { appendAudit } from './audit';
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
  session: z.number().int().positive().nullable().default(null),
  sessionCount: z.number().int().positive().nullable().default(null),
  contours: z.array(AnnotationContour).nullable().default(null),
});
export type AnnotationInput = z.input<typeof AnnotationInput>;

const INSERT = `INSERT INTO annotations
  (scan_id, source, kind, x_mm, y_mm, z_mm, diameter_mm, reader, nodule_ref, agreement, volume_mm3,
   characteristics_json, source_file, source_line, session, session_count, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_CONTOUR = 'INSERT INTO annotation_contours (annotation_id, seq, k, inclusion, points_json) VALUES (?, ?, ?, ?, ?)';

function insertOne(db: LungDeskDb, raw: AnnotationInput, now: number): number {
  const parsed = AnnotationInput.safeParse(raw);
  if (!parsed.success) throw new LungDeskError('contract.bad-input', `bad annotation: ${parsed.error.message}`);
  const a = parsed.data;
  const r = stmt(db, INSERT).run(
    a.scanId, a.source, a.kind, a.center[0], a.center[1], a.center[2], a.diameterMm, a.reader, a.noduleRef,
    a.agreement, a.volumeMm3, a.characteristics === null ? null : JSON.stringify(a.characteristics),
    a.sourceFile, a.sourceLine, a.session, a.sessionCount, now,
  );
  const id = Number(r.lastInsertRowid);
  a.contours?.forEach((c, seq) => stmt(db, INSERT_CONTOUR).run(id, seq, c.k, c.inclusion ? 1 : 0, JSON.stringify(c.points)));
  return id;
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
  source_file AS sourceFile, source_line AS sourceLine, session, session_count AS sessionCount, created_at AS createdAt
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

/**
 * One page of a scan's live annotations in id order, after row id `afterId`: a long list is
 * read page by page so the host can answer other requests between pages.
 */
export function listAnnotationsPage(db: LungDeskDb, scanId: number, afterId: number, limit: number): Annotation[] {
  return guard(db, `listing annotations of scan ${scanId}`, () =>
    (stmt(db, `${SELECT} WHERE scan_id = ? AND deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`).all(scanId, afterId, limit) as Row[]).map((r) => toAnnotation(db, r)),
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

/** One annotation by id; deleted ones only when asked (the audit trail still names them). */
export function getAnnotation(db: LungDeskDb, id: number, opts: { includeDeleted?: boolean } = {}): Annotation | null {
  return guard(db, `reading annotation ${id}`, () => {
    const r = stmt(db, `${SELECT} WHERE id = ? AND (? = 1 OR deleted_at IS NULL)`).get(id, opts.includeDeleted ? 1 : 0) as Row | undefined;
    return r ? toAnnotation(db, r) : null;
  });
}

/** What an audit entry keeps of a user nodule: enough to see what changed. */
function auditView(a: Annotation): { center: [number, number, number]; diameterMm: number | null } {
  return { center: [...a.center], diameterMm: a.diameterMm };
}

/** The live user annotation `id`, or the precise reason it cannot be changed. */
function editableUserAnnotation(db: LungDeskDb, id: number, verb: string): Annotation {
  const a = getAnnotation(db, id);
  if (!a) throw new LungDeskError('not-found', `no annotation with id ${id} (it may have been deleted)`);
  if (a.source !== 'user') {
    throw new LungDeskError('contract.bad-input', `annotation ${id} comes from ${a.source} (${a.sourceFile ?? 'an import'}): only the reader's own nodules can be ${verb}`, {
      detail: { annotationId: id, source: a.source },
    });
  }
  return a;
}

/** Adds a user nodule and its audit entry in one transaction. */
export function addUserAnnotation(db: LungDeskDb, input: { scanId: number; center: [number, number, number]; diameterMm: number }, actor = 'user'): Annotation {
  return guard(db, `adding a user nodule to scan ${input.scanId}`, () =>
    db.sqlite.transaction(() => {
      const id = insertOne(db, { scanId: input.scanId, source: 'user', kind: 'nodule', center: input.center, diameterMm: input.diameterMm }, Date.now());
      const a = getAnnotation(db, id)!;
      appendAudit(db, { actor, action: 'annotation.created', entity: 'annotation', entityId: id, detail: { scanId: a.scanId, before: null, after: auditView(a) } });
      return a;
    })(),
  );
}

/** Moves or resizes a user nodule (other sources: contract.bad-input), audited in the same transaction. */
export function updateUserAnnotation(db: LungDeskDb, id: number, change: { center?: [number, number, number]; diameterMm?: number }, actor = 'user'): Annotation {
  return guard(db, `updating annotation ${id}`, () =>
    db.sqlite.transaction(() => {
      const before = editableUserAnnotation(db, id, 'edited');
      const center = change.center ?? before.center;
      const diameterMm = change.diameterMm ?? before.diameterMm;
      if (!center.every(Number.isFinite)) throw new LungDeskError('contract.bad-input', `annotation ${id}: centre must be finite, got ${center.join(', ')}`);
      if (diameterMm !== null && !(Number.isFinite(diameterMm) && diameterMm > 0)) {
        throw new LungDeskError('contract.bad-input', `annotation ${id}: diameter must be a positive number of mm, got ${diameterMm}`);
      }
      stmt(db, 'UPDATE annotations SET x_mm = ?, y_mm = ?, z_mm = ?, diameter_mm = ?, updated_at = ? WHERE id = ?').run(
        center[0], center[1], center[2], diameterMm, Date.now(), id,
      );
      const after = getAnnotation(db, id)!;
      appendAudit(db, { actor, action: 'annotation.updated', entity: 'annotation', entityId: id, detail: { scanId: after.scanId, before: auditView(before), after: auditView(after) } });
      return after;
    })(),
  );
}

/**
 * Marks a user nodule deleted (other sources: contract.bad-input); the row stays so the
 * audit trail can name it. Returns the annotation as it was.
 */
export function softDeleteAnnotation(db: LungDeskDb, id: number, actor = 'user'): Annotation {
  return guard(db, `deleting annotation ${id}`, () =>
    db.sqlite.transaction(() => {
      const before = editableUserAnnotation(db, id, 'deleted');
      const now = Date.now();
      stmt(db, 'UPDATE annotations SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
      appendAudit(db, { actor, action: 'annotation.deleted', entity: 'annotation', entityId: id, detail: { scanId: before.scanId, before: auditView(before), after: null } });
      return before;
    })(),
  );
}

/** The contours of a scan's live annotations, by annotation id (LIDC contoured marks). */
export function listAnnotationContours(db: LungDeskDb, scanId: number): Map<number, AnnotationContour[]> {
  return guard(db, `reading the contours of scan ${scanId}`, () => {
    const rows = stmt(
      db,
      `SELECT c.annotation_id AS id, c.k, c.inclusion, c.points_json FROM annotation_contours c
       JOIN annotations a ON a.id = c.annotation_id
       WHERE a.scan_id = ? AND a.deleted_at IS NULL ORDER BY c.annotation_id, c.seq`,
    ).all(scanId) as { id: number; k: number; inclusion: number; points_json: string }[];
    const out = new Map<number, AnnotationContour[]>();
    for (const r of rows) {
      const points = jsonColumn(db, 'annotation_contours', r.id, 'points_json', r.points_json, z.array(z.tuple([z.number(), z.number()])));
      const list = out.get(r.id);
      const c = { k: r.k, inclusion: r.inclusion === 1, points };
      if (list) list.push(c);
      else out.set(r.id, [c]);
    }
    return out;
  });
}
