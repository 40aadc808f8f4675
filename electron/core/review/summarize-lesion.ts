import type { Vec3, VolumeGeometry } from '../../common/geometry';
import { countAtLeast, maskStats, type SparseMask } from '../annotations/lidc/sparse-mask';
import type { LesionGroup } from './group-lesions';
import type { LesionMark } from './lesion-marks';

/**
 * What one lesion is, from its members: where, how big, how many of the scan's readers
 * marked it, and the outline to draw.
 *
 * Consensus (LIDC): marked by at least half of the scan's readers (2 of 4, 2 of 3), counting
 * readers who marked it as a nodule of any size (a reader's "non-nodule" mark does not count).
 * Its mask is the voxels inside at least half of the scan's readers' contours: with 4 readers
 * a voxel needs 2 contours whoever drew them. This is the reference the nodule segmentation is
 * measured against. It differs from pylidc's `consensus(clevel=0.5)`, which divides by the
 * lesion's own annotations (with 1 mark of 4 readers, pylidc keeps that mark; here there is
 * no consensus).
 *
 * Outline (what the reading room draws): the consensus mask; where it is empty, the voxels
 * inside at least half of the lesion's own contours (pylidc's convention, so a 1-of-4 lesion
 * shows its reader's outline); where no reader drew a contour, none (the viewer draws the
 * circle of `center` and `diameterMm`).
 *
 * Centre and size: the outline's centroid and equivalent-sphere diameter; without an outline,
 * the LUNA16 row's, else the user mark's, else the mean of the members' centres (and of the
 * sizes they give; none for point marks).
 */
export interface LesionSummary {
  key: string;
  category: LesionGroup['category'];
  /** Annotation ids of the members, in group order. */
  memberIds: number[];
  center: Vec3;
  diameterMm: number | null;
  volumeMm3: number | null;
  /** LIDC readers who marked it as a nodule (≥ 3 mm or < 3 mm). */
  readersMarked: number;
  /** Readers who read the scan (LIDC reading sessions); null when the scan has no LIDC reads. */
  readerTotal: number | null;
  consensus: boolean;
  outline: SparseMask | undefined;
  outlineLevel: 'consensus' | 'half-of-marks' | null;
  /** The consensus mask (≥ half of the scan's readers), when there is one. */
  consensusMask: SparseMask | undefined;
}

/** Contours a voxel needs for the consensus: half of the readers, rounded up. */
export function consensusMinCount(readerTotal: number): number {
  return Math.max(1, Math.ceil(readerTotal / 2 - 1e-9));
}

export function summarizeLesion(group: LesionGroup, marks: readonly LesionMark[], g: VolumeGeometry, readerTotal: number | null): LesionSummary {
  const members = group.members.map((i) => marks[i]!);
  const lidcReaders = new Set(members.filter((m) => m.source === 'lidc-xml' && m.kind !== 'non-nodule').map((m) => m.reader));
  const readersMarked = lidcReaders.size;
  const consensus = readerTotal !== null && readerTotal > 0 && readersMarked >= consensusMinCount(readerTotal);
  const masks = members.map((m) => m.mask).filter((m): m is SparseMask => m !== undefined);

  const consensusMask = readerTotal !== null && readerTotal > 0 && masks.length >= consensusMinCount(readerTotal) ? countAtLeast(masks, consensusMinCount(readerTotal)) : undefined;
  let outline = consensusMask;
  let outlineLevel: LesionSummary['outlineLevel'] = consensusMask ? 'consensus' : null;
  if (!outline && masks.length > 0) {
    outline = countAtLeast(masks, consensusMinCount(masks.length));
    outlineLevel = outline ? 'half-of-marks' : null;
  }

  let center: Vec3;
  let diameterMm: number | null;
  let volumeMm3: number | null = null;
  if (outline) {
    const s = maskStats(outline, g);
    center = s.centroidWorld;
    diameterMm = s.equivalentDiameterMm;
    volumeMm3 = s.volumeMm3;
  } else {
    const primary = members.find((m) => m.source === 'luna-csv') ?? members.find((m) => m.source === 'user');
    if (primary) {
      center = [...primary.center];
      diameterMm = primary.diameterMm;
    } else {
      center = [0, 0, 0];
      for (const m of members) for (let k = 0; k < 3; k++) center[k] = center[k]! + m.center[k]! / members.length;
      const sizes = members.map((m) => m.diameterMm).filter((d): d is number => d !== null && d > 0);
      diameterMm = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : null;
    }
  }
  return {
    key: group.key,
    category: group.category,
    memberIds: members.map((m) => m.id),
    center,
    diameterMm,
    volumeMm3,
    readersMarked,
    readerTotal,
    consensus,
    outline,
    outlineLevel,
    consensusMask,
  };
}
