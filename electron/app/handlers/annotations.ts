import type { AnnotationCounts, ContractHandlers } from '../../common';
import { addUserAnnotation, countAnnotationsByScan, countCandidates, labelsOf, softDeleteAnnotation, updateUserAnnotation } from '../../db';
import { readAnnotationsSliced } from '../review/read-annotations';
import type { ServiceContext } from '../service-context';

type AnnotationHandlers = Pick<ContractHandlers, 'listAnnotations' | 'getAnnotationCounts' | 'addNodule' | 'updateNodule' | 'deleteNodule'>;

/** A scan's annotations summary: counts per source and kind, candidates, labels. */
export function annotationCounts(ctx: ServiceContext, scanId: number): AnnotationCounts {
  const scan = ctx.scanOrThrow(scanId);
  const rows = countAnnotationsByScan(ctx.db, scan.datasetId).filter((r) => r.scanId === scanId);
  const n = (source: string, kind?: string) => rows.filter((r) => r.source === source && (kind === undefined || r.kind === kind)).reduce((a, r) => a + r.n, 0);
  const { candidates, excluded } = countCandidates(ctx.db, scanId);
  return {
    scanId,
    lunaNodules: n('luna-csv'),
    // Derived now (lesions marked by at least half of the scan's readers); an index made
    // before lesions kept consensus rows, counted as they are until its next re-index.
    lidcConsensus: n('lidc-xml', 'consensus') + ctx.lesions.list(scanId).lesions.filter((l) => l.category === 'nodule' && l.consensus).length,
    lidcReaderMarks: n('lidc-xml', 'reader'),
    lidcSmall: n('lidc-xml', 'small-nodule'),
    lidcNonNodules: n('lidc-xml', 'non-nodule'),
    user: n('user'),
    candidates,
    irrelevantFindings: excluded,
    labels: scan.patientId ? labelsOf(ctx.db, scan.datasetId, scan.patientId) : {},
  };
}

/** Annotations: every mark of a scan, and the reader's own nodules (added, edited, deleted; audited). */
export function annotationHandlers(ctx: ServiceContext): AnnotationHandlers {
  const { db } = ctx;
  return {
    listAnnotations: async ({ scanId }) => {
      ctx.scanOrThrow(scanId);
      return readAnnotationsSliced(db, scanId);
    },
    getAnnotationCounts: async ({ scanId }) => annotationCounts(ctx, scanId),
    addNodule: async ({ scanId, center, diameterMm }) => {
      ctx.scanOrThrow(scanId);
      const a = addUserAnnotation(db, { scanId, center, diameterMm });
      ctx.lesions.refresh(scanId);
      ctx.emit('onDidChangeAnnotations', { scanId });
      return a;
    },
    updateNodule: async ({ annotationId, center, diameterMm }) => {
      const change: { center?: [number, number, number]; diameterMm?: number } = {};
      if (center !== undefined) change.center = center;
      if (diameterMm !== undefined) change.diameterMm = diameterMm;
      const a = updateUserAnnotation(db, annotationId, change);
      ctx.lesions.refresh(a.scanId);
      ctx.emit('onDidChangeAnnotations', { scanId: a.scanId });
      return a;
    },
    deleteNodule: async ({ annotationId }) => {
      const { scanId } = softDeleteAnnotation(db, annotationId);
      ctx.lesions.refresh(scanId);
      ctx.emit('onDidChangeAnnotations', { scanId });
      return { deleted: true as const };
    },
  };
}
