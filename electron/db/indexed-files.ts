import type { LungDeskDb } from './open-database';
import { guard, stmt } from './statements';

export type IndexedFileKind = 'dicom' | 'metaimage' | 'nifti' | 'nrrd' | 'annotation' | 'other' | 'error';

/**
 * What the indexer learnt from one file, keyed by (size, mtime) so that a re-index reads
 * only new or changed files. `header` is the reader's parsed header (JSON), `error` the
 * ErrorInfo of a file that could not be read.
 */
export interface IndexedFile {
  path: string;
  size: number;
  mtimeMs: number;
  kind: IndexedFileKind;
  header: unknown;
  error: unknown;
}

export function listIndexedFiles(db: LungDeskDb, datasetId: number): Map<string, IndexedFile> {
  return guard(db, `reading the file index of dataset ${datasetId}`, () => {
    const rows = stmt(db, 'SELECT path, size, mtime_ms, kind, header_json, error_json FROM indexed_files WHERE dataset_id = ?').all(datasetId) as {
      path: string;
      size: number;
      mtime_ms: number;
      kind: IndexedFileKind;
      header_json: string | null;
      error_json: string | null;
    }[];
    const out = new Map<string, IndexedFile>();
    for (const r of rows) {
      out.set(r.path, {
        path: r.path,
        size: r.size,
        mtimeMs: r.mtime_ms,
        kind: r.kind,
        header: r.header_json === null ? null : safeJson(r.header_json),
        error: r.error_json === null ? null : safeJson(r.error_json),
      });
    }
    return out;
  });
}

// A cache row we cannot parse is simply re-read from its file.
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Stores new or changed files and forgets removed ones, in one transaction. */
export function updateIndexedFiles(db: LungDeskDb, datasetId: number, upserts: readonly IndexedFile[], removed: readonly string[]): void {
  guard(db, `updating the file index of dataset ${datasetId}`, () =>
    db.sqlite.transaction(() => {
      const up = stmt(
        db,
        `INSERT INTO indexed_files (dataset_id, path, size, mtime_ms, kind, header_json, error_json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (dataset_id, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, kind = excluded.kind,
           header_json = excluded.header_json, error_json = excluded.error_json`,
      );
      for (const f of upserts) {
        up.run(datasetId, f.path, f.size, f.mtimeMs, f.kind, f.header == null ? null : JSON.stringify(f.header), f.error == null ? null : JSON.stringify(f.error));
      }
      const del = stmt(db, 'DELETE FROM indexed_files WHERE dataset_id = ? AND path = ?');
      for (const p of removed) del.run(datasetId, p);
    })(),
  );
}

/** Path, size and mtime of every indexed file: enough to tell whether anything changed. */
export function listIndexedFileStats(db: LungDeskDb, datasetId: number): Map<string, { size: number; mtimeMs: number }> {
  return guard(db, `reading the file index of dataset ${datasetId}`, () => {
    const rows = stmt(db, 'SELECT path, size, mtime_ms AS mtimeMs FROM indexed_files WHERE dataset_id = ?').all(datasetId) as { path: string; size: number; mtimeMs: number }[];
    return new Map(rows.map((r) => [r.path, { size: r.size, mtimeMs: r.mtimeMs }]));
  });
}
