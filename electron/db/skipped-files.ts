import { z } from 'zod';
import { SkipReason, type SkippedFile } from '../common/contract/datasets';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, stmt } from './statements';

/** A file an indexing pass left out of the scans: why (`reason`), the error code and the message. */
export const SkippedFileInput = z.object({ file: z.string().min(1), reason: SkipReason, code: z.string(), message: z.string() });
export type SkippedFileInput = z.infer<typeof SkippedFileInput>;

const ReasonCount = z.object({ reason: SkipReason, count: z.number().int() });
const SkippedRow = z.object({ file: z.string(), reason: SkipReason, message: z.string() });

/** Replaces the dataset's skipped files with those of its last indexing pass (a path listed twice keeps its first reason). */
export function replaceSkippedFiles(db: LungDeskDb, datasetId: number, files: readonly SkippedFileInput[]): void {
  guard(db, `storing the skipped files of dataset ${datasetId}`, () =>
    db.sqlite.transaction(() => {
      stmt(db, 'DELETE FROM skipped_files WHERE dataset_id = ?').run(datasetId);
      const put = stmt(db, 'INSERT INTO skipped_files (dataset_id, path, reason, code, message) VALUES (?, ?, ?, ?, ?) ON CONFLICT (dataset_id, path) DO NOTHING');
      for (const f of files) {
        const v = SkippedFileInput.parse(f);
        put.run(datasetId, v.file, v.reason, v.code, v.message);
      }
    })(),
  );
}

/** How many files were skipped for each reason, most common first. */
export function countSkippedFiles(db: LungDeskDb, datasetId: number): { reason: SkipReason; count: number }[] {
  return guard(db, `counting the skipped files of dataset ${datasetId}`, () =>
    (stmt(db, 'SELECT reason, COUNT(*) AS count FROM skipped_files WHERE dataset_id = ? GROUP BY reason ORDER BY count DESC, reason').all(datasetId) as {
      reason: string;
      count: number;
    }[]).map((r, i) => checkRow(db, 'skipped_files', i, r, ReasonCount)),
  );
}

/** The first `limit` skipped files, by reason then path. */
export function listSkippedFiles(db: LungDeskDb, datasetId: number, limit: number): SkippedFile[] {
  return guard(db, `listing the skipped files of dataset ${datasetId}`, () =>
    (stmt(db, 'SELECT path AS file, reason, message FROM skipped_files WHERE dataset_id = ? ORDER BY reason, path LIMIT ?').all(datasetId, limit) as {
      file: string;
      reason: string;
      message: string;
    }[]).map((r, i) => checkRow(db, 'skipped_files', i, r, SkippedRow)),
  );
}

/** How many files the dataset's last indexing looked at. */
export function countIndexedFiles(db: LungDeskDb, datasetId: number): number {
  return guard(db, `counting the files of dataset ${datasetId}`, () => (stmt(db, 'SELECT COUNT(*) AS n FROM indexed_files WHERE dataset_id = ?').get(datasetId) as { n: number }).n);
}

/**
 * Unreadable files of the file index that `skipped_files` does not list and that are no
 * imported annotation file: what a dataset indexed before skipped files were recorded
 * (schema version 4) still shows until it is re-indexed. `error` is the stored issue (JSON).
 */
export function listUnrecordedErrorFiles(db: LungDeskDb, datasetId: number): { file: string; error: unknown }[] {
  return guard(db, `listing the unreadable files of dataset ${datasetId}`, () =>
    (
      stmt(
        db,
        `SELECT path, error_json FROM indexed_files f WHERE f.dataset_id = ? AND f.kind = 'error'
           AND NOT EXISTS (SELECT 1 FROM skipped_files s WHERE s.dataset_id = f.dataset_id AND s.path = f.path)
           AND NOT EXISTS (SELECT 1 FROM annotation_imports a WHERE a.dataset_id = f.dataset_id AND a.file = f.path)
         ORDER BY path`,
      ).all(datasetId) as { path: string; error_json: string | null }[]
    ).map((r) => {
      let error: unknown = null;
      try {
        error = r.error_json === null ? null : JSON.parse(r.error_json);
      } catch {
        // An unparsable cache row still names its file.
      }
      return { file: r.path, error };
    }),
  );
}
