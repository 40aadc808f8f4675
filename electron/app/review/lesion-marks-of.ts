import path from 'node:path';
import type { Annotation } from '../../common/contract/annotations';
import type { AnnotationContour } from '../../common/job-catalogue';
import type { VolumeGeometry } from '../../common/geometry';
import { rasterizeLocatedRois } from '../../core/annotations/lidc';
import type { LesionMark } from '../../core/review';

const base = (file: string | null): string => (file ? path.basename(file) : '?');

/**
 * A scan's annotation rows as the lesion grouping's marks: who made each (an LIDC reading
 * session, LUNA16, the user), a stable ref for the lesion key, and the reader's contour
 * rasterised on the scan grid. Rows imported before reader marks were kept (kind
 * 'consensus', readers without a session) group as spheres of their own pseudo-readers.
 */
export function lesionMarksOf(annotations: readonly Annotation[], contours: ReadonlyMap<number, AnnotationContour[]>, g: VolumeGeometry): LesionMark[] {
  return annotations.map((a) => {
    let reader: string;
    let ref: string;
    if (a.source === 'lidc-xml') {
      const who = a.session !== null ? `#${a.session}` : a.kind === 'consensus' ? '#consensus' : `#r${a.reader ?? '?'}`;
      reader = `lidc:${base(a.sourceFile)}${who}`;
      ref = `lidc:${base(a.sourceFile)}${who}:${a.kind}:${a.noduleRef ?? a.center.map((v) => v.toFixed(1)).join(',')}`;
    } else if (a.source === 'luna-csv') {
      reader = 'luna16';
      ref = `luna:${base(a.sourceFile)}:${a.sourceLine ?? a.id}`;
    } else {
      reader = 'user';
      ref = `user:${a.id}`;
    }
    const mark: LesionMark = { id: a.id, source: a.source, kind: a.kind, reader, ref, center: a.center, diameterMm: a.diameterMm };
    const cs = contours.get(a.id);
    if (cs && cs.length) {
      const r = rasterizeLocatedRois(cs.map((c) => ({ k: c.k, inclusion: c.inclusion, edgeMap: c.points })), g);
      if (r.mask) mark.mask = r.mask;
    }
    return mark;
  });
}

/** How the reviewer sees who made a mark: "Reader 2", "LUNA16", "User" (never a hashed id). */
export function readerLabelOf(a: Pick<Annotation, 'source' | 'session' | 'kind'>): string {
  if (a.source === 'luna-csv') return 'LUNA16';
  if (a.source === 'user') return 'User';
  if (a.session !== null) return `Reader ${a.session}`;
  return a.kind === 'consensus' ? 'LIDC consensus' : 'LIDC reader';
}
