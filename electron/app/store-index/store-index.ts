import type { IndexDatasetResult } from '../../common/job-catalogue';
import type { ImportedAnnotation, ImportedCandidate } from '../../core/datasets';
import {
  appendAudit,
  deleteScansExcept,
  getDataset,
  markDatasetIndexed,
  recordImport,
  replaceCandidates,
  replaceImportedAnnotations,
  replaceScanLesions,
  setDatasetLayout,
  updateIndexedFiles,
  upsertLabels,
  upsertScans,
  type LungDeskDb,
} from '../../db';
import { storeSkippedFiles } from '../dataset-report';

/** What storing an indexing pass did: the dataset's scans (ids in the result's order) and how many went away. */
export interface StoredIndex {
  count: number;
  scanIds: number[];
  removedScans: number;
}

/** Rows of every file by `source|seriesUid`, appended in place (linear in the rows, however many files name one series). */
function groupRows<R>(groups: readonly { source: string; seriesUid: string; rows: readonly R[] }[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const g of groups) {
    const key = `${g.source}|${g.seriesUid}`;
    const list = out.get(key);
    if (!list) out.set(key, [...g.rows]);
    else for (const row of g.rows) list.push(row);
  }
  return out;
}

const ANNOTATION_SOURCES = ['luna-csv', 'lidc-xml'] as const;
const CANDIDATE_SOURCES = ['luna-candidates', 'luna-excluded'] as const;

/**
 * Stores one indexing pass atomically on `db`: file cache, scans, each scan's imported
 * annotations and candidates (replaced, so a removed or corrected file leaves nothing stale;
 * user marks are never touched), labels, skipped files, import reports, layout, audit. Each
 * stored scan's lesion index rows are dropped in the same transaction: the caller rebuilds
 * them (a crash before that leaves them for the next start to rebuild).
 *
 * Runs on whichever connection it is given: the host's for an in-memory index, a store
 * thread's own connection otherwise (see store-index-off-thread.ts). The rows are grouped
 * before BEGIN so the write lock is held only for the statements: while it is held, a write
 * on another connection to the file waits in SQLite's busy handler.
 */
export function storeIndexResult(db: LungDeskDb, datasetId: number, r: IndexDatasetResult): StoredIndex {
  const merged = groupRows<ImportedAnnotation>(r.annotations);
  const mergedCand = groupRows<ImportedCandidate>(r.candidates);
  const perScan = r.scans.map((s) => ({
    // LIDC contours are placed on the DICOM series' slices: a MetaImage made from the same
    // series (LUNA16's .mhd) shares the UID, not necessarily the grid. World-mm rows
    // (LUNA16) fit every scan of the UID.
    annotations: ANNOTATION_SOURCES.map((source) => ({
      source,
      rows: source === 'lidc-xml' && s.format !== 'dicom' ? [] : (merged.get(`${source}|${s.seriesInstanceUid}`) ?? []),
    })),
    candidates: CANDIDATE_SOURCES.map((source) => ({ source, rows: mergedCand.get(`${source}|${s.seriesInstanceUid}`) ?? [] })),
  }));
  const reports = r.reports.map((rep) => ({ datasetId, ...rep, errors: rep.errors.slice(0, 1000) }));

  // IMMEDIATE: the write lock is taken at BEGIN, so another connection's commit cannot turn
  // this transaction's first write into SQLITE_BUSY halfway through.
  return db.sqlite
    .transaction((): StoredIndex => {
      updateIndexedFiles(db, datasetId, r.discovery.entries, r.discovery.removed);
      const ids = upsertScans(db, datasetId, r.scans);
      const removedScans = deleteScansExcept(db, datasetId, ids);
      perScan.forEach((p, i) => {
        const scanId = ids[i]!;
        for (const a of p.annotations) replaceImportedAnnotations(db, scanId, a.source, a.rows.map((row) => ({ ...row, scanId, source: a.source })));
        for (const c of p.candidates) replaceCandidates(db, scanId, c.source, c.rows);
        replaceScanLesions(db, scanId, []);
      });
      if (r.labels.length) upsertLabels(db, datasetId, r.labels);
      storeSkippedFiles(db, datasetId, r);
      for (const rep of reports) recordImport(db, rep);
      const ds = getDataset(db, datasetId);
      setDatasetLayout(db, datasetId, ds?.kind === 'demo' ? 'demo' : r.layout.kind, r.layout.displayName);
      markDatasetIndexed(db, datasetId);
      appendAudit(db, {
        actor: 'lungdesk',
        action: 'dataset.indexed',
        entity: 'dataset',
        entityId: String(datasetId),
        detail: { scans: ids.length, removedScans, ...r.discovery.stats, reports: r.reports.length },
      });
      return { count: ids.length, scanIds: ids, removedScans };
    })
    .immediate();
}
