import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type LungDeskDb, type OpenDatabaseOptions } from '../../../electron/db/open-database';
import type { ScanRecordInput } from '../../../electron/db/scans';

/**
 * Where better-sqlite3's addon lives when it was built outside node_modules
 * (LUNGDESK_SQLITE_BINDING=/path/to/better_sqlite3.node); unset, the package's own build is used.
 */
export const nativeBinding = process.env.LUNGDESK_SQLITE_BINDING || undefined;

export function rawSqlite(file: string, opts: Database.Options = {}): Database.Database {
  return new Database(file, nativeBinding ? { ...opts, nativeBinding } : opts);
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-db-'));
}

export function open(file: string, opts: OpenDatabaseOptions = {}): LungDeskDb {
  return openDatabase(file, nativeBinding ? { ...opts, nativeBinding } : opts);
}

export function sampleScan(n: number, files = 3, overrides: Partial<ScanRecordInput> = {}): ScanRecordInput {
  return {
    seriesInstanceUid: `1.2.826.0.1.3680043.2.${n}`,
    studyInstanceUid: `1.2.826.0.1.3680043.1.${n}`,
    patientId: `P${n % 7}`,
    modality: 'CT',
    description: `chest ${n}`,
    format: 'dicom',
    path: `/data/ds/series-${n}`,
    dims: [512, 512, files],
    spacing: [0.7, 0.7, 1.25],
    origin: [-180, -180, -300],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    sliceCount: files,
    warnings: n % 2 ? ['uneven slice spacing'] : [],
    files: Array.from({ length: files }, (_, i) => ({ path: `/data/ds/series-${n}/IM${String(i).padStart(5, '0')}.dcm`, size: 525_000 + i, mtimeMs: 1_700_000_000_000 + i })),
    ...overrides,
  };
}
