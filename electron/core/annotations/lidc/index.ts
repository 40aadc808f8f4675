import { promises as fsp } from 'node:fs';
import type { Vec3, VolumeGeometry } from '../../../common/geometry';
import { ioError } from '../../io/dicom/read-file';
import { voxelToWorld } from '../../volume/volume';
import { type ClusterOptions, type ReaderMark, clusterReaderMarks } from './cluster-readers';
import { type ConsensusOptions, consensusOf } from './consensus';
import { type SliceLocator, locateSlice, rasterizeRois } from './contour-mask';
import { type LidcCharacteristics, type LidcPoint, type LidcReadMessage, parseLidcXml } from './parse-lidc-xml';
import type { SparseMask } from './sparse-mask';

/**
 * LIDC-IDRI reader annotations of one scan as physical nodules with consensus masks.
 *
 * Pipeline: parse the XML (`parseLidcXml`) → rasterise each reader's contoured nodule onto the
 * scan grid (`rasterizeRois`) → cluster the marks of the readers into physical nodules
 * (`clusterReaderMarks`) → per cluster, the consensus at ≥ 50 % of the cluster's marks
 * (`consensusOf`, pylidc's convention). Small (< 3 mm) nodules are clustered from their points
 * and carry no mask. Non-nodule marks (≥ 3 mm findings the reader judged not a nodule) are
 * returned as located points.
 */

export type { SliceLocator } from './contour-mask';
export type { SparseMask, MaskStats } from './sparse-mask';
export type { LidcReadMessage, LidcReadingSession, LidcNoduleRead, LidcRoi, LidcSmallNodule, LidcNonNodule, LidcCharacteristics } from './parse-lidc-xml';
export { parseLidcXml } from './parse-lidc-xml';
export { dicomSliceLocator, slotLocator } from './slice-index';

export interface LidcReaderMarkSummary {
  /** 0-based reading-session index. */
  session: number;
  readerId: string;
  noduleId: string;
  centerWorld: Vec3;
  /** Equivalent-sphere diameter of this reader's mask; 0 for a small nodule. */
  diameterMm: number;
  voxelCount: number;
}

export interface LidcNoduleSummary {
  /** 1-based, in cluster order (more readers first, then by z). */
  clusterId: number;
  /** Readers (sessions) who marked this nodule. */
  readers: number;
  readerIds: string[];
  /** Consensus centroid (world LPS mm); for small nodules the mean of the readers' points. */
  centerWorld: Vec3;
  /** Consensus equivalent-sphere diameter (mm); 0 for small nodules (the readers only say < 3 mm). */
  diameterMm: number;
  volumeMm3: number;
  /** Mean of each rating over the readers who gave it. */
  characteristics: LidcCharacteristics;
  small: boolean;
  /** Voxels kept by ≥ 50 % of the cluster's marks; undefined for small nodules or an empty consensus. */
  consensusMask?: SparseMask;
  perReader: LidcReaderMarkSummary[];
}

export interface LidcNonNoduleMark {
  session: number;
  readerId: string;
  id: string;
  imageZposition: number;
  imageSop: string;
  point: LidcPoint;
  /** Slice index and world position when the slice could be located. */
  slice?: number;
  centerWorld?: Vec3;
}

export interface LidcAnnotations {
  seriesInstanceUid: string;
  studyInstanceUid: string;
  /** Reading sessions in the file (the number of readers who read the scan). */
  sessionCount: number;
  nodules: LidcNoduleSummary[];
  nonNodules: LidcNonNoduleMark[];
  /** Skipped rois and marks, tolerated oddities; one line each. */
  warnings: string[];
}

export interface LidcSummaryOptions {
  cluster?: ClusterOptions;
  consensus?: ConsensusOptions;
}

