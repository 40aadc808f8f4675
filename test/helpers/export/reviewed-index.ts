import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Lesion, MaskRuns, ScanListItem } from '../../../electron/common';
import { workerEntry } from '../../../electron/app/runtime';
import { LungDeskService } from '../../../electron/app/service';
import { generateChestPhantom } from '../../../electron/core/phantom';
import { writeDicomSeries } from '../../../electron/core/io/write/dicom-series-writer';
import { writeLunaAnnotationsCsv, type LunaAnnotationRow } from '../../../electron/core/io/write/luna-annotations';
import { writeMetaImage } from '../../../electron/core/io/write/metaimage-writer';
import { uidFromKey } from '../../../electron/core/io/write/uid';
import { worldToVoxel } from '../../../electron/core/volume/volume';
import { JobRunner } from '../../../electron/workers/job-runner';
import { nodeForkLauncher } from '../../../electron/workers/process-launcher';
import { registerTestExporters } from './test-exporters';

export const PRELOAD = path.join(__dirname, 'preload-test-exporters.ts');
const DIMS: [number, number, number] = [64, 64, 24];
const SPACING: [number, number, number] = [5, 5, 5];

/**
 * The service as the app runs it (SQLite, worker processes), with the test exporters in this
 * process and preloaded into every worker.
 */
export function openTestService(dataDir: string): LungDeskService {
  registerTestExporters();
  const { entry, execArgv } = workerEntry();
  const runner = new JobRunner({ launcher: nodeForkLauncher, entry, execArgv: [...execArgv, '--import', pathToFileURL(PRELOAD).href], cwd: os.tmpdir() });
  return LungDeskService.open({ dataDir, host: 'browser', runner, version: '0.0.0-test' });
}

/** One phantom scan of the test dataset and how the test reviews it. */
interface ScanSpec {
  patientId: string;
  seed: number;
  format: 'dicom' | 'metaimage';
}

/**
 * Seven small phantom scans (64×64×24 at 5 mm, three LUNA16-style nodules each) of six
 * patients: EXPT-001..007 as DICOM, EXPT-002 with two series, and one MetaImage without a
 * patient id; an annotations.csv with every nodule and a candidates.csv with three rows for
 * EXPT-001 (class 0 away from its nodules, class 0 on nodule 1, class 1 on nodule 1).
 */
export const SCANS: ScanSpec[] = [
  { patientId: 'EXPT-001', seed: 11, format: 'dicom' },
  { patientId: 'EXPT-002', seed: 21, format: 'dicom' },
  { patientId: 'EXPT-002', seed: 22, format: 'dicom' },
  { patientId: 'EXPT-003', seed: 31, format: 'dicom' },
  { patientId: 'EXPT-004', seed: 41, format: 'dicom' },
  { patientId: '', seed: 51, format: 'metaimage' },
  { patientId: 'EXPT-006', seed: 61, format: 'dicom' },
  { patientId: 'EXPT-007', seed: 71, format: 'dicom' },
];

export const seriesUidOf = (seed: number): string => uidFromKey(`lungdesk-export-test/${seed}/series`);

export async function writeTestDataset(dir: string): Promise<void> {
  const rows: LunaAnnotationRow[] = [];
  const cand: string[] = ['seriesuid,coordX,coordY,coordZ,class'];
  for (const s of SCANS) {
    const ph = generateChestPhantom({ dims: DIMS, spacing: SPACING, seed: s.seed, noiseHu: 15 });
    const uid = seriesUidOf(s.seed);
    if (s.format === 'dicom') {
      await writeDicomSeries(ph.volume, path.join(dir, s.patientId, String(s.seed)), {
        patientId: s.patientId,
        studyInstanceUid: uidFromKey(`lungdesk-export-test/${s.seed}/study`),
        seriesInstanceUid: uid,
        pixelRepresentation: 1,
        transferSyntax: 'explicit-le',
        seed: s.seed,
        studyDate: '20260101',
      });
    } else {
      await writeMetaImage(ph.volume, path.join(dir, 'luna', `${uid}.mhd`));
    }
    for (const n of ph.nodules) rows.push({ seriesuid: uid, coordX: n.center[0], coordY: n.center[1], coordZ: n.center[2], diameter_mm: n.diameterMm });
    if (s.seed === 11) {
      const n = ph.nodules[0]!;
      cand.push(`${uid},0,40,${n.center[2]},0`, `${uid},${n.center.join(',')},0`, `${uid},${n.center.join(',')},1`);
    }
  }
  await writeLunaAnnotationsCsv(rows, path.join(dir, 'annotations.csv'));
  fs.writeFileSync(path.join(dir, 'candidates.csv'), cand.join('\n') + '\n');
}

