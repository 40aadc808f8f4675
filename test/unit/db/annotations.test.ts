import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addUserAnnotation,
  countAnnotationsByScan,
  getAnnotation,
  listAudit,
  softDeleteAnnotation,
  updateUserAnnotation,
  countCandidates,
  insertAnnotations,
  insertDataset,
  labelsOf,
  listAnnotations,
  listImports,
  listIndexedFiles,
  recordImport,
  replaceCandidates,
  replaceImportedAnnotations,
  updateIndexedFiles,
  upsertLabels,
  upsertScan,
  type LungDeskDb,
} from '../../../electron/db';
import { open, sampleScan, tempDir } from './test-db';

const opened: LungDeskDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function fresh(): { db: LungDeskDb; datasetId: number; scanId: number } {
  const db = open(path.join(tempDir(), 'index.sqlite'));
  opened.push(db);
  const datasetId = insertDataset(db, { name: 'd', rootPath: '/d', kind: 'folder' });
  const scanId = upsertScan(db, datasetId, sampleScan(1));
  return { db, datasetId, scanId };
}

describe('annotations', () => {
  it('re-importing a source replaces its rows, and never touches user marks', () => {
    const { db, scanId } = fresh();
    insertAnnotations(db, [{ scanId, source: 'user', kind: 'nodule', center: [1, 2, 3], diameterMm: 6 }]);
    const row = { scanId, source: 'luna-csv' as const, kind: 'nodule' as const, center: [-10.5, 20, -30] as [number, number, number], diameterMm: 5.2, sourceFile: '/a.csv', sourceLine: 7 };
    replaceImportedAnnotations(db, scanId, 'luna-csv', [row, row]);
    replaceImportedAnnotations(db, scanId, 'luna-csv', [row]);
    const all = listAnnotations(db, scanId);
    expect(all.filter((a) => a.source === 'luna-csv')).toHaveLength(1);
    expect(all.filter((a) => a.source === 'user')).toHaveLength(1);
    expect(all.find((a) => a.source === 'luna-csv')).toMatchObject({ center: [-10.5, 20, -30], diameterMm: 5.2, sourceFile: '/a.csv', sourceLine: 7, kind: 'nodule' });
  });

  it('keeps LIDC provenance: reader, cluster, agreement, characteristics', () => {
    const { db, scanId } = fresh();
    replaceImportedAnnotations(db, scanId, 'lidc-xml', [
      { scanId, source: 'lidc-xml', kind: 'consensus', center: [1, 1, 1], diameterMm: 8, noduleRef: 'c1', agreement: 4, volumeMm3: 250, characteristics: { malignancy: 3.5 } },
      { scanId, source: 'lidc-xml', kind: 'non-nodule', center: [5, 5, 5], diameterMm: null, reader: 'r2' },
    ]);
    const [c, nn] = listAnnotations(db, scanId);
    expect(c).toMatchObject({ kind: 'consensus', noduleRef: 'c1', agreement: 4, volumeMm3: 250, characteristics: { malignancy: 3.5 } });
    expect(nn).toMatchObject({ kind: 'non-nodule', reader: 'r2', diameterMm: null, characteristics: null });
    expect(countAnnotationsByScan(db).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { scanId, source: 'lidc-xml', kind: 'consensus', n: 1 },
      { scanId, source: 'lidc-xml', kind: 'non-nodule', n: 1 },
    ]);
  });

  it('refuses an annotation with a non-finite centre (contract.bad-input)', () => {
    const { db, scanId } = fresh();
    expect(() => insertAnnotations(db, [{ scanId, source: 'user', kind: 'nodule', center: [NaN, 0, 0], diameterMm: 4 }])).toThrow(
      expect.objectContaining({ code: 'contract.bad-input' }),
    );
  });
});

