import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanListItem } from '../../../electron/common';
import { createRuntime } from '../../../electron/app/runtime';
import { makePhantomFixture, type PhantomFixture } from '../../phantom/make-phantom-fixture';

const MISSING = 10;
const N = 64 * 64;

// A phantom series with one slice file removed, beside stray and broken files, through the
// real service, worker jobs and SQLite: what the index stores, what the viewer streams, what
// the histogram, the lung mask and the dataset report make of it.
describe('a dataset holding a series with a missing slice and files that are no scan', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;
  let gapped: ScanListItem;
  let complete: ScanListItem;
  let datasetId: number;
  let fixture: PhantomFixture;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-gapped-'));
    const opts = { dims: [64, 64, 24] as [number, number, number], spacing: [5, 5, 5] as [number, number, number], formats: ['dicom' as const], seed: 3 };
    fixture = await makePhantomFixture(path.join(root, 'gapped'), opts);
    await makePhantomFixture(path.join(root, 'complete'), opts);
    fs.rmSync(fixture.dicomFiles[MISSING]!);
    fs.writeFileSync(path.join(root, 'gapped', 'notes.txt'), 'scanned on the old scanner\n');
    fs.writeFileSync(path.join(root, 'gapped', 'orphan.raw'), Buffer.alloc(16));
    fs.writeFileSync(path.join(root, 'gapped', 'dicom', 'broken.dcm'), fs.readFileSync(fixture.dicomFiles[0]!).subarray(0, 300));
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    const a = runtime.service.importDataset(path.join(root, 'gapped'));
    datasetId = a.datasetId;
    await a.done;
    const b = runtime.service.importDataset(path.join(root, 'complete'));
    await b.done;
    gapped = (await runtime.service.handlers.listScans({ datasetId })).find((s) => s.format === 'dicom')!;
    complete = (await runtime.service.handlers.listScans({ datasetId: b.datasetId })).find((s) => s.format === 'dicom')!;
  }, 120_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('indexes the series on its full grid with the missing slot listed', () => {
    expect(gapped.dims).toEqual([64, 64, 24]);
    expect(gapped.sliceCount).toBe(23);
    expect(gapped.missingSlices).toEqual([MISSING]);
    expect(gapped.origin).toEqual(complete.origin);
    expect(gapped.warnings.join()).toContain(`missing slices: 1 of 24 slot(s) have no file (1 gap(s): slot ${MISSING} `);
    expect(complete.missingSlices).toEqual([]);
  });

  it('streams padding for the missing slot, and every other slot as the complete series holds it, read directly and whole', async () => {
    const h = runtime.service.handlers;
    const direct = await h.getVolumeSlices({ scanId: gapped.id, start: MISSING - 1, count: 3 });
    expect(direct.header.missingSlices).toEqual([MISSING]);
    const d = new Int16Array(direct.voxels.buffer, direct.voxels.byteOffset, 3 * N);
    expect(d.subarray(N, 2 * N).every((v) => v === -2000)).toBe(true);
    const whole = await h.getVolume({ scanId: gapped.id });
    expect(whole.header.missingSlices).toEqual([MISSING]);
    expect(Buffer.from(direct.voxels).equals(Buffer.from(whole.voxels.subarray((MISSING - 1) * N * 2, (MISSING + 2) * N * 2)))).toBe(true);
    const full = await h.getVolume({ scanId: complete.id });
    for (const k of [0, MISSING - 1, MISSING + 1, 23]) {
      expect(Buffer.from(whole.voxels.subarray(k * N * 2, (k + 1) * N * 2)).equals(Buffer.from(full.voxels.subarray(k * N * 2, (k + 1) * N * 2))), `slot ${k}`).toBe(true);
    }
  });

  it('leaves the missing slice and the outside of the field of view out of the HU histogram, and counts them', async () => {
    const h = await runtime.service.handlers.getHistogram({ scanId: gapped.id });
    const outsidePerSlice = fixture.fovMask.length === N ? fixture.fovMask.filter((v) => v === 0).length : -1;
    expect(h.leftOut).toEqual({ missingSlices: N, outsideField: 23 * outsidePerSlice });
    expect(h.total).toBe(24 * N - N - 23 * outsidePerSlice);
  });

  it('computes the lung mask across the gap (bridged) and leaves the missing slot empty', async () => {
    const params = { fill: true, dilateMm: 0, outsideAir: 'sides' as const, threshold: -320 };
    await runtime.service.runLungMask(gapped.id, params).done;
    await runtime.service.runLungMask(complete.id, params).done;
    const mask = async (scanId: number) => {
      const [latest] = await runtime.service.handlers.listMasks({ scanId });
      return (await runtime.service.handlers.getMask({ maskId: latest!.id })).voxels;
    };
    const g = await mask(gapped.id);
    const c = await mask(complete.id);
    const count = (m: Uint8Array, k: number) => m.subarray(k * N, (k + 1) * N).reduce((a, b) => a + b, 0);
    expect(count(c, MISSING)).toBeGreaterThan(0);
    expect(count(g, MISSING)).toBe(0);
    for (const k of [MISSING - 1, MISSING + 1]) expect(Math.abs(count(g, k) - count(c, k))).toBeLessThanOrEqual(0.05 * count(c, k));
  });

  it('names every skipped file with its reason in the dataset report; imported annotation files are not skipped', async () => {
    const r = await runtime.service.handlers.getDatasetReport({ datasetId });
    const byName = new Map(r.skipped.files.map((f) => [path.basename(f.file), f]));
    expect(byName.get('notes.txt')?.reason).toBe('not-image');
    expect(byName.get('orphan.raw')?.reason).toBe('not-image');
    expect(byName.get('broken.dcm')?.reason).toBe('unreadable');
    expect(byName.has('annotations.csv')).toBe(false);
    expect(r.filesSkipped).toBe(3);
    expect(r.skipped.byReason).toEqual([
      { reason: 'not-image', count: 2 },
      { reason: 'unreadable', count: 1 },
    ]);
    expect(r.skipped.truncated).toBe(false);
    expect(r.filesIndexed).toBe(23 + 1); // the slices and annotations.csv
  });
});
