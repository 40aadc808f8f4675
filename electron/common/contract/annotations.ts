import { z } from 'zod';
import { event, op } from './define';
import { ScanId } from './scans';
import { Vec3, WorldPoint } from '../geometry';

export const AnnotationSource = z.enum(['luna-csv', 'lidc-xml', 'user']);
export type AnnotationSource = z.infer<typeof AnnotationSource>;

/**
 * nodule: a LUNA16 row or a user mark; reader: one LIDC reader's nodule (≥ 3 mm, with a
 * contour); small-nodule: a reader's < 3 mm point mark; non-nodule: a reader's "not a
 * nodule" mark; consensus: only in indexes made before lesions were derived (the readers'
 * cluster at ≥ 50 % agreement), replaced by reader marks at the next re-index.
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
  /** LIDC: the reader's 1-based reading session ("Reader N") and the scan's number of readers. */
  session: z.number().int().nullable(),
  sessionCount: z.number().int().nullable(),
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

/** A user nodule's diameter: below 0.5 mm is no mark, above 100 mm no nodule. */
export const UserDiameterMm = z.number().finite().min(0.5).max(100);
const AnnotationId = z.number().int().positive();

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
  addNodule: op({
    input: z.object({ scanId: ScanId, center: WorldPoint, diameterMm: UserDiameterMm }),
    output: Annotation,
    doc: "Adds the reader's own nodule (source 'user', kind 'nodule') at a world centre (LPS mm); audited.",
  }),
  updateNodule: op({
    input: z.object({ annotationId: AnnotationId, center: WorldPoint.optional(), diameterMm: UserDiameterMm.optional() }),
    output: Annotation,
    doc: "Moves or resizes a user nodule; imported annotations cannot be edited (contract.bad-input). Audited.",
  }),
  deleteNodule: op({
    input: z.object({ annotationId: AnnotationId }),
    output: z.object({ deleted: z.literal(true) }),
    doc: 'Removes a user nodule (kept in the database as deleted, for the audit trail). Audited.',
  }),
};

export const annotationEvents = {
  onDidChangeAnnotations: event({ payload: z.object({ scanId: ScanId }), doc: "A scan's user nodules were added, edited or deleted." }),
};
