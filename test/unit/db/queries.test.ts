import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../electron/common/errors';
import { appendAudit, listAudit } from '../../../electron/db/audit';
import { deleteDataset, getDataset, insertDataset, listDatasets, markDatasetIndexed } from '../../../electron/db/datasets';
import { getScan, getScanFiles, listScans, upsertScan, upsertScans } from '../../../electron/db/scans';
import type { LungDeskDb } from '../../../electron/db/open-database';
import { open, sampleScan, tempDir } from './test-db';

let db: LungDeskDb;
beforeEach(() => {
  db = open(path.join(tempDir(), 'index.sqlite'));
});
afterEach(() => db.close());

function count(table: string): number {
  return (db.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function catchError(fn: () => unknown): LungDeskError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LungDeskError);
    return e as LungDeskError;
  }
  throw new Error('expected a LungDeskError, nothing was thrown');
}

describe('datasets', () => {
  it('insertDataset returns the existing id for a root path already indexed', () => {
    const a = insertDataset(db, { name: 'LUNA16', rootPath: '/data/luna', kind: 'luna16' });
    const again = insertDataset(db, { name: 'renamed', rootPath: '/data/luna', kind: 'luna16' });
    expect(again).toBe(a);
    expect(count('datasets')).toBe(1);
    expect(getDataset(db, a)?.name).toBe('LUNA16');
  });

  it('listDatasets gives each dataset its scan count and creation time', () => {
    const a = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const b = insertDataset(db, { name: 'B', rootPath: '/b', kind: 'demo' });
    upsertScans(db, a, [sampleScan(1), sampleScan(2)]);
    markDatasetIndexed(db, b);
    const list = listDatasets(db);
    expect(list).toMatchObject([
      { id: a, name: 'A', rootPath: '/a', kind: 'folder', scanCount: 2 },
      { id: b, name: 'B', rootPath: '/b', kind: 'demo', scanCount: 0 },
    ]);
    expect(list[0]!.createdAt).toBeGreaterThan(0);
    expect(getDataset(db, 9999)).toBeUndefined();
  });

  it('rejects an unknown dataset kind (contract.bad-input)', () => {
    expect(catchError(() => insertDataset(db, { name: 'x', rootPath: '/x', kind: 'weird' as 'folder' })).code).toBe(
      'contract.bad-input',
    );
  });
});

