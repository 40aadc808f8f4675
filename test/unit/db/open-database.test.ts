import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LungDeskError } from '../../../electron/common/errors';
import { LATEST_SCHEMA_VERSION, migrations } from '../../../electron/db/migrations';
import { insertDataset, listDatasets } from '../../../electron/db/datasets';
import { getScan, getScanFiles, type ScanRecordInput } from '../../../electron/db/scans';
import type { LungDeskDb } from '../../../electron/db/open-database';
import { open, rawSqlite, sampleScan, tempDir } from './test-db';

const opened: LungDeskDb[] = [];
function track(db: LungDeskDb): LungDeskDb {
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function tables(db: LungDeskDb): string[] {
  return (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/** A scan row as the version-1 schema holds it (upsertScan writes the newest columns). */
function insertScanV1(db: LungDeskDb, datasetId: number, scan: ScanRecordInput): number {
  const row = db.sqlite
    .prepare(
      `INSERT INTO scans (dataset_id, series_instance_uid, study_instance_uid, patient_id, modality, description, format, path,
         dims_json, spacing_json, origin_json, direction_json, slice_count, warnings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      datasetId,
      scan.seriesInstanceUid,
      scan.studyInstanceUid,
      scan.patientId,
      scan.modality,
      scan.description,
      scan.format,
      scan.path,
      JSON.stringify(scan.dims),
      JSON.stringify(scan.spacing),
      JSON.stringify(scan.origin),
      JSON.stringify(scan.direction),
      scan.sliceCount,
      JSON.stringify(scan.warnings),
    ) as { id: number };
  const put = db.sqlite.prepare('INSERT INTO scan_files (scan_id, path, size, mtime_ms, slice_index) VALUES (?, ?, ?, ?, ?)');
  scan.files.forEach((f, i) => put.run(row.id, f.path, f.size, f.mtimeMs, i));
  return row.id;
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

describe('openDatabase', () => {
  it('creates every table of the schema, in WAL mode with foreign keys on, at the newest version', () => {
    const file = path.join(tempDir(), 'index.sqlite');
    const db = track(open(file));
    expect(tables(db)).toEqual(
      expect.arrayContaining(['datasets', 'patients', 'scans', 'scan_files', 'annotations', 'audit_log', 'review_state', 'indexed_files', 'candidates', 'labels', 'annotation_imports', 'mask_versions', 'exports']),
    );
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('numbers migrations 1..N with no gap, so user_version says which have run', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  it('opens :memory: databases (tests and tools)', () => {
    const db = track(open(':memory:'));
    expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('reopening a current database changes nothing and keeps its rows', () => {
    const file = path.join(tempDir(), 'index.sqlite');
    const first = open(file);
    insertDataset(first, { name: 'a', rootPath: '/a', kind: 'folder' });
    first.close();
    const db = track(open(file));
    expect(listDatasets(db).map((d) => d.rootPath)).toEqual(['/a']);
  });

  for (let from = 0; from < LATEST_SCHEMA_VERSION; from++) {
    it(`upgrades a version-${from} database to version ${LATEST_SCHEMA_VERSION}, keeping its rows`, () => {
      const file = path.join(tempDir(), 'index.sqlite');
      const old = open(file, { migrations: migrations.slice(0, from) });
      expect(old.schemaVersion).toBe(from);
      let scanId: number | undefined;
      if (from >= 1) {
        const ds = insertDataset(old, { name: 'old', rootPath: '/old', kind: 'luna16' });
        scanId = insertScanV1(old, ds, sampleScan(1));
      }
      old.close();

      const db = track(open(file));
      expect(db.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(tables(db)).toContain('review_state');
      if (scanId !== undefined) {
        expect(listDatasets(db)).toMatchObject([{ rootPath: '/old', kind: 'luna16', scanCount: 1 }]);
        expect(getScan(db, scanId)?.seriesInstanceUid).toBe(sampleScan(1).seriesInstanceUid);
        // The version-2 table works against the kept rows.
        db.sqlite.prepare("INSERT INTO review_state (scan_id, status, updated_at) VALUES (?, 'done', 1)").run(scanId);
      }
    });
  }

  it('version 4 drops the cached headers of scans stored with a gap (stacked at the median step), so a re-index pads them', () => {
    const file = path.join(tempDir(), 'index.sqlite');
    const old = open(file, { migrations: migrations.slice(0, 3) });
    const ds = insertDataset(old, { name: 'old', rootPath: '/data/ds', kind: 'folder' });
    const gapped = sampleScan(1, 3, { warnings: ['missing slices: 1 gap(s), ≈1 slice(s) missing: 5 mm between 0 and 5 mm (≈1 missing)'] });
    const complete = sampleScan(2, 3, { warnings: [] });
    const gappedId = insertScanV1(old, ds, gapped);
    insertScanV1(old, ds, complete);
    const put = old.sqlite.prepare("INSERT INTO indexed_files (dataset_id, path, size, mtime_ms, kind, header_json) VALUES (?, ?, 1, 1, 'dicom', '{}')");
    for (const f of [...gapped.files, ...complete.files]) put.run(ds, f.path);
    old.close();

    const db = track(open(file));
    const cached = (db.sqlite.prepare('SELECT path FROM indexed_files ORDER BY path').all() as { path: string }[]).map((r) => r.path);
    expect(cached).toEqual(complete.files.map((f) => f.path));
    expect(getScan(db, gappedId)?.missingSlices).toEqual([]);
    expect(getScanFiles(db, gappedId)).toEqual(gapped.files.map((f) => f.path));
  });

  it('applies each migration in its own transaction: a failing one leaves the database at the previous version', () => {
    const file = path.join(tempDir(), 'index.sqlite');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', up: 'CREATE TABLE x (a); SELECT * FROM nowhere;' }];
    const err = catchError(() => open(file, { migrations: broken }));
    expect(err.code).toBe('db.failed');
    expect(err.file).toBe(file);
    expect(err.message).toContain('broken');
    const raw = rawSqlite(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a database from a newer LungDesk (db.newer-schema) and leaves its bytes and user_version untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'index.sqlite');
    const raw = rawSqlite(file);
    raw.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO future_things (v) VALUES (1);');
    raw.pragma('user_version = 999');
    raw.close();
    const before = fs.readFileSync(file);

    const err = catchError(() => open(file));
    expect(err.code).toBe('db.newer-schema');
    expect(err.file).toBe(file);
    expect(err.message).toBe(
      `database ${file} has schema version 999, newer than this LungDesk (${LATEST_SCHEMA_VERSION}): upgrade LungDesk or open another data folder`,
    );

    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['index.sqlite']); // no -wal/-shm either
    const check = rawSqlite(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(999);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses a newer WAL-mode database too, without changing its user_version', () => {
    const file = path.join(tempDir(), 'index.sqlite');
    const raw = rawSqlite(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (a)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(catchError(() => open(file)).code).toBe('db.newer-schema');
    const check = rawSqlite(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    check.close();
  });

  it('reports a file that is not a database as db.failed naming the file', () => {
    const file = path.join(tempDir(), 'index.sqlite');
    fs.writeFileSync(file, 'this is not an SQLite database, just text that is long enough to have a header '.repeat(10));
    const err = catchError(() => open(file));
    expect(err.code).toBe('db.failed');
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not a database/);
  });

  it('reports a folder that does not exist as db.failed naming the file', () => {
    const file = path.join(tempDir(), 'missing', 'sub', 'index.sqlite');
    const err = catchError(() => open(file));
    expect(err.code).toBe('db.failed');
    expect(err.file).toBe(file);
    expect(err.message).toMatch(/unable to open|directory does not exist/);
  });
});
