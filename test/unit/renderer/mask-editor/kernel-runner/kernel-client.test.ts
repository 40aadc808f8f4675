import { describe, expect, it } from 'vitest';
import { createKernelClient, INLINE_MAX_VOXELS, type KernelProgress } from '../../../../../renderer/features/mask-editor/kernel-runner/kernel-client';
import { KernelAbortedError, KernelFailedError, isKernelAborted } from '../../../../../renderer/features/mask-editor/kernel-runner/kernel-errors';
import {
  answerKernelCall,
  transferableEdit,
  type KernelReply,
  type KernelWorker,
} from '../../../../../renderer/features/mask-editor/kernel-runner/kernel-protocol';
import type { KernelRequest } from '../../../../../renderer/features/mask-editor/kernel-runner/kernel-request';
import { runKernel } from '../../../../../renderer/features/mask-editor/kernel-runner/run-kernel';
import type { VoxelEdit } from '../../../../../renderer/features/mask-editor/model/voxel-edit';
import { emptyGrid, paintBlobs } from '../../../../helpers/label-grids';

// Node has no Web Worker, so the worker side runs in-process behind the client's port: each
// message goes through structuredClone with its transfer list (detaching what was sent, as
// postMessage does) and is delivered on a later task; terminate drops everything pending.
// The browser's own Worker is left to the e2e once the editor is wired.
interface Spawned {
  terminated: boolean;
  calls: number;
}

function inProcessWorkers(opts: { failOnPost?: boolean } = {}): { spawn: () => KernelWorker; spawned: Spawned[] } {
  const spawned: Spawned[] = [];
  const spawn = (): KernelWorker => {
    const state: Spawned = { terminated: false, calls: 0 };
    spawned.push(state);
    let onReply: ((reply: KernelReply) => void) | null = null;
    let onFailure: ((message: string) => void) | null = null;
    const later = (f: () => void): void => {
      setTimeout(() => {
        if (!state.terminated) f();
      }, 1);
    };
    return {
      post(call, transfer) {
        const received = structuredClone(call, { transfer });
        state.calls++;
        if (opts.failOnPost) {
          later(() => onFailure?.('worker script failed to load'));
          return;
        }
        later(() =>
          answerKernelCall(
            received,
            (message, t) => {
              const sent = structuredClone(message, { transfer: t });
              later(() => onReply?.(sent));
            },
            ({ dims, spacing, labels, request }) => runKernel({ dims, spacing, labels }, request),
          ),
        );
      },
      terminate() {
        state.terminated = true;
      },
      listen(reply, failure) {
        onReply = reply;
        onFailure = failure;
      },
    };
  };
  return { spawn, spawned };
}

function plain(edit: VoxelEdit): { label: number; add: number[]; remove: number[] } {
  return { label: edit.label, add: Array.from(edit.add), remove: Array.from(edit.remove) };
}

// Bigger than INLINE_MAX_VOXELS, so 'auto' sends it to a worker.
const grid = emptyGrid([80, 72, 50], [0.7, 0.7, 1.25]);
paintBlobs(grid, 1, 3, 8, 9, 20);
const small = emptyGrid([20, 20, 10], [1, 1, 2]);
paintBlobs(small, 2, 5, 3, 4, 4);
const removeSmall: KernelRequest = { kernel: 'remove-small', label: 1, minVolumeMm3: 5 };

