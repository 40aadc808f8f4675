import type { LidcReaderMarks } from '../annotations/lidc';
import type { LesionMark } from './lesion-marks';

/**
 * An LIDC file's reader marks as lesion-grouping marks, straight from the XML (no index rows):
 * ids are 1-based positions, each reading session is a reader. For tools and tests that
 * group one file's marks as the app groups a scan's rows (app/review/lesion-marks-of.ts).
 */
export function readerLesionMarks(l: LidcReaderMarks): LesionMark[] {
  return l.marks.map((m, i) => ({
    id: i + 1,
    source: 'lidc-xml',
    kind: m.kind,
    reader: `#${m.session}`,
    ref: `${m.session}:${m.kind}:${m.markId}`,
    center: m.centerWorld,
    diameterMm: m.diameterMm,
    ...(m.mask ? { mask: m.mask } : {}),
  }));
}
