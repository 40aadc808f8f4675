import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanListItem } from '../../../electron/common';
import { releaseAnswer } from '../../../electron/app/memory-budget';
import { createRuntime } from '../../../electron/app/runtime';
import { VolumeLoader, type VolumeSlices } from '../../../electron/app/volume-loader';
import { getScan, getScanFiles, openDatabase, type LungDeskDb } from '../../../electron/db';
import { compactViews } from '../../../electron/common/wire';
import { makePhantomFixture } from '../../phantom/make-phantom-fixture';
import { SHARED_DATA } from '../../helpers/shared-data';

// Progressive loading as the viewer uses it: the current slice first, straight from its
// file, then the rest from one worker load, through the real service, runner and SQLite.
describe('volume loading for the viewer', () => {
  let root: string;
  let runtime: ReturnType<typeof createRuntime>;
  let dicom: ScanListItem;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-volume-loader-'));
    await makePhantomFixture(path.join(root, 'scans'), { dims: [64, 64, 24], spacing: [5, 5, 5], shuffleFileNames: true });
    runtime = createRuntime({ dataDir: path.join(root, 'data'), host: 'browser', version: '0.0.0-test' });
    // `done`: the rows are stored (after the job ends, off the host's event loop).
    await runtime.service.importDataset(path.join(root, 'scans')).done;
    dicom = (await runtime.service.handlers.listScans({})).find((s) => s.format === 'dicom')!;
  }, 60_000);

  afterAll(() => {
    runtime?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads a slice of an unloaded DICOM scan straight from its file, equal to the same slice of the loaded volume', async () => {
    const h = runtime.service.handlers;
    const direct = await h.getVolumeSlices({ scanId: dicom.id, start: 11, count: 1 });
    expect(direct.header.dims).toEqual([64, 64, 24]);
    expect(direct.voxels.byteLength).toBe(64 * 64 * 2);
    const whole = await h.getVolume({ scanId: dicom.id });
    const sliceBytes = 64 * 64 * 2;
    expect(Buffer.from(direct.voxels).equals(Buffer.from(whole.voxels.subarray(11 * sliceBytes, 12 * sliceBytes)))).toBe(true);
    // The direct header carries the index's geometry: the loaded volume's must agree.
    expect(whole.header.spacing).toEqual(direct.header.spacing);
    expect(whole.header.origin).toEqual(direct.header.origin);
    expect(whole.header.direction).toEqual(direct.header.direction);
  });

  it('streams slabs of an unloaded DICOM scan from their files without a worker, equal to the loaded volume', async () => {
    const h = runtime.service.handlers;
    const scans = await h.listScans({});
    // A second service on the same scans, where nothing has been loaded yet.
    const fresh = createRuntime({ dataDir: path.join(root, 'data-2'), host: 'browser', version: '0.0.0-test' });
    try {
      const f = fresh.service.handlers;
      await fresh.service.importDataset(path.join(root, 'scans')).done;
      const scan = (await f.listScans({})).find((s) => s.format === 'dicom')!;
      const slab = await f.getVolumeSlices({ scanId: scan.id, start: 4, count: 16 });
      expect((await f.listJobs({})).filter((j) => j.type === 'loadVolume')).toEqual([]);
      const whole = await h.getVolume({ scanId: scans.find((s) => s.format === 'dicom')!.id });
      const sliceBytes = 64 * 64 * 2;
      expect(Buffer.from(slab.voxels).equals(Buffer.from(whole.voxels.subarray(4 * sliceBytes, 20 * sliceBytes)))).toBe(true);
    } finally {
      fresh.close();
    }
  });

  it('serves slabs of a loaded volume as views of it (no copy per viewer), and Electron IPC sends just those slices', async () => {
    const h = runtime.service.handlers;
    const whole = await h.getVolume({ scanId: dicom.id });
    const slab = await h.getVolumeSlices({ scanId: dicom.id, start: 16, count: 8 });
    expect(slab.start).toBe(16);
    expect(slab.voxels.byteLength).toBe(8 * 64 * 64 * 2);
    expect(slab.voxels.buffer).toBe(whole.voxels.buffer);
    const sent = compactViews(slab);
    expect(sent.voxels.buffer.byteLength).toBe(slab.voxels.byteLength);
    expect(Buffer.from(sent.voxels).equals(Buffer.from(slab.voxels))).toBe(true);
  });

  it('refuses slices beyond the last with contract.bad-input', async () => {
    await expect(runtime.service.handlers.getVolumeSlices({ scanId: dicom.id, start: 20, count: 5 })).rejects.toMatchObject({ code: 'contract.bad-input' });
  });

  it('runs one worker load however many callers ask at once, and cancels it when the viewer gives up', async () => {
    const h = runtime.service.handlers;
    const metaimage = (await h.listScans({})).find((s) => s.format === 'metaimage')!;
    const before = new Set((await h.listJobs({})).filter((j) => j.type === 'loadVolume').map((j) => j.id));
    const asks = [h.getVolumeSlices({ scanId: metaimage.id, start: 0, count: 8 }), h.getVolumeSlices({ scanId: metaimage.id, start: 8, count: 8 })];
    const cancelled = await h.cancelVolumeLoad({ scanId: metaimage.id });
    expect(cancelled.cancelled).toBe(true);
    const results = await Promise.allSettled(asks);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const fresh = (await h.listJobs({})).filter((j) => j.type === 'loadVolume' && !before.has(j.id));
    expect(fresh.map((j) => j.status)).toEqual(['cancelled']);
    // Nothing is running any more: a second cancel says so, and a new ask loads again.
    expect((await h.cancelVolumeLoad({ scanId: metaimage.id })).cancelled).toBe(false);
    const again = await h.getVolumeSlices({ scanId: metaimage.id, start: 0, count: 2 });
    expect(again.voxels.byteLength).toBe(2 * 64 * 64 * 2);
  });

  describe('streaming slabs', () => {
    const SLICE_BYTES = 64 * 64 * 2;
    let db: LungDeskDb;
    let whole: Uint8Array;
    /** A loader of its own, on the service's index and workers: its budget is this test's alone, nothing cached. */
    const freshLoader = (): VolumeLoader =>
      new VolumeLoader(runtime.runner, (id) => getScan(db, id)!, (s) => (s.format === 'dicom' ? getScanFiles(db, s.id) : [s.path]), (s) => s.patientId, 64 * 1024 * 1024);

    beforeAll(async () => {
      db = openDatabase(path.join(root, 'data', 'lungdesk.sqlite'));
      whole = (await runtime.service.handlers.getVolume({ scanId: dicom.id })).voxels;
    });
    afterAll(() => db?.close());

    /** An emit as a transport's: the slab is sent (kept here), then its budget lease ends. */
    function recorder(onEmit: (slab: VolumeSlices, i: number) => boolean = () => true) {
      const sent: VolumeSlices[] = [];
      const emit = async (slab: VolumeSlices): Promise<boolean> => {
        sent.push({ ...slab, voxels: slab.voxels.slice() });
        const more = onEmit(slab, sent.length - 1);
        releaseAnswer(slab);
        return more;
      };
      return { sent, emit };
    }

    it('emits the slabs in the order asked, each with the bytes of those slices of the volume', async () => {
      const loader = freshLoader();
      const slabs = [{ start: 16, count: 4 }, { start: 0, count: 8 }, { start: 8, count: 1 }, { start: 20, count: 4 }, { start: 8, count: 1 }];
      const { sent, emit } = recorder();
      await loader.stream(dicom.id, slabs, emit);
      expect(sent.map((s) => [s.start, s.count])).toEqual(slabs.map((s) => [s.start, s.count]));
      for (const s of sent) {
        expect(s.header.dims).toEqual([64, 64, 24]);
        expect(Buffer.from(s.voxels).equals(Buffer.from(whole.subarray(s.start * SLICE_BYTES, (s.start + s.count) * SLICE_BYTES))), `slab ${s.start}`).toBe(true);
      }
    });

    it('reuses its two slab buffers only once a slab is sent: a slow receiver that copies late still gets every slab right', async () => {
      const late: { start: number; bytes: Buffer }[] = [];
      const emit = async (slab: VolumeSlices): Promise<boolean> => {
        // The next slab is being read meanwhile; this one's bytes must hold still.
        await new Promise((r) => setTimeout(r, 5));
        late.push({ start: slab.start, bytes: Buffer.from(slab.voxels) });
        releaseAnswer(slab);
        return true;
      };
      const slabs = Array.from({ length: 12 }, (_, i) => ({ start: (i * 2) % 24, count: 2 }));
      await freshLoader().stream(dicom.id, slabs, emit);
      expect(late.map((s) => s.start)).toEqual(slabs.map((s) => s.start));
      for (const s of late) expect(s.bytes.equals(Buffer.from(whole.subarray(s.start * SLICE_BYTES, (s.start + 2) * SLICE_BYTES))), `slab ${s.start}`).toBe(true);
    });

    it('refuses slabs beyond the scan with contract.bad-input before sending any', async () => {
      const { sent, emit } = recorder();
      await expect(freshLoader().stream(dicom.id, [{ start: 0, count: 4 }, { start: 22, count: 4 }], emit)).rejects.toMatchObject({ code: 'contract.bad-input', message: expect.stringContaining('22..25') as unknown });
      expect(sent).toEqual([]);
    });

    it('stops after the slab being sent when the scan is cancelled during the stream, and cancel says it stopped one', async () => {
      const loader = freshLoader();
      const cancels: boolean[] = [];
      const { sent, emit } = recorder((_slab, i) => {
        if (i === 1) cancels.push(loader.cancel(dicom.id));
        return true;
      });
      await loader.stream(dicom.id, Array.from({ length: 6 }, (_, i) => ({ start: i * 4, count: 4 })), emit);
      expect(cancels).toEqual([true]);
      expect(sent.map((s) => s.start)).toEqual([0, 4]);
      // Nothing runs any more: a second cancel says so.
      expect(loader.cancel(dicom.id)).toBe(false);
      await expect.poll(() => loader.budget.usedBytes).toBe(0);
    });

    it("gives the memory budget back after a stream that completes and after one stopped early (the slab read ahead included)", async () => {
      const loader = freshLoader();
      const before = loader.budget.usedBytes;
      let peak = 0;
      const slabs = Array.from({ length: 6 }, (_, i) => ({ start: i * 4, count: 4 }));
      const done = recorder(() => ((peak = Math.max(peak, loader.budget.usedBytes)), true));
      await loader.stream(dicom.id, slabs, done.emit);
      expect(done.sent).toHaveLength(6);
      // Slabs read from their files do count while they are sent.
      expect(peak).toBeGreaterThanOrEqual(4 * SLICE_BYTES);
      await expect.poll(() => loader.budget.usedBytes).toBe(before);

      // The receiver goes away at the second slab, while the third is being read.
      const stopped = recorder((_slab, i) => i < 1);
      await loader.stream(dicom.id, slabs, stopped.emit);
      expect(stopped.sent.map((s) => s.start)).toEqual([0, 4]);
      await expect.poll(() => loader.budget.usedBytes).toBe(before);
    });
  });

  it.skipIf(!fs.existsSync(SHARED_DATA))(
    "gives every DICOM scan of ../shared (compressed ones included) the index's geometry and the same voxels slice by slice, slab by slab and whole",
    async () => {
      const h = runtime.service.handlers;
      const { datasetId, done } = runtime.service.importDataset(SHARED_DATA);
      await done;
      const scans = (await h.listScans({ datasetId })).filter((s) => s.format === 'dicom');
      expect(scans.length).toBeGreaterThan(0);
      for (const s of scans) {
        const k = Math.floor(s.dims[2] / 2);
        const first = await h.getVolumeSlices({ scanId: s.id, start: k, count: 1 });
        // A slab: straight from the files when uncompressed, from the worker's load when not.
        const n = Math.min(16, s.dims[2]);
        const slab = await h.getVolumeSlices({ scanId: s.id, start: 0, count: n });
        const whole = await h.getVolume({ scanId: s.id });
        const sliceBytes = s.dims[0] * s.dims[1] * 2;
        expect(Buffer.from(slab.voxels).equals(Buffer.from(whole.voxels.subarray(0, n * sliceBytes))), s.path).toBe(true);
        expect(whole.header.dims, s.path).toEqual(s.dims);
        for (let i = 0; i < 3; i++) {
          expect(Math.abs(whole.header.spacing[i]! - s.spacing[i]!), s.path).toBeLessThan(1e-4);
          expect(Math.abs(whole.header.origin[i]! - s.origin[i]!), s.path).toBeLessThan(1e-3);
        }
        for (let i = 0; i < 9; i++) expect(Math.abs(whole.header.direction[i]! - s.direction[i]!), s.path).toBeLessThan(1e-6);
        expect(Buffer.from(first.voxels).equals(Buffer.from(whole.voxels.subarray(k * sliceBytes, (k + 1) * sliceBytes))), s.path).toBe(true);
      }
    },
    240_000,
  );
});