describe('user nodules', () => {
  const lunaRow = (scanId: number) => ({ scanId, source: 'luna-csv' as const, kind: 'nodule' as const, center: [1, 1, 1] as [number, number, number], diameterMm: 5, sourceFile: '/a.csv', sourceLine: 2 });

  it('adds, moves, resizes and soft-deletes a user nodule, each with an audit entry holding before and after', () => {
    const { db, scanId } = fresh();
    const added = addUserAnnotation(db, { scanId, center: [10, -20, 30], diameterMm: 6 });
    expect(added).toMatchObject({ scanId, source: 'user', kind: 'nodule', center: [10, -20, 30], diameterMm: 6 });
    const moved = updateUserAnnotation(db, added.id, { center: [11, -21, 31] });
    expect(moved).toMatchObject({ id: added.id, center: [11, -21, 31], diameterMm: 6 });
    const resized = updateUserAnnotation(db, added.id, { diameterMm: 8.5 });
    expect(resized).toMatchObject({ center: [11, -21, 31], diameterMm: 8.5 });
    softDeleteAnnotation(db, added.id);

    expect(listAnnotations(db, scanId)).toEqual([]);
    expect(getAnnotation(db, added.id)).toBeNull();
    expect(getAnnotation(db, added.id, { includeDeleted: true })).toMatchObject({ id: added.id, diameterMm: 8.5 });
    expect(countAnnotationsByScan(db)).toEqual([]);

    const audit = listAudit(db, { entity: 'annotation' }).reverse();
    expect(audit.map((e) => e.action)).toEqual(['annotation.created', 'annotation.updated', 'annotation.updated', 'annotation.deleted']);
    for (const e of audit) expect(e).toMatchObject({ actor: 'user', entity: 'annotation', entityId: String(added.id) });
    expect(audit[0]!.detail).toEqual({ scanId, before: null, after: { center: [10, -20, 30], diameterMm: 6 } });
    expect(audit[1]!.detail).toEqual({ scanId, before: { center: [10, -20, 30], diameterMm: 6 }, after: { center: [11, -21, 31], diameterMm: 6 } });
    expect(audit[3]!.detail).toEqual({ scanId, before: { center: [11, -21, 31], diameterMm: 8.5 }, after: null });
  });

  it('refuses to edit or delete imported annotations (contract.bad-input) and leaves them and the audit log untouched', () => {
    const { db, scanId } = fresh();
    const [lunaId] = replaceImportedAnnotations(db, scanId, 'luna-csv', [lunaRow(scanId)]);
    expect(() => updateUserAnnotation(db, lunaId!, { diameterMm: 9 })).toThrow(expect.objectContaining({ code: 'contract.bad-input', message: expect.stringContaining('only the reader') }));
    expect(() => softDeleteAnnotation(db, lunaId!)).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
    expect(listAnnotations(db, scanId)).toEqual([expect.objectContaining({ id: lunaId, diameterMm: 5 })]);
    expect(listAudit(db, { entity: 'annotation' })).toEqual([]);
  });

  it('answers not-found for an unknown or already deleted annotation', () => {
    const { db, scanId } = fresh();
    const a = addUserAnnotation(db, { scanId, center: [0, 0, 0], diameterMm: 4 });
    softDeleteAnnotation(db, a.id);
    expect(() => softDeleteAnnotation(db, a.id)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => updateUserAnnotation(db, 999, { diameterMm: 4 })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('writes the change and its audit entry in one transaction: a failed audit insert undoes the change', () => {
    const { db, scanId } = fresh();
    const a = addUserAnnotation(db, { scanId, center: [0, 0, 0], diameterMm: 4 });
    // An audit row that cannot be inserted: the trigger makes the audit INSERT fail.
    db.sqlite.exec("CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
    expect(() => updateUserAnnotation(db, a.id, { diameterMm: 7 })).toThrow(expect.objectContaining({ code: 'db.failed' }));
    expect(() => softDeleteAnnotation(db, a.id)).toThrow(expect.objectContaining({ code: 'db.failed' }));
    expect(() => addUserAnnotation(db, { scanId, center: [5, 5, 5], diameterMm: 4 })).toThrow(expect.objectContaining({ code: 'db.failed' }));
    expect(listAnnotations(db, scanId)).toEqual([expect.objectContaining({ id: a.id, diameterMm: 4 })]);
  });

  it('refuses a non-finite centre on update (contract.bad-input)', () => {
    const { db, scanId } = fresh();
    const a = addUserAnnotation(db, { scanId, center: [0, 0, 0], diameterMm: 4 });
    expect(() => updateUserAnnotation(db, a.id, { center: [0, Infinity, 0] })).toThrow(expect.objectContaining({ code: 'contract.bad-input' }));
  });
});

describe('candidates, labels and import reports', () => {
  it('replaces candidates and irrelevant findings per source and counts them', () => {
    const { db, scanId } = fresh();
    const c = { x: 1, y: 2, z: 3, diameterMm: null, candidateClass: 1, sourceFile: 'candidates.csv', sourceLine: 2 };
    replaceCandidates(db, scanId, 'luna-candidates', [c, c, c]);
    replaceCandidates(db, scanId, 'luna-excluded', [{ ...c, candidateClass: null }]);
    replaceCandidates(db, scanId, 'luna-candidates', [c]);
    expect(countCandidates(db, scanId)).toEqual({ candidates: 1, excluded: 1 });
  });

  it('upserts patient labels and records the last import of each file', () => {
    const { db, datasetId } = fresh();
    upsertLabels(db, datasetId, [{ patientId: 'P1', name: 'cancer', value: 0, sourceFile: 'l.csv' }]);
    upsertLabels(db, datasetId, [{ patientId: 'P1', name: 'cancer', value: 1, sourceFile: 'l.csv' }]);
    expect(labelsOf(db, datasetId, 'P1')).toEqual({ cancer: 1 });
    const rep = { datasetId, file: '/x/annotations.csv', kind: 'luna-annotations', rowsTotal: 10, rowsMatched: 1, rowsUnmatched: 9, seriesUnmatched: 5, errors: [{ file: '/x/annotations.csv', line: 4, message: 'bad number' }] };
    recordImport(db, rep);
    recordImport(db, { ...rep, rowsMatched: 2, rowsUnmatched: 8 });
    expect(listImports(db, datasetId)).toEqual([expect.objectContaining({ rowsMatched: 2, rowsUnmatched: 8, errors: rep.errors })]);
  });
});

describe('file header cache', () => {
  it('stores headers by path with size and mtime, and forgets removed files', () => {
    const { db, datasetId } = fresh();
    updateIndexedFiles(db, datasetId, [
      { path: '/d/a.dcm', size: 10, mtimeMs: 1.5, kind: 'dicom', header: { rows: 512 }, error: null },
      { path: '/d/b.txt', size: 3, mtimeMs: 2, kind: 'error', header: null, error: { code: 'io.not-dicom', message: 'x' } },
    ], []);
    updateIndexedFiles(db, datasetId, [{ path: '/d/a.dcm', size: 11, mtimeMs: 3, kind: 'dicom', header: { rows: 256 }, error: null }], ['/d/b.txt']);
    const files = listIndexedFiles(db, datasetId);
    expect([...files.keys()]).toEqual(['/d/a.dcm']);
    expect(files.get('/d/a.dcm')).toEqual({ path: '/d/a.dcm', size: 11, mtimeMs: 3, kind: 'dicom', header: { rows: 256 }, error: null });
  });
});
