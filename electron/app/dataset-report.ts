import { SKIPPED_FILES_LISTED, type DatasetReport, type SkippedFile } from '../common/contract/datasets';
import { LungDeskError } from '../common/errors';
import { skipReasonOf, type FileIssue } from '../core/io';
import {
  countIndexedFiles,
  countSkippedFiles,
  getDataset,
  listImports,
  listScans,
  listSkippedFiles,
  listUnrecordedErrorFiles,
  replaceSkippedFiles,
  type LungDeskDb,
} from '../db';

/**
 * Stores the files an indexing pass left out of the scans, with their reasons. Annotation
 * files the pass imported (CSV, reader XML) are no images but were read, so they are not
 * skipped; every other file the pass did not put in a scan is.
 */
export function storeSkippedFiles(db: LungDeskDb, datasetId: number, index: { discovery: { skipped: readonly FileIssue[] }; reports: readonly { file: string }[] }): void {
  const imported = new Set(index.reports.map((r) => r.file));
  replaceSkippedFiles(
    db,
    datasetId,
    index.discovery.skipped.filter((i) => !imported.has(i.file)).map((i) => ({ file: i.file, reason: skipReasonOf(i), code: i.code, message: i.message })),
  );
}

/** What the last indexing of a dataset found: counts, every skipped file and why (up to `SKIPPED_FILES_LISTED`), annotation imports. */
export function buildDatasetReport(db: LungDeskDb, datasetId: number): DatasetReport {
  if (!getDataset(db, datasetId)) throw new LungDeskError('not-found', `no dataset with id ${datasetId}`);
  const scans = listScans(db, datasetId);
  const counts = new Map(countSkippedFiles(db, datasetId).map((c) => [c.reason, c.count]));
  // Datasets indexed before skipped files were recorded: their unreadable files, until a re-index.
  const older: SkippedFile[] = listUnrecordedErrorFiles(db, datasetId).map(({ file, error }) => {
    const e = error as Partial<FileIssue> | null;
    const issue: FileIssue = { file, code: e?.code ?? 'internal', message: typeof e?.message === 'string' ? e.message : `${file}: could not be read` };
    if (e?.reason) issue.reason = e.reason;
    return { file, reason: skipReasonOf(issue), message: issue.message };
  });
  for (const f of older) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  // By reason, then path: the order `listSkippedFiles` pages in.
  const key = (f: SkippedFile) => `${f.reason}\u0000${f.file}`;
  const byOrder = (a: SkippedFile, b: SkippedFile) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const files = [...listSkippedFiles(db, datasetId, SKIPPED_FILES_LISTED), ...older].sort(byOrder).slice(0, SKIPPED_FILES_LISTED);
  return {
    datasetId,
    scans: scans.length,
    filesIndexed: Math.max(0, countIndexedFiles(db, datasetId) - total),
    filesSkipped: total,
    warnings: scans.reduce((a, s) => a + s.warnings.length, 0),
    imports: listImports(db, datasetId).map(({ datasetId: _d, ...r }) => r),
    skipped: {
      byReason: [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
      files,
      truncated: total > files.length,
    },
  };
}
