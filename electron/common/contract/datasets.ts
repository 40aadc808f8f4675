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

/**
 * Why a file under a dataset is in no scan (or in one whose pixels cannot be read):
 * not-image: not DICOM nor another image format, or a DICOM object without pixel data (SR, PR, KO);
 * unreadable: truncated, malformed header, pixel data shorter than announced, refused by the OS;
 * unsupported: a valid image we do not read (multi-frame, colour, compressed with no decoder);
 * localizer: a scout image; other-orientation / other-size: an image of the series whose
 * orientation or size differs from the majority's (a reformat, a secondary capture);
 * duplicate-position: a second image at a position the series already holds.
 */
export const SkipReason = z.enum(['not-image', 'unreadable', 'unsupported', 'localizer', 'other-orientation', 'other-size', 'duplicate-position']);
export type SkipReason = z.infer<typeof SkipReason>;

export const SkippedFile = z.object({ file: z.string(), reason: SkipReason, message: z.string() });
export type SkippedFile = z.infer<typeof SkippedFile>;

export const DatasetReport = z.object({
  datasetId: DatasetId,
  scans: z.number().int(),
  filesIndexed: z.number().int(),
  filesSkipped: z.number().int(),
  warnings: z.number().int(),
  imports: z.array(AnnotationImportReport),
  /**
   * Every file of the last indexing left out of the scans, and why: counts per reason, and
   * the files themselves (sorted by reason, then path) up to `SKIPPED_FILES_LISTED`;
   * `truncated` when there were more.
   */
  skipped: z.object({
    byReason: z.array(z.object({ reason: SkipReason, count: z.number().int() })),
    files: z.array(SkippedFile),
    truncated: z.boolean(),
  }),
});
export type DatasetReport = z.infer<typeof DatasetReport>;

/** How many skipped files a report lists one by one (a folder of thousands of stray files stays small on the wire). */
export const SKIPPED_FILES_LISTED = 5000;

export const datasetOps = {
  listDatasets: op({ input: z.object({}), output: z.array(DatasetSummary), doc: 'Every indexed dataset.' }),
  importDataset: op({
    input: z.object({
      path: z.string().min(1).max(4096),
      name: z.string().max(200).optional(),
      /**
       * Files the first walk may count before it stops with dataset.too-many-files (default
       * DEFAULT_FILE_BUDGET): the UI asks, then retries with a larger one.
       */
      fileBudget: z.number().int().positive().max(1_000_000_000).optional(),
    }),
    output: z.object({ datasetId: DatasetId, jobId: JobId }),
    doc: 'Adds a folder as a dataset and indexes its scans in a job (progress on onDidUpdateJob). Refuses /, /proc, /sys, /dev, a file and the data folder (dataset.refused-folder, io.not-a-folder); a first walk past its file budget fails its job with dataset.too-many-files.',
  }),
  reindexDataset: op({
    input: z.object({ datasetId: DatasetId }),
    output: z.object({ jobId: JobId }),
    doc: 'Re-reads a dataset folder in a job: only new or changed files are read; removed ones are noticed.',
  }),
  getDatasetReport: op({
    input: z.object({ datasetId: DatasetId }),
    output: DatasetReport,
    doc: 'Counts of the last indexing, every file it skipped and why, and what each annotation file import matched.',
  }),
};

export const datasetEvents = {
  onDidChangeDatasets: event({ payload: z.object({ datasetId: DatasetId }), doc: 'A dataset was added or re-indexed.' }),
};
