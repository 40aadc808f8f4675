import type { AnnotationKind, AnnotationSource } from '../../common/contract/annotations';
import type { Vec3 } from '../../common/geometry';
import type { SparseMask } from '../annotations/lidc/sparse-mask';

/** What a lesion is, from its marks: a nodule (≥ 3 mm), a nodule < 3 mm, or a non-nodule finding. */
export type LesionCategory = 'nodule' | 'small' | 'non-nodule';

/** One annotation as the lesion grouping sees it. */
export interface LesionMark {
  /** The annotation's row id. */
  id: number;
  source: AnnotationSource;
  kind: AnnotationKind;
  /**
   * Who made the mark, for the "one reader's marks never merge" rule: an LIDC reading
   * session ('lidc:<file>#<session>'), 'luna16' for LUNA16's rows, 'user' for marks made here.
   */
  reader: string;
  /** A stable identity of the mark across re-indexing (file and row or reader's nodule id). */
  ref: string;
  center: Vec3;
  diameterMm: number | null;
  /** The reader's contour rasterised on the scan grid (LIDC ≥ 3 mm marks). */
  mask?: SparseMask;
}

/** The category a mark's kind stands for. */
export function markCategory(kind: AnnotationKind): LesionCategory {
  return kind === 'small-nodule' ? 'small' : kind === 'non-nodule' ? 'non-nodule' : 'nodule';
}
