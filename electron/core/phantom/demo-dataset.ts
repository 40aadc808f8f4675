import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { LungDeskError } from '../../common/errors';
import type { JobContext } from '../../common/jobs';
import { writeDicomSeries } from '../io/write/dicom-series-writer';
import { writeFileAtomic } from '../io/write/atomic-write';
import { writeLunaAnnotationsCsv, type LunaAnnotationRow } from '../io/write/luna-annotations';
import { writeMetaImage } from '../io/write/metaimage-writer';
import { uidFromKey } from '../io/write/uid';
import {
  HU_OUTSIDE_FOV,
  generateChestPhantom,
  lungPoint,
  phantomLayout,
  pleuralPoint,
  type PhantomNoduleSpec,
  type PhantomSpec,
  type Vec3,
} from './chest-phantom';

/**
 * The demo dataset made at first start: three phantom scans in the layouts LungDesk reads.
 *
 *   dir/dicom/<patientId>/<studyUid>/<seriesUid>/IM00000.dcm …   two CT series
 *       LDEMO-001: signed pixels, explicit VR, files named in slice order;
 *       LDEMO-002: unsigned 12-bit pixels, explicit VR, files named in shuffled order;
 *   dir/luna16/subset0/<seriesuid>.mhd + .raw                      one LUNA16-style scan,
 *       −3024 HU outside the reconstruction circle as many LUNA16 scans have;
 *   dir/annotations.csv        LUNA16 columns, one row per nodule of all three scans,
 *                              seriesuid = the DICOM SeriesInstanceUID / the .mhd basename;
 *   dir/demo-manifest.json     written last: its presence (with the current version and all
 *                              listed files present) means the dataset is complete.
 *
 * Idempotent: a complete dataset of the current version is returned without writing.
 * Otherwise the three outputs above are deleted and made again (so an interrupted or older
 * run never leaves stale series behind). Everything is deterministic: UIDs are derived from
 * fixed keys and the phantoms from fixed seeds, so every machine gets the same dataset.
 * Not safe against two concurrent calls on the same folder (the app runs it as one job).
 *
 * Paths in the manifest file are relative to `dir` (the folder can move); the returned
 * manifest has them resolved to absolute paths.
 */

export const DEMO_VERSION = 1;
export const DEMO_MANIFEST_NAME = 'demo-manifest.json';

export interface DemoManifest {
  version: number;
  scans: {
    seriesInstanceUid: string;
    patientId: string;
    format: 'dicom' | 'metaimage';
    /** DICOM: the series folder; MetaImage: the .mhd file. */
    path: string;
    nodules: { center: [number, number, number]; diameterMm: number }[];
  }[];
  annotationsCsv: string;
}

/** One scan of the demo, as data so tests can rebuild its layout. */
export interface DemoScanPlan {
  patientId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  format: 'dicom' | 'metaimage';
  pixelRepresentation: 0 | 1;
  shuffleFileNames: boolean;
  spec: PhantomSpec;
}

const uid = (what: string): string => uidFromKey(`lungdesk-demo/v${DEMO_VERSION}/${what}`);

/** Nodules placed relative to the lungs; sizes 4–25 mm, one pleural nodule per scan. */
function placed(spec: PhantomSpec, list: ((s: PhantomSpec) => PhantomNoduleSpec)[]): PhantomSpec {
  return { ...spec, nodules: list.map((f) => f(spec)) };
}

const at = (side: 'left' | 'right', u: number, lateral: number, posterior: number, diameterMm: number) =>
  (s: PhantomSpec): PhantomNoduleSpec => ({ center: lungPoint(phantomLayout(s), side, u, lateral, posterior), diameterMm });
const pleural = (side: 'left' | 'right', u: number, diameterMm: number) =>
  (s: PhantomSpec): PhantomNoduleSpec => ({ center: pleuralPoint(phantomLayout(s), side, u, diameterMm), diameterMm });

/** The three scans of the current demo version. */
export function demoScanPlans(): DemoScanPlan[] {
  return [
    {
      patientId: 'LDEMO-001',
      studyInstanceUid: uid('study-1'),
      seriesInstanceUid: uid('series-1'),
      format: 'dicom',
      pixelRepresentation: 1,
      shuffleFileNames: false,
      spec: placed({ dims: [512, 512, 120], spacing: [0.7, 0.7, 2.5], seed: 101, noiseHu: 15 }, [
        at('left', 0.45, 0.1, -0.1, 18),
        pleural('right', 0.45, 9),
        at('right', 0.7, -0.2, 0.3, 5),
      ]),
    },
    {
      patientId: 'LDEMO-002',
      studyInstanceUid: uid('study-2'),
      seriesInstanceUid: uid('series-2'),
      format: 'dicom',
      pixelRepresentation: 0,
      shuffleFileNames: true,
      spec: placed({ dims: [512, 512, 116], spacing: [0.74, 0.74, 2.5], origin: [-189.01, -200.5, -310], seed: 202, noiseHu: 20 }, [
        at('right', 0.35, 0, 0, 25),
        pleural('left', 0.55, 7),
        at('left', 0.3, -0.3, 0.4, 12),
        at('right', 0.75, 0.2, -0.3, 4),
      ]),
    },
    {
      patientId: 'LDEMO-003',
      studyInstanceUid: uid('study-3'),
      seriesInstanceUid: uid('series-3'),
      format: 'metaimage',
      pixelRepresentation: 1,
      shuffleFileNames: false,
      spec: placed({ dims: [512, 512, 124], spacing: [0.66, 0.66, 2.5], origin: [-170.2, -168.9, -342.5], seed: 303, noiseHu: 12 }, [
        at('left', 0.6, 0.3, 0.2, 14),
        pleural('right', 0.4, 6),
      ]),
    },
  ];
}

