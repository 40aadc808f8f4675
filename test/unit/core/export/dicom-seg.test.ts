import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportOptions } from '../../../../electron/common/contract/export';
import type { Vec3 } from '../../../../electron/common/geometry';
import type { ExportCase, ExportCasePlan, ExportContext } from '../../../../electron/core/export/case-model';
import { dicomSegExporter, segPath } from '../../../../electron/core/export/dicom-seg';
import { discoverSeries, loadVolume } from '../../../../electron/core/io';
import { getString } from '../../../../electron/core/io/dicom/dataset';
import { readDicomHeader } from '../../../../electron/core/io/dicom/read-file';
import { Tags } from '../../../../electron/core/io/dicom/tags';
import type { SeriesDescriptor } from '../../../../electron/core/io/types';
import { writeDicomSeries } from '../../../../electron/core/io/write/dicom-series-writer';
import { uidFromKey } from '../../../../electron/core/io/write/uid';
import { generateChestPhantom } from '../../../../electron/core/phantom';
import { worldToVoxel, type Volume } from '../../../../electron/core/volume/volume';
import { dcentvfy, dciodvfy, dciodvfyMissing } from '../../../helpers/dciodvfy';
import { SHARED_DATA } from '../../../helpers/shared-data';
import { pythonMissing } from '../../../phantom/python-oracle';
import { readSegBack } from './seg-oracle';