describe('scans', () => {
  it('round-trips a scan with its geometry and warnings parsed back into arrays', () => {
    const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const input = sampleScan(3, 4);
    const id = upsertScan(db, ds, input);
    const { files: _files, ...rest } = input;
    expect(getScan(db, id)).toEqual({ ...rest, missingSlices: [], id, datasetId: ds });
    expect(listScans(db, ds)).toHaveLength(1);
    expect(getScan(db, 12345)).toBeUndefined();
  });

  it('stores the slots of missing slices and gives each file its slot as slice_index', () => {
    const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const id = upsertScan(db, ds, sampleScan(3, 4, { dims: [512, 512, 6], missingSlices: [1, 4] }));
    expect(getScan(db, id)?.missingSlices).toEqual([1, 4]);
    const slots = (db.sqlite.prepare('SELECT slice_index FROM scan_files WHERE scan_id = ? ORDER BY slice_index').all(id) as { slice_index: number }[]).map((r) => r.slice_index);
    expect(slots).toEqual([0, 2, 3, 5]);
    expect(getScanFiles(db, id)).toHaveLength(4);
    expect(() => upsertScan(db, ds, sampleScan(4, 4, { dims: [512, 512, 5], missingSlices: [5] }))).toThrow(/missingSlices: every missing slice must be a slot/);
  });

  it('getScanFiles returns the files in the slice order they were given', () => {
    const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const scan = sampleScan(1, 5);
    scan.files.reverse();
    const id = upsertScan(db, ds, scan);
    expect(getScanFiles(db, id)).toEqual(scan.files.map((f) => f.path));
  });

  it('upsertScan is idempotent: the same scan twice keeps one row, its id and one file list', () => {
    const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const first = upsertScan(db, ds, sampleScan(1, 3));
    const second = upsertScan(db, ds, sampleScan(1, 3, { description: 'updated' }));
    expect(second).toBe(first);
    expect(count('scans')).toBe(1);
    expect(count('scan_files')).toBe(3);
    expect(count('patients')).toBe(1);
    expect(getScan(db, first)?.description).toBe('updated');
    // A re-index that finds fewer files replaces the list.
    upsertScan(db, ds, sampleScan(1, 2));
    expect(getScanFiles(db, first)).toHaveLength(2);
  });

  it('listScans filters by dataset and lists all without one', () => {
    const a = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const b = insertDataset(db, { name: 'B', rootPath: '/b', kind: 'folder' });
    upsertScans(db, a, [sampleScan(1), sampleScan(2)]);
    upsertScans(db, b, [sampleScan(3)]);
    expect(listScans(db, a).map((s) => s.description)).toEqual(['chest 1', 'chest 2']);
    expect(listScans(db, b).map((s) => s.datasetId)).toEqual([b]);
    expect(listScans(db)).toHaveLength(3);
  });

  it('rejects a scan whose direction is not 9 numbers before touching the database (contract.bad-input)', () => {
    const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const err = catchError(() => upsertScan(db, ds, sampleScan(1, 1, { direction: [1, 0, 0] })));
    expect(err.code).toBe('contract.bad-input');
    expect(err.message).toContain('direction');
    expect(count('scans')).toBe(0);
  });

  it('a scan for a dataset that does not exist fails as db.failed (foreign key) and stores nothing', () => {
    const err = catchError(() => upsertScan(db, 777, sampleScan(1)));
    expect(err.code).toBe('db.failed');
    expect(err.file).toBe(db.file);
    expect(count('scans')).toBe(0);
  });

  it('a row whose JSON column was corrupted is reported as db.failed naming table and row, not returned', () => {
    const ds = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const id = upsertScan(db, ds, sampleScan(1));
    db.sqlite.prepare("UPDATE scans SET spacing_json = '[1, 2]' WHERE id = ?").run(id);
    const err = catchError(() => listScans(db));
    expect(err.code).toBe('db.failed');
    expect(err.message).toContain(`row ${id} of scans`);
    expect(err.message).toContain('spacing_json');
    db.sqlite.prepare("UPDATE scans SET spacing_json = 'not json' WHERE id = ?").run(id);
    expect(catchError(() => getScan(db, id)).code).toBe('db.failed');
  });

  it('deleting a dataset cascades to its patients, scans, files, annotations and review state', () => {
    const a = insertDataset(db, { name: 'A', rootPath: '/a', kind: 'folder' });
    const b = insertDataset(db, { name: 'B', rootPath: '/b', kind: 'folder' });
    const [s1] = upsertScans(db, a, [sampleScan(1), sampleScan(2)]);
    upsertScan(db, b, sampleScan(3));
    db.sqlite
      .prepare("INSERT INTO annotations (scan_id, source, x_mm, y_mm, z_mm, diameter_mm, created_at) VALUES (?, 'luna-csv', 1, 2, 3, 6, 0)")
      .run(s1);
    db.sqlite.prepare("INSERT INTO review_state (scan_id, status, updated_at) VALUES (?, 'in-progress', 0)").run(s1);
    appendAudit(db, { actor: 'test', action: 'dataset.import', entity: 'dataset', entityId: a });

    expect(deleteDataset(db, a)).toBe(true);
    expect(listScans(db).map((s) => s.datasetId)).toEqual([b]);
    expect(count('scan_files')).toBe(3);
    expect(count('patients')).toBe(1);
    expect(count('annotations')).toBe(0);
    expect(count('review_state')).toBe(0);
    expect(count('audit_log')).toBe(1); // the log keeps the history of deleted things
  });

  it('stores 10k scan files in one transaction quickly (time logged)', () => {
    const ds = insertDataset(db, { name: 'big', rootPath: '/big', kind: 'folder' });
    const t0 = performance.now();
    const id = upsertScan(db, ds, sampleScan(1, 10_000));
    const oneScanMs = performance.now() - t0;
    const t1 = performance.now();
    upsertScans(db, ds, Array.from({ length: 500 }, (_, i) => sampleScan(100 + i, 20)));
    const bulkMs = performance.now() - t1;
    console.log(`[db bench] 1 scan x 10k files: ${oneScanMs.toFixed(0)} ms; 500 scans x 20 files: ${bulkMs.toFixed(0)} ms`);
    expect(getScanFiles(db, id)).toHaveLength(10_000);
    expect(count('scans')).toBe(501);
    expect(oneScanMs).toBeLessThan(5_000);
  });
});

describe('audit log', () => {
  it('appends entries and lists them newest first with their detail parsed', () => {
    appendAudit(db, { actor: 'alice', action: 'review.status', entity: 'scan', entityId: 4, detail: { from: 'unreviewed', to: 'done' } });
    appendAudit(db, { actor: 'system', action: 'dataset.import', entity: 'dataset' });
    const entries = listAudit(db);
    expect(entries.map((e) => e.action)).toEqual(['dataset.import', 'review.status']);
    expect(entries[1]).toMatchObject({ actor: 'alice', entity: 'scan', entityId: '4', detail: { from: 'unreviewed', to: 'done' } });
    expect(listAudit(db, { entity: 'scan' })).toHaveLength(1);
  });

  it('refuses UPDATE and DELETE (append-only triggers)', () => {
    const id = appendAudit(db, { actor: 'alice', action: 'mask.save', entity: 'mask', entityId: 'm1' });
    expect(() => db.sqlite.prepare("UPDATE audit_log SET actor = 'mallory' WHERE id = ?").run(id)).toThrow(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM audit_log WHERE id = ?').run(id)).toThrow(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(listAudit(db)).toMatchObject([{ id, actor: 'alice' }]);
  });
});