/** Clusters and summarises an already parsed read message on the grid `series` describes. */
export function summarizeLidc(msg: LidcReadMessage, series: SliceLocator, opts: LidcSummaryOptions = {}): LidcAnnotations {
  const g: VolumeGeometry = series.geometry;
  const warnings = [...msg.warnings];
  const marks: ReaderMark[] = [];
  const extra: Array<{ voxelCount: number; volumeMm3: number; characteristics?: LidcCharacteristics }> = [];

  msg.sessions.forEach((s, session) => {
    for (const n of s.nodules) {
      const label = `reader ${s.readerId} nodule ${n.noduleId}`;
      const r = rasterizeRois(n.rois, series, label);
      warnings.push(...r.warnings);
      if (!r.mask) {
        warnings.push(`${label}: no voxel on this scan's grid, left out`);
        continue;
      }
      marks.push({ session, readerId: s.readerId, noduleId: n.noduleId, small: false, centerWorld: r.centroidWorld, diameterMm: r.equivalentDiameterMm, mask: r.mask });
      extra.push({ voxelCount: r.voxelCount, volumeMm3: r.volumeMm3, characteristics: n.characteristics });
    }
    for (const n of s.smallNodules) {
      const label = `reader ${s.readerId} small nodule ${n.noduleId}`;
      const at = locateSlice({ imageZposition: n.imageZposition, imageSop: n.imageSop, edgeMap: [n.point] }, series);
      if ('reason' in at) {
        warnings.push(`${label} skipped: ${at.reason}`);
        continue;
      }
      marks.push({ session, readerId: s.readerId, noduleId: n.noduleId, small: true, centerWorld: voxelToWorld(g, [n.point[0], n.point[1], at.k]), diameterMm: 0 });
      extra.push({ voxelCount: 0, volumeMm3: 0, characteristics: n.characteristics });
    }
  });

  const clusters = clusterReaderMarks(marks, opts.cluster);
  const nodules: LidcNoduleSummary[] = clusters.map((c, idx) => {
    const perReader: LidcReaderMarkSummary[] = c.members.map((i) => {
      const m = marks[i]!;
      return { session: m.session, readerId: m.readerId, noduleId: m.noduleId, centerWorld: m.centerWorld, diameterMm: m.diameterMm, voxelCount: extra[i]!.voxelCount };
    });
    const cons = consensusOf(
      c.members.map((i) => {
        const m = marks[i]!;
        const e = extra[i]!;
        return { mask: m.mask, centerWorld: m.centerWorld, diameterMm: m.diameterMm, volumeMm3: e.volumeMm3, characteristics: e.characteristics };
      }),
      g,
      { sessionCount: msg.sessions.length, ...opts.consensus },
    );
    const summary: LidcNoduleSummary = {
      clusterId: idx + 1,
      readers: c.members.length,
      readerIds: perReader.map((p) => p.readerId),
      centerWorld: cons.centerWorld,
      diameterMm: c.small ? 0 : cons.diameterMm,
      volumeMm3: c.small ? 0 : cons.volumeMm3,
      characteristics: cons.characteristics,
      small: c.small,
      perReader,
    };
    if (cons.mask) summary.consensusMask = cons.mask;
    else if (!c.small) warnings.push(`nodule ${idx + 1}: the marks share no voxel at the consensus level; centre and size are the readers' means`);
    return summary;
  });

  const nonNodules: LidcNonNoduleMark[] = [];
  msg.sessions.forEach((s, session) => {
    for (const nn of s.nonNodules) {
      const mark: LidcNonNoduleMark = { session, readerId: s.readerId, id: nn.id, imageZposition: nn.imageZposition, imageSop: nn.imageSop, point: nn.point };
      const at = locateSlice({ imageZposition: nn.imageZposition, imageSop: nn.imageSop, edgeMap: [nn.point] }, series);
      if ('k' in at) {
        mark.slice = at.k;
        mark.centerWorld = voxelToWorld(g, [nn.point[0], nn.point[1], at.k]);
      } else warnings.push(`reader ${s.readerId} non-nodule ${nn.id}: ${at.reason}`);
      nonNodules.push(mark);
    }
  });

  return {
    seriesInstanceUid: msg.seriesInstanceUid,
    studyInstanceUid: msg.studyInstanceUid,
    sessionCount: msg.sessions.length,
    nodules,
    nonNodules,
    warnings,
  };
}

/**
 * Reads an LIDC reader XML and returns the scan's physical nodules (consensus centre,
 * equivalent diameter, mask, mean ratings, per-reader marks) and non-nodule marks. `series`
 * places the contours: the geometry, and ideally `sopToSlice`/`slicePositionsZ` from
 * `dicomSliceLocator(files)`. Throws io.not-found / io.read-failed for the file and
 * io.bad-header (with line:column) for malformed or non-LIDC XML.
 */
export async function readLidcAnnotations(xmlPath: string, series: SliceLocator, opts: LidcSummaryOptions = {}): Promise<LidcAnnotations> {
  let text: string;
  try {
    text = await fsp.readFile(xmlPath, 'utf8');
  } catch (e) {
    throw ioError(e, xmlPath);
  }
  return summarizeLidc(parseLidcXml(text, xmlPath), series, opts);
}

export { lidcReaderMarksOf, readLidcReaderMarks, type LidcReaderMark, type LidcReaderMarks } from './reader-marks';
export { rasterizeLocatedRois, type LocatedRoi } from './contour-mask';