const root = mkdtempSync(path.join(tmpdir(), 'ld-dicom-seg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LUNG = 1;
const NODULE = 2;
const LUNG_SAVED = Date.UTC(2024, 4, 6, 7, 8, 9);
const NODULE_SAVED = Date.UTC(2024, 4, 6, 9, 10, 11);

/** Lung where the HU is lung parenchyma, then a nodule ball (radius in voxels) painted over it. */
function blobLabelmap(volume: Volume, nodule: Vec3, radiusVox: number): Uint8Array {
  const [nx, ny, nz] = volume.dims;
  const lm = new Uint8Array(nx * ny * nz);
  for (let i = 0; i < lm.length; i++) {
    const hu = volume.voxels[i]!;
    if (hu > -950 && hu < -500) lm[i] = LUNG;
  }
  const r = Math.ceil(radiusVox);
  for (let z = Math.round(nodule[2]) - r; z <= Math.round(nodule[2]) + r; z++) {
    for (let y = Math.round(nodule[1]) - r; y <= Math.round(nodule[1]) + r; y++) {
      for (let x = Math.round(nodule[0]) - r; x <= Math.round(nodule[0]) + r; x++) {
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
        if ((x - nodule[0]) ** 2 + (y - nodule[1]) ** 2 + (z - nodule[2]) ** 2 <= radiusVox ** 2) lm[x + nx * (y + ny * z)] = NODULE;
      }
    }
  }
  return lm;
}

function planOf(d: SeriesDescriptor, caseId: string, over: Partial<ExportCasePlan> = {}): ExportCasePlan {
  return {
    caseId,
    scanId: 1,
    patientId: d.patientId,
    seriesInstanceUid: d.seriesInstanceUid,
    studyInstanceUid: d.studyInstanceUid,
    format: d.format,
    files: d.files,
    geometry: d.geometry,
    missingSlices: d.missingSlices,
    masks: [
      { versionId: 11, kind: 'lung', path: '/masks/11.ldmask', format: 'ldmask', sha256: null, labels: [{ value: 1, kind: 'lung' }], createdAt: LUNG_SAVED, edited: true },
      { versionId: 12, kind: 'nodules', path: '/masks/12.ldmask', format: 'ldmask', sha256: null, labels: [{ value: 1, kind: 'nodule', lesionKey: 'user:1' }], createdAt: NODULE_SAVED, edited: false },
    ],
    lesions: [
      { key: 'user:1', ordinal: 1, center: [0, 0, 0], diameterMm: 10, decision: 'accepted', reason: null, role: 'positive', source: 'user', malignancy: [], outline: null },
    ],
    reviewer: 'Reader^One',
    reviewState: 'done',
    split: 'fold-0',
    fold: 0,
    ...over,
  };
}

function caseOf(plan: ExportCasePlan, volume: Volume, labelmap: Uint8Array): ExportCase {
  return { plan, volume, labelmap, lesionVoxels: new Map(), labelSources: { lung: [11], nodule: [12] } };
}

function contextFor(outDir: string, notes: string[] = []): ExportContext {
  return {
    outDir,
    options: ExportOptions.parse({ outDir, formats: ['seg'] }),
    labels: { lung: LUNG, nodule: NODULE },
    version: '0.1.0-test',
    note: (m) => notes.push(m),
  };
}

/** [slot, file] of every acquired slice. */
function slotFiles(plan: ExportCasePlan): [number, string][] {
  const gaps = new Set(plan.missingSlices);
  const out: [number, string][] = [];
  for (let k = 0, i = 0; i < plan.files.length; k++) if (!gaps.has(k)) out.push([k, plan.files[i++]!]);
  return out;
}

async function sopInstanceUidOf(file: string): Promise<string> {
  return getString(await readDicomHeader(file), Tags.SOPInstanceUID)!;
}

const skipPython = pythonMissing();
const skipDciodvfy = dciodvfyMissing();

describe('DICOM SEG export of a phantom series', () => {
  // 45 × 37 pixels: a frame is 1665 bits, so frames do not start on byte boundaries.
  const ph = generateChestPhantom({ dims: [45, 37, 12], spacing: [8, 9, 12], seed: 3, noiseHu: 10 });
  const seriesDir = path.join(root, 'phantom-series');
  let desc: SeriesDescriptor;
  let volume: Volume;
  let labelmap: Uint8Array;
  let plan: ExportCasePlan;

  beforeAll(async () => {
    await writeDicomSeries(ph.volume, seriesDir, {
      patientId: 'SEG-PHANTOM',
      patientName: 'Phantom^Seg',
      studyInstanceUid: uidFromKey('seg-test/study'),
      seriesInstanceUid: uidFromKey('seg-test/series'),
      pixelRepresentation: 1,
      studyDate: '20240102',
      shuffleFileNames: true,
      seed: 4,
    });
    desc = (await discoverSeries(seriesDir)).series[0]!;
    volume = (await loadVolume(desc)).volume;
    labelmap = blobLabelmap(volume, [14, 17, 6], 2.2);
    plan = planOf(desc, 'PHANTOM_s01');
  });

  it('writes seg/{caseId}.dcm and returns it with its size and sha256 (role seg)', async () => {
    const out = path.join(root, 'export-a');
    const files = await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(out));
    expect(files).toHaveLength(1);
    expect(files[0]!.path).toBe(segPath('PHANTOM_s01'));
    expect(files[0]!.path).toBe('seg/PHANTOM_s01.dcm');
    expect(files[0]!.role).toBe('seg');
    const bytes = readFileSync(path.join(out, files[0]!.path));
    expect(files[0]!.bytes).toBe(bytes.length);
    expect(bytes.subarray(128, 132).toString('latin1')).toBe('DICM');
  });

  it.skipIf(skipDciodvfy)('dciodvfy finds no error in the SEG (dicom3tools)', async () => {
    const file = path.join(root, 'export-a', 'seg', 'PHANTOM_s01.dcm');
    if (!existsSync(file)) await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(path.join(root, 'export-a')));
    const report = dciodvfy(file);
    if (report.warnings.length) console.log(`dciodvfy warnings (phantom SEG):\n${report.warnings.join('\n')}`);
    expect(report.errors, report.output).toEqual([]);
  });

  it.skipIf(skipPython)('pydicom reads every frame back equal to the labelmap on the source slice it references, with lung and nodule segments', async () => {
    const out = path.join(root, 'export-b');
    const [file] = await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(out));
    const back = readSegBack(path.join(out, file!.path), labelmap, volume.dims, slotFiles(plan), { Lung: LUNG, Nodule: NODULE }, path.join(root, 'b'));
    expect(back.problems).toEqual([]);
    expect(back.sopClass).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(back.modality).toBe('SEG');
    expect(back.segmentationType).toBe('BINARY');
    expect(back.studyUid).toBe(desc.studyInstanceUid);
    expect(back.patientId).toBe('SEG-PHANTOM');
    expect(back.referencedSeries).toBe(desc.seriesInstanceUid);
    expect(back.referencedInstances).toBe(true);
    // The newest mask version used (the nodules, 2024-05-06 09:10:11 UTC).
    expect([back.contentDate, back.contentTime]).toEqual(['20240506', '091011']);
    expect(back.segments.map((s) => [s.number, s.label, s.algorithm, s.category, s.type, s.scheme])).toEqual([
      [1, 'Lung', 'MANUAL', '123037004', '39607008', 'SCT'],
      [2, 'Nodule', 'SEMIAUTOMATIC', '49755003', '27925004', 'SCT'],
    ]);
    for (const s of back.segments) expect(s.lab.every((v) => v >= 0 && v <= 65535)).toBe(true);
    // Frames only where a segment has voxels: the nodule ball spans 5 slots.
    const slotsWith = (v: number): number => {
      const plane = volume.dims[0] * volume.dims[1];
      let n = 0;
      for (let k = 0; k < volume.dims[2]; k++) if (labelmap.subarray(k * plane, (k + 1) * plane).includes(v)) n++;
      return n;
    };
    expect(back.frames).toBe(slotsWith(LUNG) + slotsWith(NODULE));
    expect(slotsWith(NODULE)).toBe(5);
  });

  it('the same case written twice gives byte-identical files', async () => {
    const a = await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(path.join(root, 'twice-1')));
    const b = await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(path.join(root, 'twice-2')));
    expect(a[0]!.sha256).toBe(b[0]!.sha256);
    expect(readFileSync(path.join(root, 'twice-1', a[0]!.path)).equals(readFileSync(path.join(root, 'twice-2', b[0]!.path)))).toBe(true);
  });

  it('a changed mask gives the SEG new series and instance UIDs', async () => {
    const changed = labelmap.slice();
    changed[changed.indexOf(LUNG)] = 0;
    const [a] = await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(path.join(root, 'uid-1')));
    const [b] = await dicomSegExporter.writeCase(caseOf(plan, volume, changed), contextFor(path.join(root, 'uid-2')));
    const uidA = await sopInstanceUidOf(path.join(root, 'uid-1', a!.path));
    const uidB = await sopInstanceUidOf(path.join(root, 'uid-2', b!.path));
    expect(uidA).not.toBe(uidB);
  });

  it('a case without lung or nodule voxels gets no SEG and a note', async () => {
    const notes: string[] = [];
    const files = await dicomSegExporter.writeCase(caseOf(plan, volume, new Uint8Array(labelmap.length)), contextFor(path.join(root, 'empty'), notes));
    expect(files).toEqual([]);
    expect(notes.join('\n')).toMatch(/PHANTOM_s01: no DICOM SEG, the case has no lung or nodule voxels/);
  });

  it('a MetaImage case gets no SEG and a note saying why', async () => {
    const notes: string[] = [];
    const mhd = planOf(desc, 'LUNA_s01', { format: 'metaimage', files: ['/data/scan.mhd'], missingSlices: [] });
    const files = await dicomSegExporter.writeCase(caseOf(mhd, volume, labelmap), contextFor(path.join(root, 'mhd'), notes));
    expect(files).toEqual([]);
    expect(notes).toEqual(['LUNA_s01: no DICOM SEG, the scan is a MetaImage, not a DICOM series a SEG could reference']);
  });

  it('a source file that no longer matches the plan fails with io.bad-header naming it', async () => {
    const wrong = planOf(desc, 'PHANTOM_s01', { seriesInstanceUid: uidFromKey('another series') });
    await expect(dicomSegExporter.writeCase(caseOf(wrong, volume, labelmap), contextFor(path.join(root, 'wrong')))).rejects.toMatchObject({
      code: 'io.bad-header',
      file: desc.files[0],
    });
  });

  it.skipIf(skipPython)('a series with a missing slice: frames reference acquired slices only, voxels on the gap are left out with a note', async () => {
    const gapDir = path.join(root, 'gap-series');
    await writeDicomSeries(ph.volume, gapDir, {
      patientId: 'SEG-GAP',
      studyInstanceUid: uidFromKey('seg-test/gap-study'),
      seriesInstanceUid: uidFromKey('seg-test/gap-series'),
      pixelRepresentation: 1,
      studyDate: '20240102',
    });
    const full = (await discoverSeries(gapDir)).series[0]!;
    unlinkSync(full.files[6]!); // slot 6, inside the nodule ball
    const gapDesc = (await discoverSeries(gapDir)).series[0]!;
    expect(gapDesc.missingSlices).toEqual([6]);
    const gapVolume = (await loadVolume(gapDesc)).volume;
    const lm = blobLabelmap(volume, [14, 17, 6], 2.2); // the full scan's masks on the same grid
    const gapPlan = planOf(gapDesc, 'GAP_s01');
    const notes: string[] = [];
    const [file] = await dicomSegExporter.writeCase(caseOf(gapPlan, gapVolume, lm), contextFor(path.join(root, 'gap'), notes));
    expect(notes.join('\n')).toMatch(/GAP_s01: DICOM SEG leaves out \d+ mask voxel\(s\) on slices missing from the series/);
    const back = readSegBack(path.join(root, 'gap', file!.path), lm, gapVolume.dims, slotFiles(gapPlan), { Lung: LUNG, Nodule: NODULE }, path.join(root, 'gap'));
    expect(back.problems).toEqual([]);
    expect(back.referencedInstances).toBe(true);
    if (!skipDciodvfy) expect(dciodvfy(path.join(root, 'gap', file!.path)).errors).toEqual([]);
  });
});