/** A context that maps a sub-step's 0..1 progress into [from, to] of the whole job. */
function subContext(ctx: JobContext, from: number, to: number, stage: string): JobContext {
  return {
    signal: ctx.signal,
    budgetBytes: ctx.budgetBytes,
    progress: (_s, f) => ctx.progress(stage, from + (to - from) * Math.min(1, Math.max(0, f))),
  };
}

function resolveManifest(dir: string, m: DemoManifest): DemoManifest {
  return {
    version: m.version,
    scans: m.scans.map((s) => ({ ...s, path: path.resolve(dir, s.path) })),
    annotationsCsv: path.resolve(dir, m.annotationsCsv),
  };
}

/** The stored manifest if it is the current version and everything it lists exists. */
async function readCompleteManifest(dir: string): Promise<DemoManifest | null> {
  let parsed: DemoManifest;
  try {
    parsed = JSON.parse(await fsp.readFile(path.join(dir, DEMO_MANIFEST_NAME), 'utf8')) as DemoManifest;
  } catch {
    return null;
  }
  if (parsed?.version !== DEMO_VERSION || !Array.isArray(parsed.scans) || typeof parsed.annotationsCsv !== 'string') return null;
  const resolved = resolveManifest(dir, parsed);
  if (!existsSync(resolved.annotationsCsv) || !resolved.scans.every((s) => existsSync(s.path))) return null;
  return resolved;
}

export async function createDemoDataset(dir: string, ctx?: JobContext): Promise<DemoManifest> {
  const existing = await readCompleteManifest(dir);
  if (existing) return existing;

  const job: JobContext = ctx ?? { signal: new AbortController().signal, progress: () => {}, budgetBytes: Number.MAX_SAFE_INTEGER };
  try {
    await fsp.mkdir(dir, { recursive: true });
    for (const stale of [DEMO_MANIFEST_NAME, 'dicom', 'luna16', 'annotations.csv']) {
      await fsp.rm(path.join(dir, stale), { recursive: true, force: true });
    }
  } catch (e) {
    throw new LungDeskError('io.write-failed', `cannot prepare the demo folder ${dir}: ${(e as Error).message}`, { file: dir, cause: e });
  }

  const plans = demoScanPlans();
  const scans: DemoManifest['scans'] = [];
  const rows: LunaAnnotationRow[] = [];
  const share = 1 / plans.length;
  for (const [n, plan] of plans.entries()) {
    const from = n * share;
    const stage = `demo scan ${n + 1}/${plans.length}`;
    const ph = generateChestPhantom(plan.spec, subContext(job, from, from + share * 0.5, stage));
    let rel: string;
    if (plan.format === 'dicom') {
      rel = path.join('dicom', plan.patientId, plan.studyInstanceUid, plan.seriesInstanceUid);
      const outside = new Uint8Array(ph.fovMask.length);
      for (let p = 0; p < outside.length; p++) outside[p] = ph.fovMask[p] ? 0 : 1;
      await writeDicomSeries(
        ph.volume,
        path.join(dir, rel),
        {
          patientId: plan.patientId,
          patientName: `Demo^${plan.patientId}`,
          studyInstanceUid: plan.studyInstanceUid,
          seriesInstanceUid: plan.seriesInstanceUid,
          seriesDescription: plan.pixelRepresentation === 1 ? 'Demo chest phantom (signed)' : 'Demo chest phantom (unsigned, shuffled names)',
          pixelRepresentation: plan.pixelRepresentation,
          paddingMask: outside,
          shuffleFileNames: plan.shuffleFileNames,
          seed: plan.spec.seed ?? 0,
          studyDate: '20260101',
          seriesNumber: n + 1,
        },
        subContext(job, from + share * 0.5, from + share, stage),
      );
    } else {
      rel = path.join('luna16', 'subset0', `${plan.seriesInstanceUid}.mhd`);
      // LUNA16 scans carry -3024 HU (not -1024) outside the reconstruction circle
      const plane = ph.fovMask.length;
      const v = ph.volume.voxels;
      for (let p = 0; p < v.length; p++) if (ph.fovMask[p % plane] === 0 && v[p] === HU_OUTSIDE_FOV) v[p] = -3024;
      job.progress(stage, from + share * 0.6);
      await writeMetaImage(ph.volume, path.join(dir, rel));
    }
    if (job.signal.aborted) throw new LungDeskError('job.cancelled', 'demo dataset creation was cancelled');
    job.progress(stage, from + share);
    scans.push({ seriesInstanceUid: plan.seriesInstanceUid, patientId: plan.patientId, format: plan.format, path: rel, nodules: ph.nodules });
    for (const nod of ph.nodules) {
      const c: Vec3 = nod.center;
      rows.push({ seriesuid: plan.seriesInstanceUid, coordX: c[0], coordY: c[1], coordZ: c[2], diameter_mm: nod.diameterMm });
    }
  }
  await writeLunaAnnotationsCsv(rows, path.join(dir, 'annotations.csv'));
  const manifest: DemoManifest = { version: DEMO_VERSION, scans, annotationsCsv: 'annotations.csv' };
  await writeFileAtomic(path.join(dir, DEMO_MANIFEST_NAME), JSON.stringify(manifest, null, 2) + '\n');
  job.progress('demo dataset', 1);
  return resolveManifest(dir, manifest);
}
