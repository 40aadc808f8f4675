import * as path from 'node:path';
import { generateChestPhantom, type PhantomSpec } from '../../electron/core/phantom';
import { writeDicomSeries } from '../../electron/core/io/write/dicom-series-writer';
import { writeLunaAnnotationsCsv, type LunaAnnotationRow } from '../../electron/core/io/write/luna-annotations';
import { writeMetaImage } from '../../electron/core/io/write/metaimage-writer';
import { uidFromKey } from '../../electron/core/io/write/uid';
import type { Volume } from '../../electron/core/volume/volume';

/**
 * Test-side fixture: one small phantom written as a DICOM series and as a MetaImage, with an
 * annotations.csv that lists the nodules under both series UIDs.
 *
 *   dir/dicom/IM00000.dcm …          (padding outside the reconstruction circle)
 *   dir/<mhdSeriesUid>.mhd + .raw     (or .zraw when compressed)
 *   dir/annotations.csv
 *
 * Default 128×128×40 at 2.5×2.5×5 mm (a full-size 320 mm field of view, coarse), seed 1,
 * noise 15 HU. UIDs are derived from the seed, so a fixture is the same on every run.
 */
export interface PhantomFixtureOptions {
  dims?: [number, number, number];
  spacing?: [number, number, number];
  origin?: [number, number, number];
  seed?: number;
  noiseHu?: number;
  nodules?: PhantomSpec['nodules'];
  pixelRepresentation?: 0 | 1;
  transferSyntax?: 'explicit-le' | 'implicit-le';
  shuffleFileNames?: boolean;
  compressedMhd?: boolean;
  /** Which outputs to write; default both. */
  formats?: ('dicom' | 'metaimage')[];
}

export interface PhantomFixture {
  /** The HU volume as generated (-1024 outside the field of view). */
  volume: Volume;
  fovMask: Uint8Array;
  nodules: { center: [number, number, number]; diameterMm: number }[];
  patientId: string;
  studyInstanceUid: string;
  /** DICOM series */
  seriesInstanceUid: string;
  dicomDir: string;
  /** In slice order. */
  dicomFiles: string[];
  /** MetaImage scan; its basename is `mhdSeriesUid`. */
  mhdSeriesUid: string;
  mhdPath: string;
  annotationsCsv: string;
}

export async function makePhantomFixture(dir: string, opts: PhantomFixtureOptions = {}): Promise<PhantomFixture> {
  const seed = opts.seed ?? 1;
  const spec: PhantomSpec = {
    dims: opts.dims ?? [128, 128, 40],
    spacing: opts.spacing ?? [2.5, 2.5, 5],
    seed,
    noiseHu: opts.noiseHu ?? 15,
    ...(opts.origin ? { origin: opts.origin } : {}),
    ...(opts.nodules ? { nodules: opts.nodules } : {}),
  };
  const ph = generateChestPhantom(spec);
  const formats = opts.formats ?? ['dicom', 'metaimage'];
  const key = `lungdesk-test-fixture/${seed}/${spec.dims.join('x')}`;
  const fixture: PhantomFixture = {
    volume: ph.volume,
    fovMask: ph.fovMask,
    nodules: ph.nodules,
    patientId: `PHANTOM${seed}`,
    studyInstanceUid: uidFromKey(`${key}/study`),
    seriesInstanceUid: uidFromKey(`${key}/series-dicom`),
    dicomDir: path.join(dir, 'dicom'),
    dicomFiles: [],
    mhdSeriesUid: uidFromKey(`${key}/series-mhd`),
    mhdPath: '',
    annotationsCsv: path.join(dir, 'annotations.csv'),
  };
  fixture.mhdPath = path.join(dir, `${fixture.mhdSeriesUid}.mhd`);
  const rows: LunaAnnotationRow[] = [];
  const addRows = (seriesuid: string): void => {
    for (const n of ph.nodules) rows.push({ seriesuid, coordX: n.center[0], coordY: n.center[1], coordZ: n.center[2], diameter_mm: n.diameterMm });
  };
  if (formats.includes('dicom')) {
    const outside = ph.fovMask.map((v) => (v ? 0 : 1));
    fixture.dicomFiles = await writeDicomSeries(ph.volume, fixture.dicomDir, {
      patientId: fixture.patientId,
      studyInstanceUid: fixture.studyInstanceUid,
      seriesInstanceUid: fixture.seriesInstanceUid,
      pixelRepresentation: opts.pixelRepresentation ?? 1,
      paddingMask: outside,
      shuffleFileNames: opts.shuffleFileNames ?? false,
      transferSyntax: opts.transferSyntax ?? 'explicit-le',
      seed,
      studyDate: '20260101',
    });
    addRows(fixture.seriesInstanceUid);
  }
  if (formats.includes('metaimage')) {
    await writeMetaImage(ph.volume, fixture.mhdPath, { compressed: opts.compressedMhd ?? false });
    addRows(fixture.mhdSeriesUid);
  } else {
    fixture.mhdPath = '';
  }
  await writeLunaAnnotationsCsv(rows, fixture.annotationsCsv);
  return fixture;
}