describe('kernel client with workers', () => {
  it('resolves with the edit runKernel answers, leaving the caller\'s labels attached and unchanged', async () => {
    const { spawn, spawned } = inProcessWorkers();
    const client = createKernelClient(spawn);
    const before = grid.labels.slice();
    const seen: KernelProgress[] = [];
    const edit = await client.run(grid, removeSmall, { onProgress: (p) => seen.push(p) });
    expect(grid.labels.length).toBeGreaterThan(INLINE_MAX_VOXELS);
    expect(plain(edit)).toEqual(plain(runKernel(grid, removeSmall)));
    expect(edit.remove.length).toBeGreaterThan(0);
    expect(grid.labels.byteLength).toBe(before.byteLength);
    expect(grid.labels).toEqual(before);
    expect(seen).toEqual([
      { phase: 'copying', where: 'worker' },
      { phase: 'running', where: 'worker' },
    ]);
    expect(spawned).toHaveLength(1);
  });

  it('keeps one idle worker for the next call, and gives concurrent calls a worker each', async () => {
    const { spawn, spawned } = inProcessWorkers();
    const client = createKernelClient(spawn);
    await client.run(grid, { kernel: 'keep-largest', label: 1 });
    await client.run(grid, { kernel: 'grow', label: 1, marginMm: 1 });
    expect(spawned.map((s) => s.calls)).toEqual([2]);
    const both = await Promise.all([client.run(grid, { kernel: 'keep-largest', label: 1 }), client.run(grid, removeSmall)]);
    expect(plain(both[1])).toEqual(plain(runKernel(grid, removeSmall)));
    expect(spawned).toHaveLength(2);
    // Only one is kept idle; the other ended with its call.
    expect(spawned.filter((s) => s.terminated)).toHaveLength(1);
    client.dispose();
    expect(spawned.every((s) => s.terminated)).toBe(true);
  });

  it('rejects with an AbortError-named KernelAbortedError when aborted mid-run, terminates that worker and starts a fresh one next time', async () => {
    const { spawn, spawned } = inProcessWorkers();
    const client = createKernelClient(spawn);
    const controller = new AbortController();
    const run = client.run(grid, { kernel: 'smooth', label: 1, radiusMm: 2 }, { signal: controller.signal, onProgress: (p) => p.phase === 'running' && controller.abort('Escape') });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelAbortedError);
    expect(isKernelAborted(error)).toBe(true);
    expect((error as Error).name).toBe('AbortError');
    expect((error as KernelAbortedError).kernel).toBe('smooth');
    expect((error as Error).cause).toBe('Escape');
    expect(spawned[0]!.terminated).toBe(true);
    const edit = await client.run(grid, removeSmall);
    expect(plain(edit)).toEqual(plain(runKernel(grid, removeSmall)));
    expect(spawned).toHaveLength(2);
  });

  it('rejects a signal that has already aborted without copying or starting anything', async () => {
    const { spawn, spawned } = inProcessWorkers();
    const seen: KernelProgress[] = [];
    const controller = new AbortController();
    controller.abort();
    await expect(createKernelClient(spawn).run(grid, removeSmall, { signal: controller.signal, onProgress: (p) => seen.push(p) })).rejects.toBeInstanceOf(KernelAbortedError);
    expect(seen).toEqual([]);
    expect(spawned).toHaveLength(0);
  });

  it("rejects with KernelFailedError carrying the kernel's RangeError, and keeps the worker", async () => {
    const { spawn, spawned } = inProcessWorkers();
    const client = createKernelClient(spawn);
    const error = await client.run(grid, { kernel: 'shrink', label: 1, marginMm: -2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelFailedError);
    expect((error as KernelFailedError).reason).toBe('RangeError');
    expect((error as Error).message).toMatch(/^mask kernel shrink failed: margin must be/);
    expect(spawned[0]!.terminated).toBe(false);
  });

  it("rejects with a 'WorkerError' KernelFailedError when the worker fails to load, or cannot be started", async () => {
    const failing = inProcessWorkers({ failOnPost: true });
    const error = await createKernelClient(failing.spawn).run(grid, removeSmall).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelFailedError);
    expect((error as KernelFailedError).reason).toBe('WorkerError');
    expect((error as Error).message).toMatch(/worker script failed to load/);
    expect(failing.spawned[0]!.terminated).toBe(true);
    const unstartable = createKernelClient(() => {
      throw new Error('Worker is disabled');
    });
    await expect(unstartable.run(grid, removeSmall)).rejects.toMatchObject({ name: 'KernelFailedError', reason: 'WorkerError' });
  });

  it('runs a grid of at most INLINE_MAX_VOXELS inline unless told otherwise', async () => {
    const { spawn, spawned } = inProcessWorkers();
    const client = createKernelClient(spawn);
    const seen: KernelProgress[] = [];
    const req: KernelRequest = { kernel: 'grow', label: 2, marginMm: 2 };
    expect(plain(await client.run(small, req, { onProgress: (p) => seen.push(p) }))).toEqual(plain(runKernel(small, req)));
    expect(seen).toEqual([{ phase: 'running', where: 'inline' }]);
    expect(spawned).toHaveLength(0);
    await client.run(small, req, { placement: 'worker' });
    expect(spawned).toHaveLength(1);
    await client.run(grid, removeSmall, { placement: 'inline' });
    expect(spawned[0]!.calls).toBe(1);
  });
});

describe('kernel client without workers (Node, no Worker)', () => {
  const client = createKernelClient(null);

  it('answers inline what runKernel answers, even for a grid above the inline limit', async () => {
    const seen: KernelProgress[] = [];
    const before = grid.labels.slice();
    expect(plain(await client.run(grid, removeSmall, { onProgress: (p) => seen.push(p) }))).toEqual(plain(runKernel(grid, removeSmall)));
    expect(seen).toEqual([{ phase: 'running', where: 'inline' }]);
    expect(grid.labels).toEqual(before);
  });

  it('rejects an abort that lands between the call and the start of the inline run', async () => {
    const controller = new AbortController();
    const run = client.run(grid, { kernel: 'grow', label: 1, marginMm: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(KernelAbortedError);
  });

  it('rejects bad parameters with KernelFailedError naming the kernel and its error', async () => {
    await expect(client.run(grid, { kernel: 'keep-at', label: 1, at: [0, 0, 999] })).rejects.toMatchObject({ name: 'KernelFailedError', kernel: 'keep-at', reason: 'RangeError' });
  });
});

describe('transferableEdit', () => {
  it('cuts an index list that views a larger buffer to size, and keeps a tight one as it is', () => {
    const slack = new Uint32Array(16);
    slack.set([3, 5, 8]);
    const remove = Uint32Array.from([1, 2]);
    const { edit, transfer } = transferableEdit({ label: 2, add: slack.subarray(0, 3), remove });
    expect(Array.from(edit.add)).toEqual([3, 5, 8]);
    expect(edit.add.buffer.byteLength).toBe(12);
    expect(edit.remove).toBe(remove);
    expect(transfer).toEqual([edit.add.buffer, remove.buffer]);
  });

  it('lists a buffer shared by both lists once', () => {
    const empty = new Uint32Array(0);
    expect(transferableEdit({ label: 1, add: empty, remove: empty }).transfer).toHaveLength(1);
  });
});
