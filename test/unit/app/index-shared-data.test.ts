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
    expect(counts.lidcSmall).toBe(3);
    expect(counts.lidcNonNodules).toBe(13);
  });

  it("puts LIDC-IDRI-0001's consensus nodule within 3 mm of the LUNA16 row, its diameter within 25 %", async () => {
    const h = runtime.service.handlers;
    const lidc = (await h.listScans({ datasetId })).find((s) => s.format === 'dicom' && s.seriesInstanceUid === LIDC_UID)!;
    const all = await h.listAnnotations({ scanId: lidc.id });
    const luna = all.find((a) => a.source === 'luna-csv')!;
    const consensus = all.find((a) => a.kind === 'consensus')!;
    const d = Math.hypot(...luna.center.map((c, i) => c - consensus.center[i]!));
    expect(d).toBeLessThan(3);
    expect(Math.abs(consensus.diameterMm! - luna.diameterMm!) / luna.diameterMm!).toBeLessThan(0.25);
    expect(consensus.agreement).toBe(4);
    expect(consensus.characteristics).toHaveProperty('malignancy');
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
