import { z } from 'zod';
import { DatasetId } from './datasets';
import { op } from './define';
import { JobId } from '../jobs';

/**
 * A training-set export's options, defined once: the Export dialog sends them through the
 * contract and `lungdesk export` parses its flags into them (node:util parseArgs, then this
 * schema), so both accept the same options with the same bounds.
 */

export const ExportFormat = z.enum(['nnunet', 'monai', 'npy', 'cubes', 'seg', 'nifti', 'nrrd']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Which lesions count: accepted only (the default), or every lesion not rejected. */
export const ExportSelect = z.enum(['accepted', 'all']);
export type ExportSelect = z.infer<typeof ExportSelect>;

/** Label values in exported labelmaps (nnU-Net: background 0, then consecutive). */
export const ExportLabelValues = z
  .object({ lung: z.number().int().min(0).max(255).default(1), nodule: z.number().int().min(1).max(255).default(2) })
  .strict()
  .refine((l) => l.lung !== l.nodule, { message: 'lung and nodule need different label values' });
export type ExportLabelValues = z.infer<typeof ExportLabelValues>;

/** Patient-level split: k folds, or train/validation/test percentages summing to 100. */
export const ExportSplit = z.union([
  z.object({ kind: z.literal('folds'), k: z.number().int().min(2).max(20) }).strict(),
  z
    .object({ kind: z.literal('ratio'), train: z.number().int().min(0).max(100), validation: z.number().int().min(0).max(100), test: z.number().int().min(0).max(100) })
    .strict()
    .refine((s) => s.train + s.validation + s.test === 100, { message: 'train + validation + test must be 100' }),
]);
export type ExportSplit = z.infer<typeof ExportSplit>;

/** Which saved mask version a case uses: the newest saved per kind, or the named ids. */
export const MaskVersionRule = z.union([
  z.object({ kind: z.literal('newest') }).strict(),
  z.object({ kind: z.literal('ids'), ids: z.array(z.number().int().positive()).min(1).max(100000) }).strict(),
]);
export type MaskVersionRule = z.infer<typeof MaskVersionRule>;

export const ExportOptions = z
  .object({
    /** Absolute folder the export writes into; nothing is written outside it. */
    outDir: z.string().min(1).max(4096),
    formats: z.array(ExportFormat).min(1).max(7),
    /** The dataset to export; all datasets of the index when absent. */
    datasetId: DatasetId.optional(),
    /** Only scans whose review is marked done (default), or every scan. */
    scans: z.enum(['done', 'all']).default('done'),
    select: ExportSelect.default('accepted'),
    /** Rejected lesions (and candidates.csv class 0 rows) as negatives in the cubes. */
    negatives: z.boolean().default(false),
    maskRule: MaskVersionRule.default({ kind: 'newest' }),
    includePatients: z.array(z.string().min(1).max(200)).max(100000).optional(),
    excludePatients: z.array(z.string().min(1).max(200)).max(100000).default([]),
    split: ExportSplit.default({ kind: 'folds', k: 5 }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(12345),
    labels: ExportLabelValues.default({ lung: 1, nodule: 2 }),
    /** Nodule cubes: edge in mm and voxel spacing in mm. */
    cubeMm: z.number().min(8).max(256).default(64),
    cubeSpacingMm: z.number().min(0.25).max(4).default(1),
    /** nnU-Net's dataset id (Dataset{NNN}_{name}) and name. */
    nnunetId: z.number().int().min(1).max(999).default(501),
    datasetName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only').default('LungDesk'),
    /** This process's share of the cases, i of n (1-based), for a cluster's job array. */
    shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1).max(10000) }).strict().refine((s) => s.index <= s.count, { message: 'shard i/n needs 1 ≤ i ≤ n' }).optional(),
    /** Go on with an interrupted export in outDir: finished cases are verified and skipped. */
    resume: z.boolean().default(false),
    /** Worker processes; default the machine's cores, fewer if the memory budget says so. */
    workers: z.number().int().min(1).max(64).optional(),
  })
  .strict();
export type ExportOptions = z.infer<typeof ExportOptions>;
export type ExportOptionsInput = z.input<typeof ExportOptions>;

/** One case as the export plans it: what will be written for it, before anything is. */
export const ExportCasePreview = z.object({
  caseId: z.string(),
  scanId: z.number().int().positive(),
  patientId: z.string(),
  seriesInstanceUid: z.string(),
  /** Lesions exported as positives, and as negatives (rejected, when asked for). */
  lesions: z.number().int().min(0),
  negatives: z.number().int().min(0),
  maskVersionIds: z.array(z.number().int().positive()),
  /** 'train' | 'validation' | 'test', or 'fold-N' (the fold the case validates in). */
  split: z.string(),
  estimatedBytes: z.number().int().min(0),
});
export type ExportCasePreview = z.infer<typeof ExportCasePreview>;

/** What an export will write: the dialog shows it before the export starts. */
export const ExportPreview = z.object({
  cases: z.array(ExportCasePreview),
  patients: z.number().int().min(0),
  lesions: z.number().int().min(0),
  negatives: z.number().int().min(0),
  estimatedBytes: z.number().int().min(0),
  /** Scans left out and why (not done, no accepted lesion, no mask, patient excluded). */
  skipped: z.array(z.object({ scanId: z.number().int().positive(), reason: z.string() })),
  warnings: z.array(z.string()),
});
export type ExportPreview = z.infer<typeof ExportPreview>;

/** A finished (or cancelled) export: counts, failures with reasons, and where the manifest is. */
export const ExportSummary = z.object({
  outDir: z.string(),
  manifest: z.string(),
  casesWritten: z.number().int().min(0),
  casesSkipped: z.number().int().min(0),
  failed: z.array(z.object({ caseId: z.string(), reason: z.string() })),
  bytes: z.number().int().min(0),
  seconds: z.number().min(0),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const exportOps = {
  previewExport: op({
    input: ExportOptions,
    output: ExportPreview,
    doc: 'What an export with these options would write (cases, lesions, splits, bytes), without writing anything.',
  }),
  startExport: op({
    input: ExportOptions,
    output: z.object({ jobId: JobId }),
    doc: 'Starts a training-set export as a job (progress: cases done; cancel stops it, and it can resume later). The job result is an ExportSummary.',
  }),
};
