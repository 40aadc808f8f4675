import { z } from 'zod';
import { LungDeskError } from '../common/errors';
import { DatasetSummary } from '../common/contract/datasets';
import type { LungDeskDb } from './open-database';
import { checkRow, guard, stmt } from './statements';

export const DatasetKind = z.enum(['folder', 'luna16', 'lidc', 'dsb2017', 'demo']);
export type DatasetKind = z.infer<typeof DatasetKind>;

export interface DatasetInput {
  name: string;
  rootPath: string;
  kind: DatasetKind;
}

/** Adds a dataset, or returns the id of the one already at `rootPath` (left unchanged). */
export function insertDataset(db: LungDeskDb, input: DatasetInput): number {
  const kind = DatasetKind.safeParse(input.kind);
  if (!kind.success) throw new LungDeskError('contract.bad-input', `unknown dataset kind '${String(input.kind)}'`);
  return guard(db, `adding dataset ${input.rootPath}`, () => {
    stmt(
      db,
      `INSERT INTO datasets (name, root_path, kind, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (root_path) DO NOTHING`,
    ).run(input.name, input.rootPath, kind.data, Date.now());
    const row = stmt(db, 'SELECT id FROM datasets WHERE root_path = ?').get(input.rootPath) as { id: number };
    return row.id;
  });
}

const SELECT_DATASETS = `
  SELECT d.id, d.name, d.root_path AS rootPath, d.kind, d.layout, d.display_name AS displayName,
         d.created_at AS createdAt, d.indexed_at AS indexedAt,
         (SELECT COUNT(*) FROM scans s WHERE s.dataset_id = d.id) AS scanCount
  FROM datasets d`;

export function listDatasets(db: LungDeskDb): DatasetSummary[] {
  return guard(db, 'listing datasets', () =>
    (stmt(db, `${SELECT_DATASETS} ORDER BY d.id`).all() as { id: number }[]).map((r) =>
      checkRow(db, 'datasets', r.id, r, DatasetSummary),
    ),
  );
}

export function getDataset(db: LungDeskDb, id: number): DatasetSummary | undefined {
  return guard(db, `reading dataset ${id}`, () => {
    const r = stmt(db, `${SELECT_DATASETS} WHERE d.id = ?`).get(id) as { id: number } | undefined;
    return r === undefined ? undefined : checkRow(db, 'datasets', r.id, r, DatasetSummary);
  });
}

/** Records when the dataset's folder was last indexed (epoch ms). */
export function markDatasetIndexed(db: LungDeskDb, id: number, at: number = Date.now()): void {
  guard(db, `marking dataset ${id} indexed`, () => {
    stmt(db, 'UPDATE datasets SET indexed_at = ? WHERE id = ?').run(at, id);
  });
}

/** Records the layout recognised in the dataset's folder and its display name. */
export function setDatasetLayout(db: LungDeskDb, id: number, layout: string, displayName: string | null): void {
  guard(db, `setting the layout of dataset ${id}`, () => {
    stmt(db, 'UPDATE datasets SET layout = ?, display_name = ? WHERE id = ?').run(layout, displayName, id);
  });
}

/** Removes a dataset; its patients, scans, files, annotations and review state go with it. */
export function deleteDataset(db: LungDeskDb, id: number): boolean {
  return guard(db, `deleting dataset ${id}`, () => stmt(db, 'DELETE FROM datasets WHERE id = ?').run(id).changes > 0);
}
