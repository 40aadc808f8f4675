import type { Vec3 } from '../../../common/geometry';
import { voxelToWorld } from '../../volume/volume';
import { type LocatedRoi, type SliceLocator, locateRois, locateSlice, rasterizeLocatedRois } from './contour-mask';
import { type LidcCharacteristics, type LidcReadMessage, readLidcXml } from './parse-lidc-xml';
import type { SparseMask } from './sparse-mask';

/**
 * Every mark of every LIDC reader of one scan, as the reader made it: no clustering, no
 * consensus (the lesion grouping does that over all sources, see core/review). What the
 * index stores for an LIDC XML.
 */
export interface LidcReaderMark {
  /** 1-based reading session: "Reader 1" … "Reader 4" (servicingRadiologistID is a hash). */
  session: number;
  readerId: string;
  /** The reader's own id of the mark (unblindedReadNodule noduleID or nonNodule id). */
  markId: string;
  kind: 'reader' | 'small-nodule' | 'non-nodule';
  centerWorld: Vec3;
  /** Equivalent-sphere diameter of the contoured mark; null for point marks. */
  diameterMm: number | null;
  volumeMm3: number | null;
  characteristics?: LidcCharacteristics;
  /** The contours placed on the scan's slices (contoured marks only). */
  contours: LocatedRoi[];
  mask?: SparseMask;
}

export interface LidcReaderMarks {
  seriesInstanceUid: string;
  /** Reading sessions in the file: the number of readers who read the scan. */
  sessionCount: number;
  marks: LidcReaderMark[];
  warnings: string[];
}

/** The marks of an already parsed read message, placed on the grid `series` describes. */
export function lidcReaderMarksOf(msg: LidcReadMessage, series: SliceLocator): LidcReaderMarks {
  const g = series.geometry;
  const warnings = [...msg.warnings];
  const marks: LidcReaderMark[] = [];
  const point = (session: number, kind: 'small-nodule' | 'non-nodule', id: string, at: { imageZposition: number; imageSop: string; point: [number, number] }, characteristics?: LidcCharacteristics): void => {
    const where = locateSlice({ imageZposition: at.imageZposition, imageSop: at.imageSop, edgeMap: [at.point] }, series);
    if ('reason' in where) {
      warnings.push(`reader ${session} ${kind} ${id} skipped: ${where.reason}`);
      return;
    }
    const m: LidcReaderMark = { session, readerId: msg.sessions[session - 1]!.readerId, markId: id, kind, centerWorld: voxelToWorld(g, [at.point[0], at.point[1], where.k]), diameterMm: null, volumeMm3: null, contours: [] };
    if (characteristics) m.characteristics = characteristics;
    marks.push(m);
  };
  msg.sessions.forEach((s, i) => {
    const session = i + 1;
    for (const n of s.nodules) {
      const label = `reader ${session} nodule ${n.noduleId}`;
      const { located, warnings: w } = locateRois(n.rois, series, label);
      warnings.push(...w);
      const r = rasterizeLocatedRois(located, g, label);
      warnings.push(...r.warnings);
      if (!r.mask) {
        warnings.push(`${label}: no voxel on this scan's grid, left out`);
        continue;
      }
      const m: LidcReaderMark = { session, readerId: s.readerId, markId: n.noduleId, kind: 'reader', centerWorld: r.centroidWorld, diameterMm: r.equivalentDiameterMm, volumeMm3: r.volumeMm3, contours: located, mask: r.mask };
      if (n.characteristics) m.characteristics = n.characteristics;
      marks.push(m);
    }
    for (const n of s.smallNodules) point(session, 'small-nodule', n.noduleId, n, n.characteristics);
    for (const n of s.nonNodules) point(session, 'non-nodule', n.id, n);
  });
  return { seriesInstanceUid: msg.seriesInstanceUid, sessionCount: msg.sessions.length, marks, warnings };
}

/** Reads an LIDC reader XML and returns its readers' marks on the scan `series` describes. */
export async function readLidcReaderMarks(xmlPath: string, series: SliceLocator): Promise<LidcReaderMarks> {
  return lidcReaderMarksOf(await readLidcXml(xmlPath), series);
}
