import { z } from 'zod';
import { event, op } from './define';
import { DatasetId } from './datasets';
import { AnnotationKind, AnnotationSource } from './annotations';
import { ReviewStatus, ScanId } from './scans';
import { Vec3 } from '../geometry';

/** A stable id of a lesion of a scan (kept across re-indexing). */
export const LesionKey = z.string().min(1).max(64);

export const LesionCategory = z.enum(['nodule', 'small', 'non-nodule']);
export type LesionCategory = z.infer<typeof LesionCategory>;

/** A small mask on the scan's grid as run lengths over its box (x fastest; 0s first). */
export const RleMaskSchema = z.object({
  bbox: z.object({ x0: z.number().int(), y0: z.number().int(), z0: z.number().int(), x1: z.number().int(), y1: z.number().int(), z1: z.number().int() }),
  runs: z.array(z.number().int().nonnegative()),
});
export type RleMaskWire = z.infer<typeof RleMaskSchema>;

/** Why a lesion is rejected: a closed list, so exports and audits can count reasons. */
export const RejectReason = z.enum(['not-a-nodule', 'vessel', 'scar-fibrosis', 'calcified-granuloma', 'below-3mm', 'artefact', 'duplicate', 'other']);
export type RejectReason = z.infer<typeof RejectReason>;

export const Decision = z.enum(['accepted', 'rejected', 'second-read']);
export type Decision = z.infer<typeof Decision>;

/** A lesion's state in review: undecided, or the decision made. */
export const LesionReviewState = z.enum(['undecided', 'accepted', 'rejected', 'second-read']);
export type LesionReviewState = z.infer<typeof LesionReviewState>;

export const LesionDecision = z.object({
  decision: Decision,
  reason: RejectReason.nullable(),
  /** Free text for reason 'other' (required there), a note otherwise. */
  reasonText: z.string().nullable(),
  /** The diameter the reviewer accepted (mm); null keeps the lesion's own. */
  diameterMm: z.number().nullable(),
  reviewer: z.string(),
  decidedAt: z.number(),
});
export type LesionDecision = z.infer<typeof LesionDecision>;

/** One mark of a lesion, as its reader made it. */
export const LesionMember = z.object({
  annotationId: z.number().int(),
  source: AnnotationSource,
  kind: AnnotationKind,
  /** "Reader 1" … for LIDC, "LUNA16", "User" (never a reader's hashed id). */
  readerLabel: z.string(),
  center: Vec3,
  diameterMm: z.number().nullable(),
  volumeMm3: z.number().nullable(),
  characteristics: z.record(z.string(), z.number()).nullable(),
  sourceFile: z.string().nullable(),
  sourceLine: z.number().int().nullable(),
  /** The reader's own outline on the scan grid (LIDC contoured marks). */
  outline: RleMaskSchema.nullable(),
});
export type LesionMember = z.infer<typeof LesionMember>;

export const Lesion = z.object({
  key: LesionKey,
  scanId: ScanId,
  /** 1-based position in review order (nodules first, head to feet). */
  ordinal: z.number().int().positive(),
  category: LesionCategory,
  center: Vec3,
  diameterMm: z.number().nullable(),
  volumeMm3: z.number().nullable(),
  /** LIDC readers who marked it as a nodule, of `readerTotal` who read the scan (null: no LIDC read). */
  readersMarked: z.number().int().nonnegative(),
  readerTotal: z.number().int().positive().nullable(),
  /** Marked by at least half of the scan's readers. */
  consensus: z.boolean(),
  sources: z.array(AnnotationSource),
  members: z.array(LesionMember),
  /** What the views draw: the consensus outline, else the readers' half-agreement outline; null draws the circle. */
  outline: RleMaskSchema.nullable(),
  outlineLevel: z.enum(['consensus', 'half-of-marks']).nullable(),
  state: LesionReviewState,
  decision: LesionDecision.nullable(),
});
export type Lesion = z.infer<typeof Lesion>;

