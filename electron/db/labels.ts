import type { LungDeskDb } from './open-database';
import { guard, stmt } from './statements';

export interface LabelInput {
  patientId: string;
  name: string;
  value: number;
  sourceFile: string | null;
}

/** Stores patient-level labels (DSB2017 `cancer`), replacing earlier values of the same name. */
export function upsertLabels(db: LungDeskDb, datasetId: number, rows: readonly LabelInput[]): number {
  return guard(db, `storing ${rows.length} labels`, () =>
    db.sqlite.transaction(() => {
      const ins = stmt(
        db,
        `INSERT INTO labels (dataset_id, patient_id, name, value, source_file) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (dataset_id, patient_id, name) DO UPDATE SET value = excluded.value, source_file = excluded.source_file`,
      );
      for (const r of rows) ins.run(datasetId, r.patientId, r.name, r.value, r.sourceFile);
      return rows.length;
    })(),
  );
}

/** A patient's labels in a dataset, by name. */
export function labelsOf(db: LungDeskDb, datasetId: number, patientId: string): Record<string, number> {
  return guard(db, `reading labels of ${patientId}`, () => {
    const rows = stmt(db, 'SELECT name, value FROM labels WHERE dataset_id = ? AND patient_id = ?').all(datasetId, patientId) as { name: string; value: number }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  });
}
