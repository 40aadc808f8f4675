import { z } from 'zod';
import { ExportOptions, ExportSummary } from '../contract/export';
import { Mat3, Vec3 } from '../geometry';
import { jobSpec } from './define';
import { Dims } from './shared-schemas';

/**
 * The export's plain-JSON case plan as a schema, so a worker validates the plan it receives
 * and a resumed export validates the plans kept in its case records. It mirrors
 * `ExportCasePlan` of core/export/case-model.ts (core checks the two agree at compile time).
 */
const Bbox = z.object({ x0: z.number().int(), y0: z.number().int(), z0: z.number().int(), x1: z.number().int(), y1: z.number().int(), z1: z.number().int() });

export const PlannedMaskSchema = z.object({
  versionId: z.number().int().positive(),
  kind: z.string(),
  path: z.string(),
  format: z.enum(['npy', 'ldmask']),
  sha256: z.string().nullable(),
  labels: z.array(z.object({ value: z.number().int().min(1).max(255), kind: z.enum(['lung', 'nodule', 'other']), lesionKey: z.string().optional() })),
});

export const PlannedLesionSchema = z.object({
  key: z.string().min(1),
  ordinal: z.number().int().positive(),
  center: Vec3,
  diameterMm: z.number().nullable(),
  decision: z.enum(['accepted', 'rejected', 'second-read', 'undecided']),
  reason: z.string().nullable(),
  role: z.enum(['positive', 'negative']),
  source: z.string(),
  malignancy: z.array(z.number()),
  outline: z.object({ bbox: Bbox, runs: z.array(z.number().int().nonnegative()) }).nullable(),
});

export const ExportCasePlanSchema = z.object({
  caseId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  scanId: z.number().int().positive(),
  patientId: z.string(),
  seriesInstanceUid: z.string(),
  studyInstanceUid: z.string(),
  format: z.enum(['dicom', 'metaimage', 'nifti', 'nrrd']),
  files: z.array(z.string()),
  geometry: z.object({ dims: Dims, spacing: Vec3, origin: Vec3, direction: Mat3 }),
  missingSlices: z.array(z.number().int().nonnegative()),
  masks: z.array(PlannedMaskSchema),
  lesions: z.array(PlannedLesionSchema),
  reviewer: z.string().nullable(),
  reviewState: z.enum(['unreviewed', 'in-progress', 'done']),
  split: z.string(),
  fold: z.number().int().nonnegative().nullable(),
});

/** A file an exporter wrote (relative POSIX path), as case records and manifests hold it. */
export const ExportedFileSchema = z.object({
  path: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  role: z.string(),
  /** Row-major 4×4 from this file's voxel (i, j, k, 1) to the scan's world LPS mm, when the exporter states it. */
  voxelToWorld: z.array(z.number()).length(16).nullable().optional(),
});

/** What one case's worker reports: written now, or kept from an earlier run (verified by checksum). */
export const ExportCaseResultSchema = z.object({
  caseId: z.string(),
  status: z.enum(['written', 'kept']),
  files: z.array(ExportedFileSchema),
  /** What the formats said of the case (ExportContext.note). */
  notes: z.array(z.string()),
  /** Peak resident memory of the worker (bytes), for the memory figures. */
  peakRssBytes: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
});
export type ExportCaseResult = z.infer<typeof ExportCaseResultSchema>;

export const exportJobs = {
  exportCase: jobSpec({
    runs: 'worker',
    params: z.object({
      plan: ExportCasePlanSchema,
      options: ExportOptions,
      version: z.string(),
      /** Keep a case whose record matches its plan and whose files re-hash equal. */
      resume: z.boolean(),
    }),
    result: ExportCaseResultSchema,
    doc: "Loads one planned case (volume, masks merged into one labelmap, lesions), writes it in every asked format and its case record; with resume, a case already written is verified and kept.",
  }),
  exportFinish: jobSpec({
    runs: 'worker',
    params: z.object({
      options: ExportOptions,
      version: z.string(),
      caseIds: z.array(z.string()),
      failed: z.array(z.object({ caseId: z.string(), reason: z.string() })),
      plannedCases: z.number().int().nonnegative(),
    }),
    result: z.object({ manifest: z.string(), files: z.array(ExportedFileSchema), notes: z.array(z.string()) }),
    doc: "Writes an export's own files from its case records: each format's finish (dataset.json, datalists, index CSVs) and manifest.json + manifest.csv; with a shard, only that shard's manifest.",
  }),
  exportDataset: jobSpec({
    runs: 'host',
    params: ExportOptions,
    result: ExportSummary,
    doc: 'A training-set export: plans the cases, runs them in workers within a memory budget, then the formats\' finish and the manifest.',
  }),
};
