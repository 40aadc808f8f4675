import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../electron/app/runtime';
import { SHARED_DATA } from '../../helpers/shared-data';

const LIDC_UID = '1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192';
const CPTAC_UID = '1.3.6.1.4.1.14519.5.2.1.6655.2359.207154000096236603057216610983';
const have = fs.existsSync(path.join(SHARED_DATA, 'annotations.csv'));

// Issue 4's acceptance checks, through the real service: worker processes, SQLite, the
// real public data beside the repository.
describe.skipIf(!have)('indexing ../shared/data', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;
  let datasetId: number;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-shared-'));
    runtime = createRuntime({ dataDir: root, host: 'browser', version: '0.0.0-test' });
    const r = runtime.service.importDataset(SHARED_DATA);
    datasetId = r.datasetId;
    await r.done;
  }, 180_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds the LIDC series, the CPTAC series and the MetaImage scan, and names the layout', async () => {
    const h = runtime.service.handlers;
    const scans = await h.listScans({ datasetId });
    const uids = scans.map((s) => `${s.format}:${s.seriesInstanceUid}`);
    expect(uids).toContain(`dicom:${LIDC_UID}`);
    expect(uids).toContain(`dicom:${CPTAC_UID}`);
    expect(uids).toContain(`metaimage:${LIDC_UID}`);
    expect(scans.some((s) => s.format === 'nifti')).toBe(true);
    // LUNA16's lung masks are masks, not scans.
    expect(scans.some((s) => s.path.includes('seg-lungs-LUNA16'))).toBe(false);
    const [ds] = (await h.listDatasets({})).filter((d) => d.id === datasetId);
    expect(ds!.layout).toBe('mixed');
  });

  it('gives LIDC-IDRI-0001 its one LUNA16 nodule and reports the other rows as not present', async () => {
    const h = runtime.service.handlers;
    const report = await h.getDatasetReport({ datasetId });
    const csv = report.imports.find((i) => i.file.endsWith(`${path.sep}annotations.csv`))!;
    expect(csv).toMatchObject({ rowsTotal: 1186, rowsMatched: 1, rowsUnmatched: 1185 });
    expect(csv.seriesUnmatched).toBeGreaterThan(500);
    const lidc = (await h.listScans({ datasetId })).find((s) => s.format === 'dicom' && s.seriesInstanceUid === LIDC_UID)!;
    const counts = await h.getAnnotationCounts({ scanId: lidc.id });
    expect(counts.lunaNodules).toBe(1);
    expect(counts.irrelevantFindings).toBe(25);
    expect(counts.lidcConsensus).toBe(1);
    // Each reader's own marks: 3 readers marked the same three < 3 mm nodules.
    expect(counts.lidcReaderMarks).toBe(4);
    expect(counts.lidcSmall).toBe(9);
    expect(counts.lidcNonNodules).toBe(13);
  });

  it("groups LIDC-IDRI-0001's 27 marks into lesions: one nodule (4 of 4 readers and the LUNA16 row), three < 3 mm nodules of 3 readers, and the non-nodules", async () => {
    const h = runtime.service.handlers;
    const lidc = (await h.listScans({ datasetId })).find((s) => s.format === 'dicom' && s.seriesInstanceUid === LIDC_UID)!;
    expect(lidc.noduleCount).toBe(1);
    const { lesions, readerTotal } = await h.listLesions({ scanId: lidc.id });
    expect(readerTotal).toBe(4);
    const nodules = lesions.filter((l) => l.category === 'nodule');
    expect(nodules).toHaveLength(1);
    expect(nodules[0]!.members.map((m) => m.readerLabel).sort()).toEqual(['LUNA16', 'Reader 1', 'Reader 2', 'Reader 3', 'Reader 4']);
    expect(nodules[0]!).toMatchObject({ consensus: true, readersMarked: 4, outlineLevel: 'consensus', ordinal: 1 });
    const small = lesions.filter((l) => l.category === 'small');
    expect(small.map((l) => l.readersMarked)).toEqual([3, 3, 3]);
    expect(small.every((l) => l.consensus)).toBe(true);
    const nonNodules = lesions.filter((l) => l.category === 'non-nodule');
    expect(nonNodules.reduce((a, l) => a + l.members.length, 0)).toBe(13);
    // No lesion holds two marks of one reader.
    for (const l of lesions) expect(new Set(l.members.map((m) => m.readerLabel)).size).toBe(l.members.length);
    expect(lesions.map((l) => l.ordinal)).toEqual(lesions.map((_, i) => i + 1));
  });

  it("keeps the LIDC readers' contours off the LUNA16-style .mhd of the same series (another grid may share the UID): it has the LUNA16 row only", async () => {
    const h = runtime.service.handlers;
    const mhd = (await h.listScans({ datasetId })).find((s) => s.format === 'metaimage' && s.seriesInstanceUid === LIDC_UID)!;
    const { lesions, readerTotal } = await h.listLesions({ scanId: mhd.id });
    expect(readerTotal).toBeNull();
    expect(lesions.map((l) => l.sources)).toEqual([['luna-csv']]);
  });

  it("puts LIDC-IDRI-0001's consensus nodule within 3 mm of the LUNA16 row, its diameter within 25 %, each reader's ratings on its marks", async () => {
    const h = runtime.service.handlers;
    const lidc = (await h.listScans({ datasetId })).find((s) => s.format === 'dicom' && s.seriesInstanceUid === LIDC_UID)!;
    const nodule = (await h.listLesions({ scanId: lidc.id })).lesions.find((l) => l.category === 'nodule')!;
    const luna = nodule.members.find((m) => m.source === 'luna-csv')!;
    const d = Math.hypot(...luna.center.map((c, i) => c - nodule.center[i]!));
    expect(d).toBeLessThan(3);
    expect(Math.abs(nodule.diameterMm! - luna.diameterMm!) / luna.diameterMm!).toBeLessThan(0.25);
    for (const m of nodule.members.filter((x) => x.source === 'lidc-xml')) {
      expect(m.characteristics).toHaveProperty('malignancy');
      expect(m.outline).not.toBeNull();
    }
  });

  it('re-indexing an unchanged dataset reads no file again', async () => {
    const { jobId, done } = runtime.service.importDataset(SHARED_DATA);
    await done;
    expect(jobId).toBeTruthy();
    const report = await runtime.service.handlers.getDatasetReport({ datasetId });
    expect(report.scans).toBeGreaterThan(3);
    // The audit log records each pass; the last one read nothing.
    const rows = runtime.service.auditLog(5).filter((a) => a.action === 'dataset.indexed');
    expect(rows[0]!.detail).toMatchObject({ read: 0 });
  });
});
