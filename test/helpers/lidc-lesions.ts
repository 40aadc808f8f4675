import fs from 'node:fs';
import path from 'node:path';
import type { Vec3 } from '../../electron/common/geometry';
import { dicomSliceLocator, readLidcAnnotations } from '../../electron/core/annotations/lidc';
import { discoverSeries, loadVolume } from '../../electron/core/io';
import type { BoxMask } from '../../electron/core/volume/box-mask';
import type { Volume } from '../../electron/core/volume/volume';
import { SHARED_DATA } from './shared-data';

/** One lesion of an LIDC scan that at least half of the scan's readers contoured. */
export interface LidcLesion {
  /** `<patient folder>#<cluster id>`, e.g. `LIDC-IDRI-0001#1`. */
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
 * An LIDC scan's volume and its consensus lesions: rasterised reader contours
 * (`readLidcAnnotations`), consensus at ≥ 50 % of the scan's reading sessions
 * (`denominator: 'sessions'`, so 2 of 4), kept when at least half of the readers marked it.
 */
export async function loadLidcCase(xml: string): Promise<LidcCase> {
  const dir = path.dirname(xml);
  const found = await discoverSeries(dir);
  const series = found.series.find((s) => s.format === 'dicom')!;
  const { volume } = await loadVolume(series);
  const locator = await dicomSliceLocator(series.files);
  const ann = await readLidcAnnotations(xml, locator, { consensus: { denominator: 'sessions' } });
  const patient = path.relative(SHARED_DATA, dir).split(path.sep)[0] ?? path.basename(dir);
  const lesions: LidcLesion[] = [];
  for (const n of ann.nodules) {
    if (n.small || !n.consensusMask || 2 * n.readers < ann.sessionCount) continue;
    lesions.push({
      name: `${patient}#${n.clusterId}`,
      readers: n.readers,
      sessions: ann.sessionCount,
      center: n.centerWorld,
      diameterMm: n.diameterMm,
      truth: { box: n.consensusMask.bbox, mask: n.consensusMask.mask },
    });
  }
  return { name: patient, xml, volume, lesions };
}
