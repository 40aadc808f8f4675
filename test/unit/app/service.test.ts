import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type JobState } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { makePhantomFixture, type PhantomFixture } from '../../phantom/make-phantom-fixture';

// The service as every host uses it: a real SQLite file, real worker processes (through
// tsx), a phantom dataset written to disk.
describe('LungDesk service', () => {
  let root: string;
  let fixture: PhantomFixture;
  let runtime: ReturnType<typeof createRuntime>;
  const events: { name: string; payload: unknown }[] = [];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-service-'));
    fixture = await makePhantomFixture(path.join(root, 'scans'), { dims: [64, 64, 24], spacing: [5, 5, 5], shuffleFileNames: true });
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    runtime.service.subscribe((name, payload) => events.push({ name, payload }));
  });

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('imports a folder in a job, stores its DICOM series and MetaImage in SQLite, and announces it', async () => {
    const h = runtime.service.handlers;
    const { datasetId, jobId } = await h.importDataset({ path: path.join(root, 'scans') });
    await waitForJob(jobId);
    // The job ends when the worker's result arrives; the host stores it after, off its event
    // loop, and announces the dataset once the rows are in.
    await announced(datasetId);
    const scans = await h.listScans({ datasetId });
    expect(scans.map((s) => s.format).sort()).toEqual(['dicom', 'metaimage']);
    for (const s of scans) expect(s.dims).toEqual([64, 64, 24]);
    expect(events.some((e) => e.name === 'onDidChangeDatasets')).toBe(true);
    const jobEvents = events.filter((e) => e.name === 'onDidUpdateJob').map((e) => e.payload as JobState);
    expect(jobEvents.some((j) => j.id === jobId && j.status === 'succeeded')).toBe(true);
    const datasets = await h.listDatasets({});
    expect(datasets).toEqual([expect.objectContaining({ id: datasetId, scanCount: 2 })]);
  });

  it('serves a scan\'s HU volume as int16 bytes equal to the phantom, loaded in a worker', async () => {
    const h = runtime.service.handlers;
    const [dicom] = (await h.listScans({})).filter((s) => s.format === 'dicom');
    const { header, voxels } = await h.getVolume({ scanId: dicom!.id });
    expect(header.dims).toEqual([64, 64, 24]);
    expect(voxels).toBeInstanceOf(Uint8Array);
    const hu = new Int16Array(voxels.buffer, voxels.byteOffset, voxels.byteLength / 2);
    // Outside the reconstruction circle the DICOM stores padding; inside, the phantom's HU.
    let differing = 0;
    for (let i = 0; i < hu.length; i++) {
      const inFov = fixture.fovMask[i % (64 * 64)] === 1;
      if (inFov && hu[i] !== fixture.volume.voxels[i]) differing++;
    }
    expect(differing).toBe(0);
  });

  it("computes a scan's HU histogram in a worker: lung and soft-tissue peaks of the phantom", async () => {
    const h = runtime.service.handlers;
    const [mhd] = (await h.listScans({})).filter((s) => s.format === 'metaimage');
    const hist = await h.getHistogram({ scanId: mhd!.id });
    expect(hist.total + hist.below + hist.above).toBe(64 * 64 * 24);
    const binOf = (hu: number) => Math.floor((hu - hist.min) / hist.binWidth);
    const around = (hu: number) => hist.counts.slice(binOf(hu) - 5, binOf(hu) + 6).reduce((a, b) => a + b, 0);
    expect(around(-850)).toBeGreaterThan(0.02 * hist.total); // lungs
    expect(around(40)).toBeGreaterThan(0.05 * hist.total); // soft tissue
  });

  it('runs the lung-mask job in a worker and stores the result as a mask version on the scan grid', async () => {
    const h = runtime.service.handlers;
    const [dicom] = (await h.listScans({})).filter((s) => s.format === 'dicom');
    const { done } = runtime.service.runLungMask(dicom!.id, { fill: true, dilateMm: 0, outsideAir: 'sides', threshold: -320 });
    const maskId = await done;
    const [latest] = await h.listMasks({ scanId: dicom!.id });
    expect(latest).toMatchObject({ id: maskId, kind: 'lung', scanId: dicom!.id });
    const { dims, voxels } = await h.getMask({ maskId });
    expect(dims).toEqual([64, 64, 24]);
    let lung = 0;
    let lungHu = 0;
    for (let i = 0; i < voxels.length; i++) if (voxels[i]) { lung++; lungHu += fixture.volume.voxels[i]!; }
    expect(lung).toBe(latest!.voxels);
    expect(lung).toBeGreaterThan(0.02 * voxels.length);
    expect(lungHu / lung).toBeLessThan(-600); // the mask lies in the lungs (-850 HU), vessels filled in
    expect(runtime.service.auditLog(3).some((a) => a.action === 'mask.created')).toBe(true);
  });

  it('segments a phantom nodule from its centre and diameter', async () => {
    const h = runtime.service.handlers;
    const [dicom] = (await h.listScans({})).filter((s) => s.format === 'dicom');
    const big = [...fixture.nodules].sort((a, b) => b.diameterMm - a.diameterMm)[0]!;
    const r = await h.segmentNodule({ scanId: dicom!.id, center: big.center, diameterMm: big.diameterMm });
    expect(r.voxels).toBeGreaterThan(0);
    expect(Math.hypot(...r.centroid.map((v, i) => v - big.center[i]!))).toBeLessThan(6);
  });

  it('cancels a running lung-mask job: it ends cancelled and stores nothing', async () => {
    const h = runtime.service.handlers;
    const [dicom] = (await h.listScans({})).filter((s) => s.format === 'dicom');
    const before = (await h.listMasks({ scanId: dicom!.id })).length;
    const { jobId, done } = runtime.service.runLungMask(dicom!.id, { fill: true, dilateMm: 5, outsideAir: 'corner', threshold: -320 });
    const t0 = Date.now();
    expect((await h.cancelJob({ jobId })).cancelled).toBe(true);
    await expect(done).rejects.toMatchObject({ code: 'job.cancelled' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await h.listMasks({ scanId: dicom!.id })).length).toBe(before);
  });

  it("runs the seed's preprocessing of a scan in a worker and writes its .npy files", async () => {
    const h = runtime.service.handlers;
    const [mhd] = (await h.listScans({})).filter((s) => s.format === 'metaimage');
    const { jobId, outDir } = await h.startPreprocess({ scanId: mhd!.id, params: { interp: 'linear', spacingMm: 1, dilateMm: 5, outsideAir: 'corner' } });
    for (let i = 0; i < 400; i++) {
      const job = (await h.listJobs({})).find((j) => j.id === jobId)!;
      if (job.status === 'succeeded') break;
      expect(job.status === 'running' || job.status === 'queued', JSON.stringify(job.error)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const f of ['hu.npy', 'resampled.npy', 'lungmask.npy', 'lungmask_nofill.npy', 'lungmask_dilated.npy', 'segmented.npy', 'meta.json']) {
      expect(fs.existsSync(path.join(outDir, f)), f).toBe(true);
    }
  });

  it('adds, edits and deletes a user nodule: listed as source user, audited, announced, imported rows refused', async () => {
    const h = runtime.service.handlers;
    const [scan] = await h.listScans({});
    const scanId = scan!.id;
    const changes = () => events.filter((e) => e.name === 'onDidChangeAnnotations').length;
    const before = changes();

    const added = await h.addNodule({ scanId, center: [12.5, -40, 60], diameterMm: 7 });
    expect(added).toMatchObject({ scanId, source: 'user', kind: 'nodule', center: [12.5, -40, 60], diameterMm: 7 });
    expect((await h.listAnnotations({ scanId })).filter((a) => a.source === 'user')).toEqual([added]);
    expect((await h.getAnnotationCounts({ scanId })).user).toBe(1);

    const edited = await h.updateNodule({ annotationId: added.id, diameterMm: 9.5 });
    expect(edited).toMatchObject({ id: added.id, center: [12.5, -40, 60], diameterMm: 9.5 });
    const moved = await h.updateNodule({ annotationId: added.id, center: [13, -41, 61] });
    expect(moved).toMatchObject({ center: [13, -41, 61], diameterMm: 9.5 });

    await expect(h.deleteNodule({ annotationId: added.id })).resolves.toEqual({ deleted: true });
    expect((await h.listAnnotations({ scanId })).some((a) => a.id === added.id)).toBe(false);
    await expect(h.deleteNodule({ annotationId: added.id })).rejects.toMatchObject({ code: 'not-found' });

    expect(changes() - before).toBe(4);
    expect(events.filter((e) => e.name === 'onDidChangeAnnotations').slice(-1)[0]!.payload).toEqual({ scanId });
    const audit = runtime.service.auditLog(20).filter((e) => e.entity === 'annotation' && e.entityId === String(added.id)).reverse();
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['user', 'annotation.created'],
      ['user', 'annotation.updated'],
      ['user', 'annotation.updated'],
      ['user', 'annotation.deleted'],
    ]);
    expect(audit[1]!.detail).toMatchObject({ before: { diameterMm: 7 }, after: { diameterMm: 9.5 } });

    await expect(h.addNodule({ scanId: 999_999, center: [0, 0, 0], diameterMm: 5 })).rejects.toMatchObject({ code: 'not-found' });
    // The contract bounds the diameter before any handler runs.
    expect(operations.addNodule.input.safeParse({ scanId, center: [0, 0, 0], diameterMm: 0.2 }).success).toBe(false);
    expect(operations.addNodule.input.safeParse({ scanId, center: [0, 0, 0], diameterMm: 101 }).success).toBe(false);
    expect(operations.updateNodule.input.safeParse({ annotationId: 1, center: [0, NaN, 0] }).success).toBe(false);
  });

  it("refuses to edit or delete the phantom's imported LUNA16 nodule with contract.bad-input", async () => {
    const h = runtime.service.handlers;
    const all = (await Promise.all((await h.listScans({})).map((s) => h.listAnnotations({ scanId: s.id })))).flat();
    const imported = all.find((a) => a.source === 'luna-csv');
    expect(imported, 'the phantom fixture writes an annotations.csv').toBeDefined();
    await expect(h.updateNodule({ annotationId: imported!.id, diameterMm: 3 })).rejects.toMatchObject({ code: 'contract.bad-input' });
    await expect(h.deleteNodule({ annotationId: imported!.id })).rejects.toMatchObject({ code: 'contract.bad-input' });
    expect((await h.listAnnotations({ scanId: imported!.scanId })).find((a) => a.id === imported!.id)).toEqual(imported);
  });

  it('answers unknown ids with not-found and missing folders with io.not-found', async () => {
    const h = runtime.service.handlers;
    await expect(h.getScan({ scanId: 999_999 })).rejects.toMatchObject({ code: 'not-found' });
    await expect(h.importDataset({ path: path.join(root, 'nope') })).rejects.toMatchObject({ code: 'io.not-found' });
  });

  it('refuses to import a file instead of a folder (io.not-a-folder naming the file), before any job or dataset', async () => {
    const h = runtime.service.handlers;
    const file = path.join(root, 'scans', fs.readdirSync(path.join(root, 'scans')).find((f) => f.endsWith('.mhd'))!);
    const datasets = (await h.listDatasets({})).length;
    const jobs = (await h.listJobs({})).length;
    await expect(h.importDataset({ path: file })).rejects.toMatchObject({ code: 'io.not-a-folder', file, message: expect.stringContaining(path.join(root, 'scans')) });
    expect((await h.listDatasets({})).length).toBe(datasets);
    expect((await h.listJobs({})).length).toBe(jobs);
  });

  async function announced(datasetId: number): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if (events.some((e) => e.name === 'onDidChangeDatasets' && (e.payload as { datasetId?: number }).datasetId === datasetId)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`dataset ${datasetId} was not announced`);
  }

  async function waitForJob(jobId: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const job = (await runtime.service.handlers.listJobs({})).find((j) => j.id === jobId);
      if (job && job.status !== 'running' && job.status !== 'queued') {
        expect(job.error ?? null).toBeNull();
        expect(job.status).toBe("succeeded");
        // The host stores the result right after the job ends.
        await new Promise((r) => setTimeout(r, 50));
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not end`);
  }
});
