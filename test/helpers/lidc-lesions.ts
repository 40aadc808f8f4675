import fs from 'node:fs';
import path from 'node:path';
import type { Vec3 } from '../../electron/common/geometry';
import { dicomSliceLocator, readLidcReaderMarks } from '../../electron/core/annotations/lidc';
import { groupLesions, readerLesionMarks, summarizeLesion } from '../../electron/core/review';
import { discoverSeries, loadVolume } from '../../electron/core/io';
import type { BoxMask } from '../../electron/core/volume/box-mask';
import type { Volume } from '../../electron/core/volume/volume';
import { SHARED_DATA } from './shared-data';

/** One lesion of an LIDC scan that at least half of the scan's readers contoured. */
export interface LidcLesion {
  /** `<patient folder>#<lesion number>` in review order, e.g. `LIDC-IDRI-0001#1`. */
  name: string;
  readers: number;
  sessions: number;
  /** Consensus centroid, world LPS mm: where the segmentation is seeded. */
  center: Vec3;
  /** Consensus equivalent diameter, mm: the segmentation's hint. */
  diameterMm: number;
  /** Voxels inside the contours of at least half of the scan's readers. */
  truth: BoxMask;
}

export interface LidcCase {
  name: string;
  xml: string;
  volume: Volume;
  lesions: LidcLesion[];
}

/** Every LIDC reader XML under `root` (a LidcReadMessage with DICOM files beside it). */
export function findLidcXmls(root = SHARED_DATA): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.toLowerCase().endsWith('.xml')) {
        const head = fs.readFileSync(p, 'latin1').slice(0, 4096);
        if (head.includes('LidcReadMessage') && fs.readdirSync(dir).some((f) => f.toLowerCase().endsWith('.dcm'))) out.push(p);
      }
    }
  };
  walk(root);
  return out.sort();
}

/**
 * An LIDC scan's volume and its consensus lesions, as the app forms them: every reader's
 * marks (`readLidcReaderMarks`), grouped into lesions and summarised (core/review); kept
 * when at least half of the scan's readers marked it, with its consensus mask (voxels inside
 * the contours of ≥ half of the readers, 2 of 4) as the truth.
 */
export async function loadLidcCase(xml: string): Promise<LidcCase> {
  const dir = path.dirname(xml);
  const found = await discoverSeries(dir);
  const series = found.series.find((s) => s.format === 'dicom')!;
  const { volume } = await loadVolume(series);
  const locator = await dicomSliceLocator(series.files);
  const lidc = await readLidcReaderMarks(xml, locator);
  const patient = path.relative(SHARED_DATA, dir).split(path.sep)[0] ?? path.basename(dir);
  const marks = readerLesionMarks(lidc);
  const lesions: LidcLesion[] = [];
  groupLesions(marks, volume).forEach((g, i) => {
    const s = summarizeLesion(g, marks, volume, lidc.sessionCount);
    if (g.category !== 'nodule' || !s.consensus || !s.consensusMask) return;
    lesions.push({
      name: `${patient}#${i + 1}`,
      readers: s.readersMarked,
      sessions: lidc.sessionCount,
      center: s.center,
      diameterMm: s.diameterMm ?? 0,
      truth: { box: s.consensusMask.bbox, mask: s.consensusMask.mask },
    });
  });
  return { name: patient, xml, volume, lesions };
}
