import { z } from 'zod';
import { op } from './define';
import { ScanId } from './scans';
import { Vec3 } from '../geometry';

export const AnnotationSource = z.enum(['luna-csv', 'lidc-xml', 'user']);
export type AnnotationSource = z.infer<typeof AnnotationSource>;

/**
 * nodule: a LUNA16 row or a user mark; reader: one LIDC reader's nodule (≥ 3 mm, with a
 * contour); consensus: the LIDC readers' nodule at ≥ 50 % agreement; small-nodule: a
 * reader's < 3 mm point mark; non-nodule: a reader's "not a nodule" mark.
 */
export const AnnotationKind = z.enum(['nodule', 'reader', 'consensus', 'small-nodule', 'non-nodule']);
export type AnnotationKind = z.infer<typeof AnnotationKind>;

export const Annotation = z.object({
  id: z.number().int().positive(),
  scanId: ScanId,
  source: AnnotationSource,
  kind: AnnotationKind,
  /** World centre, LPS mm (LUNA16 coordX/Y/Z are LPS too). */
  center: Vec3,
  diameterMm: z.number().nullable(),
  reader: z.string().nullable(),
  /** Groups the marks of one physical nodule (LIDC cluster id), or the CSV row. */
  noduleRef: z.string().nullable(),
  /** LIDC: how many readers marked this nodule. */
  agreement: z.number().int().nullable(),
  volumeMm3: z.number().nullable(),
  characteristics: z.record(z.string(), z.number()).nullable(),
  sourceFile: z.string().nullable(),
  sourceLine: z.number().int().nullable(),
  createdAt: z.number(),
});
export type Annotation = z.infer<typeof Annotation>;

export const AnnotationCounts = z.object({
  scanId: ScanId,
  lunaNodules: z.number().int(),
  lidcConsensus: z.number().int(),
  lidcReaderMarks: z.number().int(),
  lidcSmall: z.number().int(),
  lidcNonNodules: z.number().int(),
  user: z.number().int(),
  candidates: z.number().int(),
  irrelevantFindings: z.number().int(),
  labels: z.record(z.string(), z.number()),
});
export type AnnotationCounts = z.infer<typeof AnnotationCounts>;

export const annotationOps = {
  listAnnotations: op({
    input: z.object({ scanId: ScanId }),
    output: z.array(Annotation),
    doc: 'Every annotation of a scan: LUNA16 rows, LIDC readers and consensus, user marks.',
  }),
  getAnnotationCounts: op({
    input: z.object({ scanId: ScanId }),
    output: AnnotationCounts,
    doc: "A scan's annotations summary: counts per source and kind, candidates, labels.",
  }),
};
