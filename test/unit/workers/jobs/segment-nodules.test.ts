import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMetaImage } from '../../../../electron/core/io/write/metaimage-writer';
import { generateNodulePhantom, DEFAULT_NODULE_PHANTOM_SPEC, type NodulePhantomResult } from '../../../../electron/core/phantom';
import { boxMaskOverlap } from '../../../../electron/core/volume/box-mask';
import { worldToVoxel } from '../../../../electron/core/volume/volume';
import { JobRunner } from '../../../../electron/workers/job-runner';
import { nodeForkLauncher } from '../../../../electron/workers/process-launcher';
import { readNpy, writeNpy } from '../../../helpers/npy';

// The job as the service runs it: a real worker process (worker-main.ts through tsx) that
// loads the scan from its files, segments the seeds and writes the union .npy.
const entry = path.resolve(__dirname, '../../../../electron/workers/worker-main.ts');
const tsx = pathToFileURL(require.resolve('tsx')).href;

describe('segmentNodules job (real worker)', () => {
  let dir: string;
  let mhd: string;
  let phantom: NodulePhantomResult;
  let runner: JobRunner;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-segment-job-'));
    phantom = generateNodulePhantom({ ...DEFAULT_NODULE_PHANTOM_SPEC, dims: [320, 320, 26], spacing: [0.75, 0.75, 2.5] });
    mhd = path.join(dir, 'phantom.mhd');
    await writeMetaImage(phantom.volume, mhd);
    runner = new JobRunner({ launcher: nodeForkLauncher, entry, execArgv: ['--import', tsx], cwd: os.tmpdir() });
  }, 120_000);

  afterAll(() => {
    runner?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const files = () => [mhd, mhd.replace(/\.mhd$/, '.raw')];
  const seeds = () => phantom.cases.map((c, i) => ({ id: 10 + i, center: c.center, diameterMm: c.diameterMm }));

  it('segments every seed, writes the union as uint8 (z, y, x) .npy and returns per-seed measures in seed order', async () => {
    const out = path.join(dir, 'nodules.npy');
    const r = await runner.start('segmentNodules', { format: 'metaimage', files: files(), out, seeds: [...seeds(), { id: 99, center: [9999, 0, 0] }] }).done;
    expect(r.path).toBe(out);
    expect(r.dims).toEqual([320, 320, 26]);
    expect(r.nodules.map((n) => [n.id, n.status])).toEqual([[10, 'segmented'], [11, 'segmented'], [12, 'segmented'], [13, 'segmented'], [14, 'segmented'], [99, 'outside']]);
    expect(r.nodules.map((n) => n.stats?.kind ?? null)).toEqual(['solid', 'subsolid', 'subsolid', 'solid', 'solid', null]);
    const npy = readNpy(out);
    expect(npy.dtype).toBe('uint8');
    expect(npy.shape).toEqual([26, 320, 320]);
    let set = 0;
    for (const v of npy.data) set += v;
    expect(set).toBe(r.voxels);
    const full = { box: { x0: 0, y0: 0, z0: 0, x1: 319, y1: 319, z1: 25 }, mask: npy.data as Uint8Array };
    for (const [i, c] of phantom.cases.entries()) {
      expect(boxMaskOverlap(full, c.truth).both, c.kind).toBeGreaterThan(0.85 * c.truth.mask.reduce((a, b) => a + b, 0));
      expect(Math.abs(r.nodules[i]!.stats!.equivalentDiameterMm - c.diameterMm), c.kind).toBeLessThan(2);
    }
  });

  it('keeps every voxel inside the lung mask .npy it is given, and returns measures without writing when no out is asked', async () => {
    const [nx, ny, nz] = phantom.volume.dims;
    const lung = new Uint8Array(nx * ny * nz);
    const solid = phantom.cases.find((c) => c.kind === 'solid')!;
    const [cx] = worldToVoxel(phantom.volume, solid.center);
    for (let i = 0; i < lung.length; i++) if (i % nx < Math.round(cx)) lung[i] = 1;
    const lungFile = path.join(dir, 'lung.npy');
    writeNpy(lungFile, { shape: [nz, ny, nx], data: lung });
    const out = path.join(dir, 'inside.npy');
    const r = await runner.start('segmentNodules', { format: 'metaimage', files: files(), out, seeds: [{ id: 1, center: solid.center, diameterMm: 10 }], lungMask: lungFile }).done;
    const m = readNpy(out).data;
    let outside = 0;
    for (let i = 0; i < m.length; i++) if (m[i] && !lung[i]) outside++;
    expect(r.voxels).toBeGreaterThan(0);
    expect(outside).toBe(0);
    const noOut = await runner.start('segmentNodules', { format: 'metaimage', files: files(), seeds: [{ center: solid.center }] }).done;
    expect(noOut.path).toBeNull();
    expect(noOut.nodules[0]).toMatchObject({ id: null, status: 'segmented' });
  });

  it('fails with not-found and writes nothing when no seed can be segmented; a lung mask of another shape is io.size-mismatch', async () => {
    const out = path.join(dir, 'never.npy');
    await expect(runner.start('segmentNodules', { format: 'metaimage', files: files(), out, seeds: [{ center: [9999, 0, 0] }] }).done).rejects.toMatchObject({ code: 'not-found' });
    expect(fs.existsSync(out)).toBe(false);
    const bad = path.join(dir, 'bad-lung.npy');
    writeNpy(bad, { shape: [2, 2, 2], data: new Uint8Array(8) });
    await expect(runner.start('segmentNodules', { format: 'metaimage', files: files(), out, seeds: seeds(), lungMask: bad }).done).rejects.toMatchObject({ code: 'io.size-mismatch', file: bad });
  });
});
