import { z } from 'zod';
import { event, op } from './define';
import { JobId } from '../jobs';

export const DatasetId = z.number().int().positive();
export type DatasetId = z.infer<typeof DatasetId>;

export const DatasetSummary = z.object({
  id: DatasetId,
  name: z.string(),
  rootPath: z.string(),
  kind: z.string(),
  /** The recognised layout: kaggle-dsb2017 | luna16 | lidc-idri | folder | mixed | demo. */
  layout: z.string(),
  /** How the UI names the layout, e.g. "LUNA16 (subset0, annotations.csv)". */
  displayName: z.string().nullable(),
  scanCount: z.number().int().nonnegative(),
  createdAt: z.number(),
  indexedAt: z.number().nullable(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

/** What importing one annotation file did: rows matched to scans, rows for absent scans, bad rows. */
export const AnnotationImportReport = z.object({
  file: z.string(),
  kind: z.string(),
  rowsTotal: z.number().int(),
  rowsMatched: z.number().int(),
  rowsUnmatched: z.number().int(),
  seriesUnmatched: z.number().int(),
  errors: z.array(z.object({ file: z.string(), line: z.number().int(), message: z.string() })),
  importedAt: z.number(),
});
export type AnnotationImportReport = z.infer<typeof AnnotationImportReport>;

export const DatasetReport = z.object({
  datasetId: DatasetId,
  scans: z.number().int(),
  filesIndexed: z.number().int(),
  filesSkipped: z.number().int(),
  warnings: z.number().int(),
  imports: z.array(AnnotationImportReport),
});
export type DatasetReport = z.infer<typeof DatasetReport>;

export const datasetOps = {
  listDatasets: op({ input: z.object({}), output: z.array(DatasetSummary), doc: 'Every indexed dataset.' }),
  importDataset: op({
    input: z.object({ path: z.string().min(1).max(4096), name: z.string().max(200).optional() }),
    output: z.object({ datasetId: DatasetId, jobId: JobId }),
    doc: 'Adds a folder as a dataset and indexes its scans in a job (progress on onDidUpdateJob).',
  }),
  reindexDataset: op({
    input: z.object({ datasetId: DatasetId }),
    output: z.object({ jobId: JobId }),
    doc: 'Re-reads a dataset folder in a job: only new or changed files are read; removed ones are noticed.',
  }),
  getDatasetReport: op({
    input: z.object({ datasetId: DatasetId }),
    output: DatasetReport,
    doc: 'Counts of the last indexing and what each annotation file import matched.',
  }),
};

export const datasetEvents = {
  onDidChangeDatasets: event({ payload: z.object({ datasetId: DatasetId }), doc: 'A dataset was added or re-indexed.' }),
};