export interface ReviewedIndex {
  datasetId: number;
  /** By series seed. */
  scans: Map<number, ScanListItem>;
  lungMaskId: number;
  editedMaskId: number;
  /** EXPT-001's lesion 1, accepted, outlined by a label of the edited mask. */
  linkedLesion: Lesion;
  /** The voxels the edit gave that lesion's label (flat indices). */
  linkedVoxels: number[];
}

/**
 * Indexes the dataset and reviews it through the service: EXPT-001 accepts nodules 1 and 3,
 * rejects 2 (vessel), gets a lung mask from the job and an edit of it whose label 2 outlines
 * nodule 1 (linked by its lesion key), and is done; EXPT-002 (both series), 006 and 007
 * accept everything and are done; EXPT-003 rejects everything and is done (a negative case);
 * EXPT-004 accepts one nodule and is not done; the MetaImage sends one nodule to a second
 * read, accepts the rest and is done.
 */
export async function reviewTestIndex(service: LungDeskService, dir: string): Promise<ReviewedIndex> {
  const h = service.handlers;
  const imp = service.importDataset(dir);
  await imp.done;
  const listed = service.listScans(imp.datasetId);
  const scans = new Map<number, ScanListItem>();
  for (const s of SCANS) scans.set(s.seed, listed.find((x) => x.seriesInstanceUid === seriesUidOf(s.seed))!);
  const lesionsOf = async (seed: number) => (await h.listLesions({ scanId: scans.get(seed)!.id })).lesions.sort((a, b) => a.ordinal - b.ordinal);
  const decide = async (seed: number, l: Lesion, decision: 'accepted' | 'rejected' | 'second-read', reason?: 'vessel' | 'not-a-nodule') =>
    h.decideLesion({ scanId: scans.get(seed)!.id, lesionKey: l.key, decision, ...(reason ? { reason } : {}) });
  const done = (seed: number) => h.setScanDone({ scanId: scans.get(seed)!.id, done: true, nothingMissed: true });

  const p1 = await lesionsOf(11);
  await decide(11, p1[0]!, 'accepted');
  await decide(11, p1[1]!, 'rejected', 'vessel');
  await decide(11, p1[2]!, 'accepted');
  for (const seed of [21, 22, 61, 71]) {
    for (const l of await lesionsOf(seed)) await decide(seed, l, 'accepted');
    await done(seed);
  }
  for (const l of await lesionsOf(31)) await decide(31, l, 'rejected', 'not-a-nodule');
  await done(31);
  await decide(41, (await lesionsOf(41))[0]!, 'accepted');
  const p5 = await lesionsOf(51);
  await decide(51, p5[0]!, 'second-read');
  for (const l of p5.slice(1)) await decide(51, l, 'accepted');
  await done(51);

  const scan1 = scans.get(11)!;
  const lungMaskId = await service.runLungMask(scan1.id, { fill: true, dilateMm: 0, outsideAir: 'sides', threshold: -320 }).done;
  const linked = p1[0]!;
  const c = worldToVoxel(scan1, linked.center).map(Math.round) as [number, number, number];
  const linkedVoxels: number[] = [];
  for (let z = c[2] - 1; z <= c[2] + 1; z++) for (let y = c[1] - 1; y <= c[1] + 1; y++) for (let x = c[0] - 1; x <= c[0] + 1; x++) linkedVoxels.push(x + DIMS[0] * (y + DIMS[1] * z));
  linkedVoxels.sort((a, b) => a - b);
  const change: MaskRuns = { runs: Uint32Array.from(linkedVoxels.flatMap((i) => [i, 1])), values: new Uint8Array(linkedVoxels.length).fill(2) };
  const edited = await h.saveMaskVersion({
    scanId: scan1.id,
    parentId: lungMaskId,
    kind: 'lung',
    note: 'nodule 1 outlined',
    tools: ['brush'],
    labels: [{ value: 1, name: 'lung', kind: 'lung' }, { value: 2, name: 'lesion 1', kind: 'nodule', lesionKey: linked.key }],
    change,
  });
  await done(11);
  return { datasetId: imp.datasetId, scans, lungMaskId, editedMaskId: edited.id, linkedLesion: linked, linkedVoxels };
}