/** A scan's review: its state, derived from its lesions plus the explicit "scan done". */
export const ScanReview = z.object({
  scanId: ScanId,
  status: ReviewStatus,
  /** Nodule lesions (the ones a scan needs decided), and how they stand. */
  lesions: z.number().int(),
  undecided: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  secondRead: z.number().int(),
  done: z.object({ reviewer: z.string(), at: z.number() }).nullable(),
});
export type ScanReview = z.infer<typeof ScanReview>;

export const ScanLesions = z.object({ scanId: ScanId, readerTotal: z.number().int().nullable(), lesions: z.array(Lesion), review: ScanReview });
export type ScanLesions = z.infer<typeof ScanLesions>;

export const ReviewProgress = z.object({
  datasetId: DatasetId,
  scans: z.number().int(),
  scansDone: z.number().int(),
  scansInProgress: z.number().int(),
  lesions: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  secondRead: z.number().int(),
  undecided: z.number().int(),
});
export type ReviewProgress = z.infer<typeof ReviewProgress>;

/** A reviewer's name: how audit entries and decisions say who. */
export const ReviewerName = z.string().trim().min(1).max(100);

export const reviewOps = {
  listLesions: op({
    input: z.object({ scanId: ScanId }),
    output: ScanLesions,
    doc: "A scan's lesions (every annotation grouped: LUNA16 rows, each LIDC reader's marks, user marks), each with its members, outline and decision, and the scan's review state.",
  }),
  decideLesion: op({
    input: z
      .object({
        scanId: ScanId,
        lesionKey: LesionKey,
        decision: Decision,
        reason: RejectReason.optional(),
        reasonText: z.string().trim().max(500).optional(),
        diameterMm: z.number().finite().min(0.5).max(100).optional(),
      })
      .refine((d) => d.decision !== 'rejected' || d.reason !== undefined, { message: 'a rejection needs a reason', path: ['reason'] })
      .refine((d) => d.reason !== 'other' || (d.reasonText ?? '').length > 0, { message: "reason 'other' needs its text", path: ['reasonText'] }),
    output: ScanLesions,
    doc: 'Accepts, rejects (with a reason from the closed list) or sends a lesion to a second read; stored with an audit entry (who, when, before → after).',
  }),
  clearDecision: op({
    input: z.object({ scanId: ScanId, lesionKey: LesionKey }),
    output: ScanLesions,
    doc: 'Makes a lesion undecided again; audited, and undoable like a decision.',
  }),
  undoReview: op({
    input: z.object({}),
    output: z.object({ undone: z.boolean(), scanId: ScanId.nullable(), lesionKey: LesionKey.nullable(), description: z.string() }),
    doc: "Undoes the reviewer's last decision or 'scan done' not yet undone (audited); undone false when there is nothing to undo.",
  }),
  setScanDone: op({
    input: z.object({ scanId: ScanId, done: z.boolean(), nothingMissed: z.boolean() }),
    output: ScanLesions,
    doc: "Marks a scan reviewed ('scan done'): refused while a nodule lesion is undecided, and needs the reviewer's confirmation that nothing was missed. done false reopens it.",
  }),
  getReviewProgress: op({
    input: z.object({ datasetId: DatasetId }),
    output: ReviewProgress,
    doc: "A dataset's review progress: scans done, lesions accepted / rejected / second read / undecided.",
  }),
  nextUndecided: op({
    input: z.object({ datasetId: DatasetId, after: z.object({ scanId: ScanId, lesionKey: LesionKey.nullable() }).optional() }),
    output: z.object({ scanId: ScanId, lesionKey: LesionKey }).nullable(),
    doc: 'The next undecided nodule lesion of the dataset after the given one (scan order, then review order), wrapping around; null when none is left.',
  }),
  getReviewer: op({ input: z.object({}), output: z.object({ name: z.string(), isDefault: z.boolean() }), doc: "The reviewer's name (default: the OS user)." }),
  setReviewer: op({ input: z.object({ name: ReviewerName }), output: z.object({ name: z.string(), isDefault: z.boolean() }), doc: "Sets the reviewer's name, once for every later decision." }),
};

export const reviewEvents = {
  onDidChangeReview: event({ payload: z.object({ scanId: ScanId }), doc: "A scan's lesion decisions or review state changed." }),
};
