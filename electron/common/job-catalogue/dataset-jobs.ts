import { z } from 'zod';
import { ErrorCode } from '../errors';
import { Annotation } from '../contract/annotations';
import { AnnotationImportReport, SkipReason } from '../contract/datasets';
import { Vec3 } from '../geometry';
import { jobSpec } from './define';
import { Dims, ScanFormatParam } from './shared-schemas';

/** A file discovery could not use, and why. */
export const FileIssueSchema = z.object({ file: z.string(), code: ErrorCode, message: z.string(), reason: SkipReason.optional() });

/** What indexing learnt from one file, kept so a re-index reads only new or changed files. */
export const CachedFileEntrySchema = z.object({
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  kind: z.enum(['dicom', 'metaimage', 'nifti', 'nrrd', 'other', 'error']),
  header: z.unknown(),
  error: FileIssueSchema.nullable(),
});

/** One contour of a reader's mark, placed on slice k: an outline or (inclusion false) a hole. */
export const AnnotationContour = z.object({ k: z.number().int().nonnegative(), inclusion: z.boolean(), points: z.array(z.tuple([z.number(), z.number()])) });
export type AnnotationContour = z.infer<typeof AnnotationContour>;

/** One annotation as the index stores it: the contract's Annotation without ids and source, with its contours. */
export const ImportedAnnotationSchema = Annotation.pick({
  kind: true,
  center: true,
  diameterMm: true,
  reader: true,
  noduleRef: true,
  agreement: true,
  volumeMm3: true,
  characteristics: true,
  sourceLine: true,
}).extend({
  sourceFile: z.string(),
  /** LIDC: the 1-based reading session ("Reader N") and how many readers read the scan. */
  session: z.number().int().positive().nullable().default(null),
  sessionCount: z.number().int().positive().nullable().default(null),
  /** LIDC contoured marks: the reader's contours on the scan's slices (k, pixel x/y). */
  contours: z.array(AnnotationContour).nullable().default(null),
});
export type ImportedAnnotation = z.input<typeof ImportedAnnotationSchema>;

export const ImportedCandidateSchema = z.object({
  x: z.number(),
  y: z.number(),
  z: z.number(),
  diameterMm: z.number().nullable(),
  candidateClass: z.number().nullable(),
  sourceFile: z.string(),
  sourceLine: z.number().int(),
});
export type ImportedCandidate = z.infer<typeof ImportedCandidateSchema>;

/** What importing one annotation file did, as the dataset report shows it (before it is stamped). */
export const AnnotationFileReportSchema = AnnotationImportReport.omit({ importedAt: true });
export type AnnotationFileReport = z.infer<typeof AnnotationFileReportSchema>;

/** One scan as the index stores it (db's ScanRecordInput). */
export const IndexedScanSchema = z.object({
  seriesInstanceUid: z.string(),
  studyInstanceUid: z.string(),
  patientId: z.string(),
  modality: z.string(),
  description: z.string(),
  format: ScanFormatParam,
  path: z.string(),
  dims: Dims,
  spacing: Vec3,
  origin: Vec3,
  direction: z.array(z.number()),
  sliceCount: z.number().int(),
  /** Slots of the z axis no file fills (padding). */
  missingSlices: z.array(z.number().int().nonnegative()),
  warnings: z.array(z.string()),
  files: z.array(z.object({ path: z.string(), size: z.number(), mtimeMs: z.number() })),
});
export type IndexedScan = z.infer<typeof IndexedScanSchema>;

export const DatasetLayoutSchema = z.object({ kind: z.string(), displayName: z.string(), evidence: z.array(z.string()), truncated: z.boolean() });

export const IndexDatasetResultSchema = z.object({
  layout: DatasetLayoutSchema,
  scans: z.array(IndexedScanSchema),
  discovery: z.object({
    issues: z.array(FileIssueSchema),
    /** Every file left out of the scans, with why (the dataset report lists them). */
    skipped: z.array(FileIssueSchema),
    entries: z.array(CachedFileEntrySchema),
    removed: z.array(z.string()),
    stats: z.object({ files: z.number().int(), read: z.number().int(), reused: z.number().int(), removed: z.number().int() }),
  }),
  /** Annotations per series UID (a UID can name a DICOM series and a .mhd of the same scan). */
  annotations: z.array(z.object({ seriesUid: z.string(), source: z.enum(['luna-csv', 'lidc-xml']), rows: z.array(ImportedAnnotationSchema) })),
  candidates: z.array(z.object({ seriesUid: z.string(), source: z.enum(['luna-candidates', 'luna-excluded']), rows: z.array(ImportedCandidateSchema) })),
  labels: z.array(z.object({ patientId: z.string(), name: z.string(), value: z.number(), sourceFile: z.string() })),
  /** nnU-Net label files paired with the image each labels (imported as that scan's mask). */
  labelmaps: z.array(z.object({ imageFile: z.string(), labelFile: z.string(), labels: z.array(z.object({ value: z.number().int(), name: z.string() })) })).default([]),
  reports: z.array(AnnotationFileReportSchema),
  warnings: z.array(z.string()),
});
export type IndexDatasetResult = z.infer<typeof IndexDatasetResultSchema>;

export const datasetJobs = {
  indexDataset: jobSpec({
    runs: 'worker',
    // What the host stored last time, passed back as it is: the worker checks each entry.
    params: z.object({
      path: z.string().min(1),
      previous: z.array(CachedFileEntrySchema.extend({ kind: z.enum(['dicom', 'metaimage', 'nifti', 'nrrd', 'other', 'error', 'annotation']), error: z.unknown() })),
      /** Files the walk counts before it stops with dataset.too-many-files; absent: no budget. */
      fileBudget: z.number().int().positive().optional(),
    }),
    result: IndexDatasetResultSchema,
    doc: 'Indexes a dataset folder: layout, headers of new or changed files, annotation files; the host stores the result.',
  }),
  checkDataset: jobSpec({
    runs: 'host',
    params: z.object({ path: z.string().min(1) }),
    result: z.object({ changed: z.boolean(), files: z.number().int(), added: z.number().int(), modified: z.number().int(), removed: z.number().int() }),
    doc: 'Whether anything under a dataset folder changed since its last index (listing and stat only).',
  }),
  makeDemo: jobSpec({
    runs: 'worker',
    params: z.object({ dir: z.string().min(1) }),
    result: z.object({ dir: z.string(), scans: z.number().int() }),
    doc: 'Writes the demo dataset (synthetic chest CTs with nodules) once; a no-op when present.',
  }),
};