/** Real series in ../shared/data (SOURCES.md), each with a blob mask: lung by HU, a nodule ball. */
const REAL: { name: string; dir: string; caseId: string; nodule: (v: Volume) => Vec3; radiusMm: number; seriesUid: string; studyUid: string; patientId: string }[] = [
  {
    name: 'LIDC-IDRI-0001 (GE, explicit VR, signed, 133 slices; the nodule of LUNA16 annotations.csv)',
    dir: path.join(SHARED_DATA, 'LIDC-IDRI-0001'),
    caseId: 'LIDC_IDRI_0001_s01',
    nodule: (v) => worldToVoxel(v, [56.20840547, 86.34341278, -115.8675792]),
    radiusMm: 23.35064438 / 2,
    seriesUid: '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192',
    studyUid: '1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178',
    patientId: 'LIDC-IDRI-0001',
  },
  {
    name: 'Lung_Dx-A0001 (Philips, implicit VR, unsigned, 64 slices)',
    dir: path.join(SHARED_DATA, 'Lung-PET-CT-Dx', 'Lung_Dx-A0001', '04-04-2007-NA-Chest-07990', '2.000000-5mm-40805'),
    caseId: 'Lung_Dx_A0001_s01',
    nodule: (v) => [v.dims[0] / 2, v.dims[1] / 2, v.dims[2] / 2],
    radiusMm: 12,
    seriesUid: '1.3.6.1.4.1.14519.5.2.1.6655.2359.257508444832901632590301540805',
    studyUid: '1.3.6.1.4.1.14519.5.2.1.6655.2359.165554066086145834377508507990',
    patientId: 'Lung_Dx-A0001',
  },
];

