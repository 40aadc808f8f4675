import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobState, ScanListItem, Vec3 } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { worldToVoxel } from '../../../electron/core/volume/volume';
import { makePhantomFixture, type PhantomFixture } from '../../phantom/make-phantom-fixture';

// The nodule mask through the service as every host uses it: a real SQLite file, the volume
// loaded in a worker, the phantom's LUNA16 rows as the nodules; a second phantom without any.
describe('LungDesk service: nodule masks', () => {
  let root: string;
  let fixture: PhantomFixture;
  let runtime: ReturnType<typeof createRuntime>;
  let scan: ScanListItem;
  let bare: ScanListItem;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-nodule-mask-'));
    fixture = await makePhantomFixture(path.join(root, 'scans'), { formats: ['metaimage'] });
    await makePhantomFixture(path.join(root, 'bare'), { formats: ['metaimage'], seed: 2, nodules: [] });
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    const withNodules = runtime.service.importDataset(path.join(root, 'scans'));
    const without = runtime.service.importDataset(path.join(root, 'bare'));
    await Promise.all([withNodules.done, without.done]);
    scan = runtime.service.listScans(withNodules.datasetId)[0]!;
    bare = runtime.service.listScans(without.datasetId)[0]!;
  }, 60_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const indexOf = (s: ScanListItem, p: Vec3) => {
    const [x, y, z] = worldToVoxel(s, p).map(Math.round) as [number, number, number];
    return x + s.dims[0] * (y + s.dims[1] * z);
  };

  it("segments the scan's LUNA16 nodules in a job and stores the union as a 'nodules' mask version on the scan grid, audited", async () => {
    const h = runtime.service.handlers;
    expect(fixture.nodules.length).toBeGreaterThan(1);
    const { jobId } = await h.runNoduleMask({ scanId: scan.id });
    const job = await jobEnd(jobId);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    const [latest] = await h.listMasks({ scanId: scan.id });
    expect(latest).toMatchObject({ kind: 'nodules', author: 'lungdesk', scanId: scan.id });
    expect(latest!.reason).toContain(`${fixture.nodules.length} nodule(s)`);
    expect(latest!.reason).toContain('no lung mask');
    const { dims, voxels } = await h.getMask({ maskId: latest!.id });
    expect(dims).toEqual(scan.dims);
    expect(voxels.length).toBe(dims[0] * dims[1] * dims[2]);
    let labelled = 0;
    for (const v of voxels) labelled += v;
    expect(labelled).toBe(latest!.voxels);
    for (const n of fixture.nodules) expect(voxels[indexOf(scan, n.center)], `nodule at ${n.center.join(', ')}`).toBe(1);
    const audit = runtime.service.auditLog(5).find((a) => a.action === 'mask.created' && a.entityId === String(scan.id));
    expect(audit?.detail).toMatchObject({ maskId: latest!.id, kind: 'nodules', voxels: labelled, lungMaskId: null });
    expect(fs.readdirSync(path.join(root, 'data', 'masks', String(scan.id))).some((f) => /^nodules-\d+\.npy$/.test(f))).toBe(true);
  });

  it("segments inside the scan's newest lung mask when it has one: no nodule voxel outside it", async () => {
    const h = runtime.service.handlers;
    const lungId = await runtime.service.runLungMask(scan.id, { fill: true, dilateMm: 5, outsideAir: 'sides', threshold: -320 }).done;
    const maskId = await runtime.service.runNoduleMask(scan.id).done;
    const [latest] = await h.listMasks({ scanId: scan.id });
    expect(latest).toMatchObject({ id: maskId, kind: 'nodules' });
    expect(latest!.reason).toContain(`inside lung-dilated mask ${lungId}`);
    const nodules = (await h.getMask({ maskId: latest!.id })).voxels;
    const lung = (await h.getMask({ maskId: lungId })).voxels;
    let outside = 0;
    for (let i = 0; i < nodules.length; i++) if (nodules[i] && !lung[i]) outside++;
    expect(outside).toBe(0);
    for (const n of fixture.nodules) expect(nodules[indexOf(scan, n.center)], `nodule at ${n.center.join(', ')}`).toBe(1);
    const audit = runtime.service.auditLog(5).find((a) => a.action === 'mask.created' && a.entityId === String(scan.id));
    expect(audit?.detail).toMatchObject({ maskId: latest!.id, lungMaskId: lungId });
  });

  it('refuses a scan without nodule lesions at once with not-found (a deleted user nodule does not count) and stores nothing', async () => {
    const h = runtime.service.handlers;
    const mark = await h.addNodule({ scanId: bare.id, center: [0, 0, -100], diameterMm: 6 });
    await h.deleteNodule({ annotationId: mark.id });
    await expect(h.runNoduleMask({ scanId: bare.id })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('no nodule lesion') });
    expect(await h.listMasks({ scanId: bare.id })).toEqual([]);
    await expect(h.runNoduleMask({ scanId: 999_999 })).rejects.toMatchObject({ code: 'not-found' });
  });

  async function jobEnd(jobId: string): Promise<JobState> {
    for (let i = 0; i < 600; i++) {
      const job = (await runtime.service.handlers.listJobs({})).find((j) => j.id === jobId);
      if (job && job.status !== 'running' && job.status !== 'queued') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not end`);
  }
});
