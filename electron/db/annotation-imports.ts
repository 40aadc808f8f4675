import { z } from 'zod';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, jsonColumn, stmt } from './statements';

export const ImportError = z.object({ file: z.string(), line: z.number().int(), message: z.string() });

export const AnnotationImport = z.object({
  datasetId: z.number().int(),
  file: z.string(),
  kind: z.string(),
  rowsTotal: z.number().int(),
  rowsMatched: z.number().int(),
  rowsUnmatched: z.number().int(),
  /** Distinct series named by the file that are not in the dataset. */
  seriesUnmatched: z.number().int(),
  errors: z.array(ImportError),
  importedAt: z.number(),
});
export type AnnotationImport = z.infer<typeof AnnotationImport>;

/** Records what importing one annotation file did (the last import of a file wins). */
export function recordImport(db: LungDeskDb, r: Omit<AnnotationImport, 'importedAt'>): void {
  guard(db, `recording the import of ${r.file}`, () => {
    stmt(
      db,
      `INSERT INTO annotation_imports (dataset_id, file, kind, rows_total, rows_matched, rows_unmatched, series_unmatched, errors_json, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dataset_id, file) DO UPDATE SET kind = excluded.kind, rows_total = excluded.rows_total,
         rows_matched = excluded.rows_matched, rows_unmatched = excluded.rows_unmatched,
         series_unmatched = excluded.series_unmatched, errors_json = excluded.errors_json, imported_at = excluded.imported_at`,
    ).run(r.datasetId, r.file, r.kind, r.rowsTotal, r.rowsMatched, r.rowsUnmatched, r.seriesUnmatched, JSON.stringify(r.errors), Date.now());
  });
}

export function listImports(db: LungDeskDb, datasetId: number): AnnotationImport[] {
  return guard(db, `listing imports of dataset ${datasetId}`, () =>
    (
      stmt(
        db,
        `SELECT id, dataset_id AS datasetId, file, kind, rows_total AS rowsTotal, rows_matched AS rowsMatched,
           rows_unmatched AS rowsUnmatched, series_unmatched AS seriesUnmatched, errors_json, imported_at AS importedAt
         FROM annotation_imports WHERE dataset_id = ? ORDER BY file`,
      ).all(datasetId) as ({ id: number; errors_json: string } & Record<string, unknown>)[]
    ).map(({ id, errors_json, ...rest }) =>
      checkRow(db, 'annotation_imports', id, { ...rest, errors: jsonColumn(db, 'annotation_imports', id, 'errors_json', errors_json, z.array(ImportError)) }, AnnotationImport),
    ),
  );
}