describe.skipIf(skipPython)('DICOM SEG export of real series', () => {
  for (const r of REAL) {
    it.skipIf(!existsSync(r.dir))(`${r.name}: dciodvfy and dcentvfy (with the source images) find no error, pydicom reads every frame back equal to the mask`, async () => {
      const desc = (await discoverSeries(r.dir)).series.find((s) => s.format === 'dicom')!;
      const volume = (await loadVolume(desc)).volume;
      const labelmap = blobLabelmap(volume, r.nodule(volume), r.radiusMm / volume.spacing[0]);
      const plan = planOf(desc, r.caseId);
      const out = path.join(root, r.caseId);
      const notes: string[] = [];
      const [file] = await dicomSegExporter.writeCase(caseOf(plan, volume, labelmap), contextFor(out, notes));
      expect(notes).toEqual([]);
      const segFile = path.join(out, file!.path);
      if (!skipDciodvfy) {
        const report = dciodvfy(segFile);
        if (report.warnings.length) console.log(`dciodvfy warnings (${r.caseId} SEG):\n${report.warnings.join('\n')}`);
        expect(report.errors, report.output).toEqual([]);
        // The SEG and its source images agree on patient, study and frame of reference.
        const shared = dcentvfy([segFile, ...plan.files]);
        if (shared.warnings.length) console.log(`dcentvfy warnings (${r.caseId} SEG + source):\n${shared.warnings.join('\n')}`);
        expect(shared.errors, shared.output).toEqual([]);
      }
      const back = readSegBack(segFile, labelmap, volume.dims, slotFiles(plan), { Lung: LUNG, Nodule: NODULE }, path.join(root, r.caseId));
      expect(back.problems).toEqual([]);
      expect(back.referencedInstances).toBe(true);
      expect(back.referencedSeries).toBe(r.seriesUid);
      expect(back.studyUid).toBe(r.studyUid);
      expect(back.patientId).toBe(r.patientId);
      expect(back.pixelSpacing).toEqual([volume.spacing[1], volume.spacing[0]]);
      expect(back.segments.map((s) => s.label)).toEqual(['Lung', 'Nodule']);
    });
  }

  const emptyUids = path.join(SHARED_DATA, 'compressed-ct', 'totalsegmentator-example_ct_dicom');
  it.skipIf(!existsSync(emptyUids))('a series whose images have empty SOP Instance UIDs (TotalSegmentator example) fails with io.bad-header: nothing to reference', async () => {
    const desc = (await discoverSeries(emptyUids)).series[0]!;
    const [nx, ny, nz] = desc.geometry.dims;
    const volume: Volume = { ...desc.geometry, voxels: new Int16Array(nx * ny * nz) };
    const labelmap = new Uint8Array(nx * ny * nz).fill(LUNG);
    await expect(dicomSegExporter.writeCase(caseOf(planOf(desc, 'TS_s01'), volume, labelmap), contextFor(path.join(root, 'ts')))).rejects.toMatchObject({
      code: 'io.bad-header',
      message: expect.stringMatching(/SOPInstanceUID or SOPClassUID is empty/),
    });
  });
});
