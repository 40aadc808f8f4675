import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobState } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { defaultFileBudget } from '../../../electron/app/handlers/datasets';
import { writeNifti } from '../../../electron/core/io/write/nifti-nrrd-writer';

// Issue 15: "add / as a dataset by mistake, cancel, go on working", through the service every
// host uses (real SQLite, real worker processes).
describe('adding a dataset: refusals and the file budget', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-refusals-'));
    const scans = path.join(root, 'scans');
    fs.mkdirSync(path.join(scans, 'notes'), { recursive: true });
    const n = 6 * 5 * 4;
    for (const c of ['a', 'b']) {
      await writeNifti({ dims: [6, 5, 4], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(n).fill(-1000) }, path.join(scans, `${c}.nii.gz`));
    }
    for (let i = 0; i < 8; i++) fs.writeFileSync(path.join(scans, 'notes', `n${i}.txt`), 'x');
    fs.symlinkSync('/', path.join(scans, 'whole-disk'));
    fs.symlinkSync('/', path.join(root, 'link-to-root'));
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
  });

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses /, /proc, /sys, /dev, a link to / and the data folder at once, adding nothing', async () => {
    const h = runtime.service.handlers;
    for (const p of ['/', '/proc', '/sys', '/dev', path.join(root, 'link-to-root'), path.join(root, 'data')]) {
      await expect(h.importDataset({ path: p }), p).rejects.toMatchObject({ code: 'dataset.refused-folder' });
    }
    await expect(h.importDataset({ path: path.join(root, 'scans', 'a.nii.gz') })).rejects.toMatchObject({ code: 'io.not-a-folder' });
    expect(await h.listDatasets({})).toEqual([]);
  });

  it('a first index past the file budget fails with dataset.too-many-files and removes the dataset; a larger budget goes on', async () => {
    const h = runtime.service.handlers;
    const first = await h.importDataset({ path: path.join(root, 'scans'), fileBudget: 5 });
    const failed = await jobEnd(first.jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'dataset.too-many-files', detail: { count: 6, budget: 5 } });
    await until(async () => (await h.listDatasets({})).length === 0);

    const again = await h.importDataset({ path: path.join(root, 'scans'), fileBudget: 1000 });
    expect((await jobEnd(again.jobId)).status).toBe('succeeded');
    await until(async () => (await h.listScans({ datasetId: again.datasetId })).length === 2);
    // The link to / inside the folder was not followed, and the report says so.
    const report = await h.getDatasetReport({ datasetId: again.datasetId });
    expect(report.filesIndexed + report.filesSkipped).toBe(10);

    // A folder indexed once was accepted: its re-index is not counted against the budget again.
    fs.writeFileSync(path.join(root, 'scans', 'notes', 'new.txt'), 'y');
    const re = await h.reindexDataset({ datasetId: again.datasetId });
    expect((await jobEnd(re.jobId)).status).toBe('succeeded');
  });

  it('a first index cancelled by the user removes the dataset it added; the app lists what it listed before', async () => {
    const h = runtime.service.handlers;
    const before = await h.listDatasets({});
    const folder = path.join(root, 'to-cancel');
    fs.mkdirSync(folder);
    for (let i = 0; i < 300; i++) fs.writeFileSync(path.join(folder, `f${i}.dcm`), 'not DICOM');
    const imp = await h.importDataset({ path: folder });
    await h.cancelJob({ jobId: imp.jobId });
    expect((await jobEnd(imp.jobId)).status).toBe('cancelled');
    await until(async () => (await h.listDatasets({})).length === before.length);
    expect((await h.listDatasets({})).map((d) => d.id)).toEqual(before.map((d) => d.id));
  });

  it("a preprocess job's output folder is confined as the export folder is (export.bad-folder), before any job", async () => {
    const h = runtime.service.handlers;
    const [scan] = await h.listScans({});
    fs.symlinkSync('/etc', path.join(root, 'to-etc'));
    for (const outDir of ['relative/pp', '/proc/pp', '/etc/pp', path.join(root, 'to-etc', 'pp'), path.join(root, 'scans', 'pp'), path.join(root, 'data', 'pp')]) {
      await expect(h.startPreprocess({ scanId: scan!.id, params: { outDir, spacingMm: 1, interp: 'linear', dilateMm: 5, outsideAir: 'corner' } }), outDir).rejects.toMatchObject({ code: 'export.bad-folder' });
    }
    expect(fs.existsSync('/etc/pp')).toBe(false);
  });

  it('a scan file swapped for a link out of its dataset after indexing is not read: io.outside-folder', async () => {
    const h = runtime.service.handlers;
    const folder = path.join(root, 'swap');
    fs.mkdirSync(folder);
    const vol = { dims: [6, 5, 4] as [number, number, number], spacing: [1, 1, 2] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxels: new Int16Array(120).fill(40) };
    await writeNifti(vol, path.join(folder, 'c.nii.gz'));
    await writeNifti(vol, path.join(root, 'elsewhere.nii.gz'));
    const imp = await h.importDataset({ path: folder });
    expect((await jobEnd(imp.jobId)).status).toBe('succeeded');
    let scans = await h.listScans({ datasetId: imp.datasetId });
    await until(async () => (scans = await h.listScans({ datasetId: imp.datasetId })).length === 1);
    fs.rmSync(path.join(folder, 'c.nii.gz'));
    fs.symlinkSync(path.join(root, 'elsewhere.nii.gz'), path.join(folder, 'c.nii.gz'));
    await expect(h.getVolume({ scanId: scans[0]!.id })).rejects.toMatchObject({ code: 'io.outside-folder' });
  });

  it('the default budget comes from LUNGDESK_FILE_BUDGET when it is a positive integer', () => {
    expect(defaultFileBudget({ LUNGDESK_FILE_BUDGET: '50' })).toBe(50);
    expect(defaultFileBudget({ LUNGDESK_FILE_BUDGET: 'lots' })).toBe(200_000);
    expect(defaultFileBudget({})).toBe(200_000);
  });

  async function jobEnd(jobId: string): Promise<JobState> {
    let end: JobState | undefined;
    await until(async () => {
      const job = (await runtime.service.handlers.listJobs({})).find((j) => j.id === jobId);
      if (job && job.status !== 'running' && job.status !== 'queued') end = job;
      return end !== undefined;
    });
    // The host stores (or removes) right after the job ends.
    await new Promise((r) => setTimeout(r, 100));
    return end!;
  }
});

async function until(ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met within 20 s');
}
