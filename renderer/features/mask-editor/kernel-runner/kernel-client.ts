/**
 * Runs a mask kernel without freezing the reading room: on a whole 512×512×300 lung mask,
 * grow and shrink take seconds and smoothing over ten, far past a frame.
 *
 * The worker gets its own copy of the labels (copied here, then transferred), so the page's
 * labelmap stays usable and unchanged while the kernel runs, and the edit comes back in
 * transferred buffers. Each call has a worker to itself; one idle worker is kept for the next
 * call (a module worker takes tens of ms to start). Aborting terminates that call's worker,
 * since a running kernel cannot be interrupted any other way; the next call starts a fresh one.
 *
 * Inline instead of a worker when:
 * - there is no way to start one (`Worker` missing: Vitest on Node): same dispatcher, same answer;
 * - the grid has at most INLINE_MAX_VOXELS voxels (a nodule's box). Measured on Node with a
 *   ball filling a quarter of the box: at 64³ = 262,144 voxels every kernel takes ≤ 12 ms
 *   (within a 16 ms frame), while a worker round trip costs a copy plus a message each way,
 *   and the first one tens of ms to load the worker. At 128³ smoothing already takes ~40 ms.
 *
 * No DOM here: the worker is reached through the KernelWorker port (kernel-protocol.ts).
 */
import type { LabelGrid, VoxelEdit } from '../model/voxel-edit';
import { KernelAbortedError, KernelFailedError } from './kernel-errors';
import type { KernelCall, KernelReply, KernelWorker } from './kernel-protocol';
import type { KernelRequest } from './kernel-request';
import { runKernel } from './run-kernel';

/** Grids up to this many voxels run on the calling thread (see above). */
export const INLINE_MAX_VOXELS = 64 * 64 * 64;

/** Where a call runs; 'auto' follows INLINE_MAX_VOXELS and whether a worker can start. */
export type KernelPlacement = 'auto' | 'worker' | 'inline';

/**
 * Coarse progress: the kernels themselves do not report fractions. 'copying': the labels are
 * being copied for the worker; 'running': the kernel has its grid and is computing.
 */
export interface KernelProgress {
  readonly phase: 'copying' | 'running';
  readonly where: 'worker' | 'inline';
}

export interface KernelRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: KernelProgress) => void;
  /** Default 'auto'. 'worker' where no worker can start runs inline. */
  readonly placement?: KernelPlacement;
}

export interface KernelClient {
  /**
   * Runs `request` on `grid` off the main thread (or inline, see above) and resolves with the
   * edit. Never writes `grid.labels`. Rejects with KernelAbortedError when `signal` aborts
   * (before the start, or while the worker runs) and KernelFailedError when the kernel throws
   * (bad parameters) or the worker fails to load or dies.
   */
  run(grid: LabelGrid, request: KernelRequest, options?: KernelRunOptions): Promise<VoxelEdit>;
  /** Terminates the idle worker kept for the next call (a busy one ends with its call). */
  dispose(): void;
}

/** A client starting workers with `spawn`; null runs everything inline. */
export function createKernelClient(spawn: (() => KernelWorker) | null): KernelClient {
  let idle: KernelWorker | null = null;
  let nextId = 1;

  const takeWorker = (spawnWorker: () => KernelWorker): KernelWorker => {
    const worker = idle ?? spawnWorker();
    idle = null;
    return worker;
  };
  const giveBack = (worker: KernelWorker): void => {
    worker.listen(null, null);
    if (idle === null) idle = worker;
    else worker.terminate();
  };

  const inWorker = (spawnWorker: () => KernelWorker, grid: LabelGrid, request: KernelRequest, options: KernelRunOptions): Promise<VoxelEdit> => {
    const { signal, onProgress } = options;
    return new Promise<VoxelEdit>((resolve, reject) => {
      const id = nextId++;
      let worker: KernelWorker;
      try {
        worker = takeWorker(spawnWorker);
      } catch (e) {
        reject(asFailure(request, e, 'WorkerError'));
        return;
      }
      const settle = (finish: () => void, keepWorker: boolean): void => {
        signal?.removeEventListener('abort', onAbort);
        if (keepWorker) giveBack(worker);
        else worker.terminate();
        finish();
      };
      const onReply = (reply: KernelReply): void => {
        if (reply.id !== id) return;
        if (reply.type === 'started') onProgress?.({ phase: 'running', where: 'worker' });
        else if (reply.type === 'done') settle(() => resolve(reply.edit), true);
        else settle(() => reject(new KernelFailedError(request.kernel, reply.errorName, reply.message)), true);
      };
      const onFailure = (message: string): void => settle(() => reject(new KernelFailedError(request.kernel, 'WorkerError', message)), false);
      const onAbort = (): void => settle(() => reject(new KernelAbortedError(request.kernel, signal?.reason)), false);
      worker.listen(onReply, onFailure);
      signal?.addEventListener('abort', onAbort, { once: true });
      const labels = grid.labels.slice();
      const call: KernelCall = { id, dims: grid.dims, spacing: grid.spacing, labels, request };
      worker.post(call, [labels.buffer]);
    });
  };

  return {
    async run(grid, request, options = {}) {
      const { signal, onProgress } = options;
      if (signal?.aborted) throw new KernelAbortedError(request.kernel, signal.reason);
      const placement = options.placement ?? 'auto';
      const toWorker = spawn !== null && placement !== 'inline' && (placement === 'worker' || grid.labels.length > INLINE_MAX_VOXELS);
      if (toWorker) {
        onProgress?.({ phase: 'copying', where: 'worker' });
        // onProgress may have aborted.
        if (signal?.aborted) throw new KernelAbortedError(request.kernel, signal.reason);
        return inWorker(spawn, grid, request, options);
      }
      // Let the caller's own continuation (a spinner, a status line) run before the kernel.
      await Promise.resolve();
      if (signal?.aborted) throw new KernelAbortedError(request.kernel, signal.reason);
      onProgress?.({ phase: 'running', where: 'inline' });
      try {
        return runKernel(grid, request);
      } catch (e) {
        throw asFailure(request, e);
      }
    },
    dispose() {
      idle?.terminate();
      idle = null;
    },
  };
}

function asFailure(request: KernelRequest, e: unknown, reason?: string): KernelFailedError {
  const error = e instanceof Error ? e : new Error(String(e));
  return new KernelFailedError(request.kernel, reason ?? error.name, error.message);
}
